package io.edgeworks.admin.web;

import io.edgeworks.admin.client.ApiException;
import io.edgeworks.admin.client.PlatformApi;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;

import java.util.Map;

/** Accounts: list, create, switch. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class AccountPages {
    private final PlatformApi api;
    private final Portal portal;
    private final Template accounts;

    @Inject
    public AccountPages(PlatformApi api, Portal portal, Template accounts) {
        this.api = api;
        this.portal = portal;
        this.accounts = accounts;
    }

    @GET
    public Response home() {
        return Response.seeOther(java.net.URI.create("/accounts")).build();
    }

    @GET
    @Path("accounts")
    public TemplateInstance list(@QueryParam("notice") String notice) {
        return page(Form.NONE, notice);
    }

    @POST
    @Path("accounts")
    public Response create(@RestForm String slug, @RestForm String name) {
        String s = trim(slug);
        try {
            api.createAccount(s, blankToNull(name));
            return Portal.seeOther("/accounts/" + Portal.enc(s), "Account " + s + " created. You are its owner.");
        } catch (ApiException e) {
            Form form = Form.failed("create-account", Map.of("slug", s, "name", trim(name)), e);
            return Portal.refused(page(form, null), form);
        }
    }

    /** The account switcher in the page header. */
    @GET
    @Path("switch")
    public Response switchTo(@QueryParam("account") String account) {
        if (account == null || account.isBlank()) {
            return Response.seeOther(java.net.URI.create("/accounts")).build();
        }
        return Response.seeOther(java.net.URI.create("/accounts/" + Portal.enc(account))).build();
    }

    private TemplateInstance page(Form form, String notice) {
        return portal.page(accounts.data("accounts", api.accounts()).data("form", form), null, "accounts", notice);
    }

    static String trim(String value) {
        return value == null ? "" : value.trim();
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
