package io.edgeworks.admin.web;

import io.edgeworks.admin.client.ApiException;
import io.edgeworks.admin.client.PlatformApi;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;

import java.util.Map;

import static io.edgeworks.admin.web.AccountPages.trim;
import static io.edgeworks.admin.web.Portal.enc;

/** Domains an account claims or holds (with what to publish to verify them) and the custom routes on them. */
@Path("/accounts/{account}/routes")
@Produces(MediaType.TEXT_HTML)
public class RoutePages {
    private final PlatformApi api;
    private final Portal portal;
    private final Template routes;

    @Inject
    public RoutePages(PlatformApi api, Portal portal, Template routes) {
        this.api = api;
        this.portal = portal;
        this.routes = routes;
    }

    @GET
    public TemplateInstance list(@PathParam("account") String a, @QueryParam("notice") String notice) {
        return page(a, Form.NONE, notice);
    }

    @POST
    @Path("domains")
    public Response addDomain(@PathParam("account") String a, @RestForm String name) {
        String n = trim(name).toLowerCase(java.util.Locale.ROOT);
        try {
            api.createDomain(a, n);
            return Portal.seeOther(self(a), "Domain " + n + " claimed: publish its TXT record or HTTP token, then verify it.");
        } catch (ApiException e) {
            Form form = Form.failed("domain", Map.of("name", n), e);
            return Portal.refused(page(a, form, null), form);
        }
    }

    @POST
    @Path("domains/{name}/verify")
    public Response verifyDomain(@PathParam("account") String a, @PathParam("name") String name) {
        try {
            api.verifyDomain(a, name);
            return Portal.seeOther(self(a), "Domain " + name + " is verified: its routes are served.");
        } catch (ApiException e) {
            Form form = Form.failed("domain", Map.of(), e);
            return Portal.refused(page(a, form, null), form);
        }
    }

    @POST
    @Path("domains/{name}/https-redirect")
    public Response httpsRedirect(@PathParam("account") String a, @PathParam("name") String name, @RestForm String on) {
        boolean redirect = "true".equals(on);
        try {
            api.setHttpsRedirect(a, name, redirect);
            return Portal.seeOther(self(a), redirect
                    ? "Plain HTTP to " + name + " is now redirected to HTTPS (while its certificate is valid)."
                    : "Plain HTTP to " + name + " is served as it is.");
        } catch (ApiException e) {
            Form form = Form.failed("domain", Map.of(), e);
            return Portal.refused(page(a, form, null), form);
        }
    }

    @POST
    @Path("domains/{name}/delete")
    public Response removeDomain(@PathParam("account") String a, @PathParam("name") String name) {
        try {
            api.deleteDomain(a, name);
            return Portal.seeOther(self(a), "Domain " + name + " removed.");
        } catch (ApiException e) {
            Form form = Form.failed("domain", Map.of(), e);
            return Portal.refused(page(a, form, null), form);
        }
    }

    @POST
    public Response addRoute(@PathParam("account") String a, @RestForm String pattern, @RestForm String service,
            @RestForm String environment) {
        String p = trim(pattern);
        String s = trim(service);
        String e = trim(environment).isEmpty() ? "production" : trim(environment);
        try {
            api.createRoute(a, p, s, e);
            return Portal.seeOther(self(a), "Route " + p + " now goes to " + s + " / " + e + ".");
        } catch (ApiException problem) {
            Form form = Form.failed("route", Map.of("pattern", p, "service", s, "environment", e), problem);
            return Portal.refused(page(a, form, null), form);
        }
    }

    @POST
    @Path("{id}/delete")
    public Response removeRoute(@PathParam("account") String a, @PathParam("id") String id) {
        try {
            api.deleteRoute(a, id);
            return Portal.seeOther(self(a), "Route removed.");
        } catch (ApiException e) {
            Form form = Form.failed("route", Map.of(), e);
            return Portal.refused(page(a, form, null), form);
        }
    }

    private static String self(String a) {
        return "/accounts/" + enc(a) + "/routes";
    }

    private TemplateInstance page(String a, Form form, String notice) {
        return portal.page(routes.data("account", a).data("domains", api.domains(a)).data("routes", api.routes(a))
                .data("services", api.services(a)).data("form", form), a, "routes", notice);
    }
}
