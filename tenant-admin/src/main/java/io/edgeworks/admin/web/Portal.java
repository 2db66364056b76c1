package io.edgeworks.admin.web;

import io.edgeworks.admin.client.ApiModel.Me;
import io.edgeworks.admin.client.PlatformApi;
import io.edgeworks.admin.config.AdminConfig;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import java.net.URI;

/** Per-request view of the signed-in person (GET /api/me, once) and helpers every page uses. */
@RequestScoped
public class Portal {
    private final PlatformApi api;
    private final AdminConfig config;
    private Me me;

    @Inject
    public Portal(PlatformApi api, AdminConfig config) {
        this.api = api;
        this.config = config;
    }

    public Me me() {
        if (me == null) {
            me = api.me();
        }
        return me;
    }

    public Access access(String account) {
        return new Access(me().roleIn(account).orElse(null));
    }

    /** A page in the frame, with the navigation for {@code account} (null outside any account). */
    public TemplateInstance page(TemplateInstance template, String account, String section, String notice) {
        Access access = account == null ? new Access(null) : access(account);
        return template.data("nav", new Nav(me().username(), me().accounts(), account, access, section, notice))
                .data("access", access)
                .data("edge", new EdgeLinks(config.edgeLink()));
    }

    /** Post/redirect/get: after a change, show the page again with a notice. */
    public static Response seeOther(String path, String notice) {
        String target = path;
        if (notice != null) {
            target += (path.contains("?") ? "&" : "?") + "notice="
                    + java.net.URLEncoder.encode(notice, java.nio.charset.StandardCharsets.UTF_8);
        }
        return Response.seeOther(URI.create(target)).build();
    }

    /** Re-renders a page after a refused change with the status that says why. */
    public static Response refused(TemplateInstance page, Form form) {
        return Response.status(form.status()).entity(page).type("text/html;charset=UTF-8").build();
    }

    public static String enc(String segment) {
        return java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Builds the edge link of a hostname from {@code admin.edge-link}. */
    @io.quarkus.qute.TemplateData
    public record EdgeLinks(String template) {
        public String of(String hostname) {
            return template.replace("{hostname}", hostname == null ? "" : hostname);
        }
    }
}
