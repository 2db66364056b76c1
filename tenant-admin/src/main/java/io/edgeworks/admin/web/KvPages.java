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

import static io.edgeworks.admin.web.AccountPages.trim;
import static io.edgeworks.admin.web.Portal.enc;

/** KV namespaces of an account and the values in one namespace. */
@Path("/accounts/{account}/kv")
@Produces(MediaType.TEXT_HTML)
public class KvPages {
    private final PlatformApi api;
    private final Portal portal;
    private final Template kv;
    private final Template kvNamespace;

    @Inject
    public KvPages(PlatformApi api, Portal portal, Template kv, @io.quarkus.qute.Location("kv-namespace.html") Template kvNamespace) {
        this.api = api;
        this.portal = portal;
        this.kv = kv;
        this.kvNamespace = kvNamespace;
    }

    @GET
    public TemplateInstance namespaces(@PathParam("account") String a, @QueryParam("notice") String notice) {
        return namespacesPage(a, Form.NONE, notice);
    }

    @POST
    public Response create(@PathParam("account") String a, @RestForm String name) {
        String n = trim(name);
        try {
            api.createNamespace(a, n);
            return Portal.seeOther("/accounts/" + enc(a) + "/kv/" + enc(n), "KV namespace " + n + " created.");
        } catch (ApiException e) {
            Form form = Form.failed("namespace", Map.of("name", n), e);
            return Portal.refused(namespacesPage(a, form, null), form);
        }
    }

    @POST
    @Path("{ns}/delete")
    public Response delete(@PathParam("account") String a, @PathParam("ns") String ns) {
        try {
            api.deleteNamespace(a, ns);
            return Portal.seeOther("/accounts/" + enc(a) + "/kv", "KV namespace " + ns + " deleted.");
        } catch (ApiException e) {
            Form form = Form.failed("namespace", Map.of(), e);
            return Portal.refused(namespacesPage(a, form, null), form);
        }
    }

    @GET
    @Path("{ns}")
    public TemplateInstance values(@PathParam("account") String a, @PathParam("ns") String ns,
            @QueryParam("prefix") String prefix, @QueryParam("key") String key, @QueryParam("notice") String notice) {
        Map<String, String> shown = new HashMap<>();
        if (key != null && !key.isBlank()) {
            shown.put("key", key);
            shown.put("value", api.kvGet(a, ns, key).orElse(""));
        }
        return valuesPage(a, ns, prefix, new Form("value", shown, null), notice);
    }

    @POST
    @Path("{ns}/values")
    public Response put(@PathParam("account") String a, @PathParam("ns") String ns, @RestForm String key,
            @RestForm String value) {
        String k = trim(key);
        String v = value == null ? "" : value;
        try {
            if (k.isEmpty()) {
                throw new ApiException(400, "Enter a key for the value.",
                        java.util.List.of(new ApiException.FieldError("key", "must not be empty")));
            }
            api.kvPut(a, ns, k, v);
            return Portal.seeOther("/accounts/" + enc(a) + "/kv/" + enc(ns) + "?key=" + enc(k), "Saved " + k + ".");
        } catch (ApiException e) {
            Form form = Form.failed("value", Map.of("key", k, "value", v), e);
            return Portal.refused(valuesPage(a, ns, null, form, null), form);
        }
    }

    @POST
    @Path("{ns}/values/delete")
    public Response deleteValue(@PathParam("account") String a, @PathParam("ns") String ns, @RestForm String key) {
        try {
            api.kvDelete(a, ns, key);
            return Portal.seeOther("/accounts/" + enc(a) + "/kv/" + enc(ns), "Deleted " + key + ".");
        } catch (ApiException e) {
            Form form = Form.failed("value", Map.of("key", key == null ? "" : key), e);
            return Portal.refused(valuesPage(a, ns, null, form, null), form);
        }
    }

    private TemplateInstance namespacesPage(String a, Form form, String notice) {
        return portal.page(kv.data("account", a).data("namespaces", api.namespaces(a)).data("form", form), a, "kv", notice);
    }

    private TemplateInstance valuesPage(String a, String ns, String prefix, Form form, String notice) {
        return portal.page(kvNamespace.data("account", a).data("ns", ns).data("prefix", prefix == null ? "" : prefix)
                .data("keys", api.kvKeys(a, ns, prefix)).data("form", form), a, "kv", notice);
    }
}
