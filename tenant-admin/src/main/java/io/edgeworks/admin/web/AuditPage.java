package io.edgeworks.admin.web;

import io.edgeworks.admin.client.ApiModel.AuditEntry;
import io.edgeworks.admin.client.PlatformApi;
import io.edgeworks.admin.config.AdminConfig;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** The account's audit log, newest first, a page at a time. */
@Path("/accounts/{account}/audit")
@Produces(MediaType.TEXT_HTML)
public class AuditPage {
    private final PlatformApi api;
    private final Portal portal;
    private final Template audit;
    private final AdminConfig config;

    @Inject
    public AuditPage(PlatformApi api, Portal portal, Template audit, AdminConfig config) {
        this.api = api;
        this.portal = portal;
        this.audit = audit;
        this.config = config;
    }

    @GET
    public TemplateInstance show(@PathParam("account") String a, @QueryParam("before") Long before) {
        List<AuditEntry> entries = api.audit(a, config.pageSize(), before);
        Long next = entries.size() == config.pageSize() ? entries.getLast().id() : null;
        return portal.page(audit.data("account", a).data("entries", entries).data("next", next), a, "audit", null);
    }
}
