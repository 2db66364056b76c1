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

import java.util.HashMap;
import java.util.Map;

import static io.edgeworks.admin.web.AccountPages.blankToNull;
import static io.edgeworks.admin.web.AccountPages.trim;
import static io.edgeworks.admin.web.Portal.enc;

/** An account's services (list, create, delete) and a service's environments (list, create). */
@Path("/accounts/{account}")
@Produces(MediaType.TEXT_HTML)
public class ServicePages {
    private final PlatformApi api;
    private final Portal portal;
    private final Template account;
    private final Template service;

    @Inject
    public ServicePages(PlatformApi api, Portal portal, Template account, Template service) {
        this.api = api;
        this.portal = portal;
        this.account = account;
        this.service = service;
    }

    @GET
    public TemplateInstance services(@PathParam("account") String a, @QueryParam("notice") String notice) {
        return servicesPage(a, Form.NONE, notice);
    }

    /** Owners only; the slug must be typed again, so that no account goes by a slip of the hand. */
    @POST
    @Path("delete")
    public Response deleteAccount(@PathParam("account") String a, @RestForm String confirm) {
        String typed = trim(confirm);
        try {
            if (!a.equals(typed)) {
                throw new ApiException(400, "Type the account's slug to confirm that it should be deleted.",
                        java.util.List.of(new ApiException.FieldError("confirm", "must be " + a)));
            }
            api.deleteAccount(a);
            return Portal.seeOther("/accounts", "Account " + a + " and everything in it was deleted.");
        } catch (ApiException e) {
            Form form = Form.failed("delete-account", Map.of("confirm", typed), e);
            return Portal.refused(servicesPage(a, form, null), form);
        }
    }

    @POST
    @Path("services")
    public Response create(@PathParam("account") String a, @RestForm String name) {
        String n = trim(name);
        try {
            api.createService(a, n);
            return Portal.seeOther("/accounts/" + enc(a) + "/services/" + enc(n),
                    "Service " + n + " created with its production environment.");
        } catch (ApiException e) {
            Form form = Form.failed("create-service", Map.of("name", n), e);
            return Portal.refused(servicesPage(a, form, null), form);
        }
    }

    @POST
    @Path("services/{service}/delete")
    public Response delete(@PathParam("account") String a, @PathParam("service") String s) {
        try {
            api.deleteService(a, s);
            return Portal.seeOther("/accounts/" + enc(a), "Service " + s + " deleted.");
        } catch (ApiException e) {
            if (e.status() == 404) {
                throw e;
            }
            Form form = Form.failed("delete-service", Map.of(), e);
            return Portal.refused(servicePage(a, s, form, null), form);
        }
    }

    @GET
    @Path("services/{service}")
    public TemplateInstance service(@PathParam("account") String a, @PathParam("service") String s,
            @QueryParam("notice") String notice) {
        return servicePage(a, s, Form.NONE, notice);
    }

    @POST
    @Path("services/{service}/environments")
    public Response createEnvironment(@PathParam("account") String a, @PathParam("service") String s,
            @RestForm String name, @RestForm("clone_from") String cloneFrom) {
        String n = trim(name);
        String from = blankToNull(cloneFrom);
        try {
            api.createEnvironment(a, s, n, from);
            return Portal.seeOther(EnvironmentPages.path(a, s, n), from == null
                    ? "Environment " + n + " created. Deploy code to it below."
                    : "Environment " + n + " created as a clone of " + from + " and deployed.");
        } catch (ApiException e) {
            Map<String, String> typed = new HashMap<>();
            typed.put("name", n);
            typed.put("clone_from", from == null ? "" : from);
            Form form = Form.failed("create-environment", typed, e);
            return Portal.refused(servicePage(a, s, form, null), form);
        }
    }

    private TemplateInstance servicesPage(String a, Form form, String notice) {
        return portal.page(account.data("account", a).data("services", api.services(a)).data("form", form),
                a, "services", notice);
    }

    private TemplateInstance servicePage(String a, String s, Form form, String notice) {
        return portal.page(service.data("account", a).data("service", api.service(a, s)).data("form", form),
                a, "services", notice);
    }
}
