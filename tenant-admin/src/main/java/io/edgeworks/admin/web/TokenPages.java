package io.edgeworks.admin.web;

import io.edgeworks.admin.client.ApiException;
import io.edgeworks.admin.client.ApiModel.CreatedApiToken;
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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.edgeworks.admin.web.AccountPages.trim;
import static io.edgeworks.admin.web.Portal.enc;

/**
 * The account's API tokens: list, create (the secret is shown on the answer page once, never redirected through a
 * URL, and the page is not cached), revoke. platform-api decides who may do what.
 */
@Path("/accounts/{account}/tokens")
@Produces(MediaType.TEXT_HTML)
public class TokenPages {
    static final List<String> SCOPES = List.of("read", "deploy", "tail", "admin");
    static final List<String> TTLS = List.of("30d", "90d", "365d", "");
    private final PlatformApi api;
    private final Portal portal;
    private final Template tokens;

    @Inject
    public TokenPages(PlatformApi api, Portal portal, Template tokens) {
        this.api = api;
        this.portal = portal;
        this.tokens = tokens;
    }

    @GET
    public TemplateInstance list(@PathParam("account") String a, @QueryParam("notice") String notice) {
        return page(a, Form.NONE, null, notice);
    }

    @POST
    public Response create(@PathParam("account") String a, @RestForm String name, @RestForm("scope") List<String> scope,
                           @RestForm String environments, @RestForm String ttl) {
        String n = trim(name);
        String envs = trim(environments);
        String t = trim(ttl);
        List<String> scopes = scopes(scope, envs);
        try {
            CreatedApiToken created = api.createToken(a, n, scopes, t);
            return Response.ok(page(a, Form.NONE, created, null)).type("text/html;charset=UTF-8")
                    .header("Cache-Control", "no-store").build();
        } catch (ApiException e) {
            Form form = Form.failed("token", Map.of("name", n, "environments", envs, "ttl", t, "scopes", String.join(",", scopes)), e);
            return Portal.refused(page(a, form, null, null), form);
        }
    }

    @POST
    @Path("{id}/revoke")
    public Response revoke(@PathParam("account") String a, @PathParam("id") String id, @RestForm String name) {
        try {
            api.revokeToken(a, id);
            return Portal.seeOther("/accounts/" + enc(a) + "/tokens", "API token " + trim(name) + " was revoked; it no longer works.");
        } catch (ApiException e) {
            Form form = Form.failed("revoke-token", Map.of(), e);
            return Portal.refused(page(a, form, null, null), form);
        }
    }

    /**
     * The scopes of the form: the ticked ones, with {@code deploy} narrowed to {@code deploy:<glob>} for each
     * comma-separated environment pattern given.
     */
    static List<String> scopes(List<String> ticked, String environments) {
        List<String> out = new ArrayList<>();
        List<String> globs = Arrays.stream(environments.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        for (String s : ticked == null ? List.<String>of() : ticked) {
            if (s.equals("deploy") && !globs.isEmpty()) {
                globs.forEach(g -> out.add("deploy:" + g));
            } else {
                out.add(s);
            }
        }
        return out;
    }

    /** A scope checkbox of the create form. */
    @io.quarkus.qute.TemplateData
    public record ScopeChoice(String name, boolean checked) {
    }

    private TemplateInstance page(String a, Form form, CreatedApiToken created, String notice) {
        List<String> ticked = form.is("token") ? Arrays.stream(form.values().getOrDefault("scopes", "").split(","))
                .map(s -> s.startsWith("deploy:") ? "deploy" : s).toList() : List.of("read");
        List<ScopeChoice> choices = SCOPES.stream().map(s -> new ScopeChoice(s, ticked.contains(s))).toList();
        return portal.page(tokens.data("account", a).data("tokens", api.tokens(a)).data("scopes", choices).data("ttls", TTLS)
                .data("form", form).data("created", created), a, "tokens", notice);
    }
}
