package io.edgeworks.admin.web;

import io.edgeworks.admin.client.ApiException;
import io.edgeworks.admin.client.ApiModel.Environment;
import io.edgeworks.admin.client.ApiModel.Slice;
import io.edgeworks.admin.client.ApiModel.Version;
import io.edgeworks.admin.client.PlatformApi;
import io.edgeworks.admin.config.AdminConfig;
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
import java.util.List;
import java.util.Map;

import static io.edgeworks.admin.web.AccountPages.blankToNull;
import static io.edgeworks.admin.web.AccountPages.trim;
import static io.edgeworks.admin.web.Portal.enc;

/**
 * An environment: its deployment, version history, code, vars, secrets and bindings editors, rollback,
 * split deployment, promotion, rename and delete. Every change goes to platform-api as the person.
 */
@Path("/accounts/{account}/services/{service}/environments/{environment}")
@Produces(MediaType.TEXT_HTML)
public class EnvironmentPages {
    private final PlatformApi api;
    private final Portal portal;
    private final Template environment;
    private final AdminConfig config;
    /** Cron runs shown on the page (the edge keeps the newest 100). */
    static final int RECENT_RUNS = 20;

    @PathParam("account")
    String a;
    @PathParam("service")
    String s;
    @PathParam("environment")
    String e;

    @Inject
    public EnvironmentPages(PlatformApi api, Portal portal, Template environment, AdminConfig config) {
        this.api = api;
        this.portal = portal;
        this.environment = environment;
        this.config = config;
    }

    static String path(String account, String service, String environment) {
        return "/accounts/" + enc(account) + "/services/" + enc(service) + "/environments/" + enc(environment);
    }

    private String here() {
        return path(a, s, e);
    }

    @GET
    public TemplateInstance show(@QueryParam("notice") String notice) {
        return page(Form.NONE, null, null, null, notice);
    }

    @POST
    @Path("code")
    public Response deployCode(@RestForm("main_module") String mainModule, @RestForm("module_path") List<String> paths,
            @RestForm("module_source") List<String> sources, @RestForm String message, @RestForm String tag,
            @RestForm String commit, @RestForm String deploy) {
        Drafts.Code code = Drafts.Code.typed(mainModule, paths, sources, message, tag, commit, deploy != null);
        try {
            Version v = api.createVersion(a, s, e, code.toRequest());
            return Portal.seeOther(here(), "Version " + v.number() + (code.deploy() ? " created and deployed." : " created (not deployed)."));
        } catch (ApiException problem) {
            Map<String, String> typed = Map.of("main_module", code.mainModule(), "message", code.message(),
                    "tag", code.tag(), "commit", code.commit());
            Form form = Form.failed("deploy-code", typed, problem);
            return Portal.refused(page(form, code, null, null, null), form);
        }
    }

    @POST
    @Path("vars")
    public Response saveVars(@RestForm("var_name") List<String> names, @RestForm("var_value") List<String> values) {
        List<Drafts.Var> rows = Drafts.typedVars(names, values);
        try {
            Version latest = latest();
            Map<String, String> changes = Drafts.varChanges(latest == null ? Map.of() : latest.varMap(), rows);
            if (changes.isEmpty()) {
                return Portal.seeOther(here(), "The vars did not change, so no version was created.");
            }
            Version v = api.patchVars(a, s, e, changes);
            return Portal.seeOther(here(), "Vars saved as version " + v.number() + ".");
        } catch (ApiException problem) {
            Form form = Form.failed("vars", Map.of(), problem);
            return Portal.refused(page(form, null, Drafts.withBlankVars(rows), null, null), form);
        }
    }

    @POST
    @Path("secrets")
    public Response putSecret(@RestForm String name, @RestForm String value) {
        String n = trim(name);
        try {
            if (n.isEmpty()) {
                throw new ApiException(400, "Give the secret a name.",
                        List.of(new ApiException.FieldError("name", "must not be empty")));
            }
            Version v = api.putSecret(a, s, e, n, value == null ? "" : value);
            return Portal.seeOther(here(), "Secret " + n + " saved as version " + v.number() + ".");
        } catch (ApiException problem) {
            // the value is a secret: it is never echoed back into the page
            Form form = Form.failed("secret", Map.of("name", n), problem);
            return Portal.refused(page(form, null, null, null, null), form);
        }
    }

    @POST
    @Path("secrets/{name}/delete")
    public Response deleteSecret(@PathParam("name") String name) {
        try {
            Version v = api.deleteSecret(a, s, e, name);
            return Portal.seeOther(here(), "Secret " + name + " removed in version " + v.number() + ".");
        } catch (ApiException problem) {
            Form form = Form.failed("secret", Map.of(), problem);
            return Portal.refused(page(form, null, null, null, null), form);
        }
    }

    @POST
    @Path("bindings")
    public Response saveBindings(@RestForm("binding_type") List<String> types, @RestForm("binding_name") List<String> names,
            @RestForm("binding_service") List<String> services, @RestForm("binding_environment") List<String> environments,
            @RestForm("binding_namespace") List<String> namespaces) {
        List<Drafts.BindingRow> rows = Drafts.typedBindings(types, names, services, environments, namespaces);
        try {
            Version v = api.createVersion(a, s, e, new io.edgeworks.admin.client.ApiModel.NewVersion(
                    null, null, null, Drafts.toBindings(rows), null, true));
            return Portal.seeOther(here(), "Bindings saved as version " + v.number() + ".");
        } catch (ApiException problem) {
            Form form = Form.failed("bindings", Map.of(), problem);
            return Portal.refused(page(form, null, null, rows, null), form);
        }
    }

    /** Rollback (or roll forward): one click deploys a version at 100%. */
    @POST
    @Path("deploy")
    public Response deployVersion(@RestForm int number) {
        try {
            api.deploy(a, s, e, List.of(new Slice(number, 100)), "deployed version " + number + " from the portal");
            return Portal.seeOther(here(), "Version " + number + " now serves all traffic.");
        } catch (ApiException problem) {
            Form form = Form.failed("history", Map.of(), problem);
            return Portal.refused(page(form, null, null, null, null), form);
        }
    }

    @POST
    @Path("split")
    public Response split(@RestForm("from_version") String from, @RestForm("to_version") String to,
            @RestForm String percentage, @RestForm String message) {
        Map<String, String> typed = new HashMap<>();
        typed.put("from_version", trim(from));
        typed.put("to_version", trim(to));
        typed.put("percentage", trim(percentage));
        typed.put("message", trim(message));
        try {
            int a1 = number("from_version", from, "the version that keeps the rest of the traffic");
            int b = number("to_version", to, "the version that gets the percentage");
            int p = number("percentage", percentage, "a share of traffic from 1 to 99");
            if (p < 1 || p > 99) {
                throw new ApiException(400, "The percentage must be between 1 and 99; use Rollback/Deploy for 100%.",
                        List.of(new ApiException.FieldError("percentage", "must be between 1 and 99")));
            }
            List<Slice> slices = List.of(new Slice(a1, 100 - p), new Slice(b, p));
            api.deploy(a, s, e, slices, blankToNull(message));
            return Portal.seeOther(here(), "Traffic split: v" + a1 + " " + (100 - p) + "%, v" + b + " " + p + "%.");
        } catch (ApiException problem) {
            Form form = Form.failed("split", typed, splitFields(problem));
            return Portal.refused(page(form, null, null, null, null), form);
        }
    }

    @POST
    @Path("promote")
    public Response promote(@RestForm String message) {
        try {
            api.promote(a, s, e, "production", blankToNull(message));
            return Portal.seeOther(path(a, s, "production"), "Promoted " + e + " to production as a new version.");
        } catch (ApiException problem) {
            Form form = Form.failed("promote", Map.of("message", trim(message)), problem);
            return Portal.refused(page(form, null, null, null, null), form);
        }
    }

    @POST
    @Path("rename")
    public Response rename(@RestForm String name) {
        String n = trim(name);
        try {
            Environment renamed = api.renameEnvironment(a, s, e, n);
            String now = renamed != null && renamed.name() != null ? renamed.name() : n;
            return Portal.seeOther(path(a, s, now), "Renamed to " + now + "; the hostname followed.");
        } catch (ApiException problem) {
            Form form = Form.failed("rename", Map.of("name", n), problem);
            return Portal.refused(page(form, null, null, null, null), form);
        }
    }

    @POST
    @Path("delete")
    public Response delete() {
        try {
            api.deleteEnvironment(a, s, e);
            return Portal.seeOther("/accounts/" + enc(a) + "/services/" + enc(s), "Environment " + e + " deleted.");
        } catch (ApiException problem) {
            Form form = Form.failed("delete-environment", Map.of(), problem);
            return Portal.refused(page(form, null, null, null, null), form);
        }
    }

    /**
     * Replaces the environment's cron triggers with the form's lines (one five-field expression per line; blank lines
     * do not count). Errors of {@code crons[i]} are shown on the text area, naming the line.
     */
    @POST
    @Path("triggers")
    public Response saveTriggers(@RestForm String crons) {
        List<String> lines = crons == null ? List.of() : crons.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        try {
            List<String> saved = api.setTriggers(a, s, e, lines);
            return Portal.seeOther(here(), saved.isEmpty() ? "No cron triggers: nothing runs on a schedule."
                    : "Cron triggers saved: " + String.join(", ", saved) + " (UTC).");
        } catch (ApiException problem) {
            Form form = Form.failed("triggers", Map.of("crons", crons == null ? "" : crons), cronLines(problem));
            return Portal.refused(page(form, null, null, null, null), form);
        }
    }

    /** {@code crons[2]: …} becomes an error of the text area naming line 3. */
    private static ApiException cronLines(ApiException problem) {
        List<ApiException.FieldError> mapped = problem.errors().stream().map(fe -> {
            String f = fe.field() == null ? "" : fe.field();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("crons\\[(\\d+)]").matcher(f);
            return m.matches() ? new ApiException.FieldError("crons", "line " + (Integer.parseInt(m.group(1)) + 1) + ": " + fe.message())
                    : new ApiException.FieldError("crons", fe.message());
        }).toList();
        return new ApiException(problem.status(), problem.detail(), mapped);
    }

    private Version latest() {
        Environment env = api.environment(a, s, e);
        return env.latestVersion() == null ? null : api.version(a, s, e, env.latestVersion());
    }

    /** Field errors of the deployment call ({@code versions[0].number}) point at the split form's inputs. */
    private static ApiException splitFields(ApiException problem) {
        List<ApiException.FieldError> mapped = problem.errors().stream().map(fe -> {
            String f = fe.field() == null ? "" : fe.field();
            String to = f.startsWith("versions[0]") ? "from_version" : f.startsWith("versions[1]") ? "to_version"
                    : f.endsWith("percentage") ? "percentage" : f;
            return new ApiException.FieldError(to, fe.message());
        }).toList();
        return new ApiException(problem.status(), problem.detail(), mapped);
    }

    private static int number(String field, String value, String what) {
        try {
            return Integer.parseInt(value == null ? "" : value.trim());
        } catch (NumberFormatException notANumber) {
            throw new ApiException(400, "Enter a number for " + what + ".",
                    List.of(new ApiException.FieldError(field, "must be a whole number")));
        }
    }

    private TemplateInstance page(Form form, Drafts.Code code, List<Drafts.Var> vars, List<Drafts.BindingRow> bindings,
            String notice) {
        Environment env = api.environment(a, s, e);
        List<Version> versions = api.versions(a, s, e, config.pageSize());
        Version latest = env.latestVersion() == null ? null : api.version(a, s, e, env.latestVersion());
        List<String> siblings = api.environments(a, s).stream().map(Environment::name).toList();
        TemplateInstance t = environment.data("account", a).data("service", s).data("env", env)
                .data("versions", versions).data("latest", latest)
                .data("secrets", latest == null ? List.of() : latest.secretList())
                .data("code", code != null ? code : Drafts.Code.of(latest))
                .data("vars", vars != null ? vars : Drafts.vars(latest))
                .data("bindings", bindings != null ? bindings : Drafts.bindings(latest))
                .data("siblings", siblings)
                .data("crons", String.join("\n", api.triggers(a, s, e)))
                .data("cronList", api.triggers(a, s, e))
                .data("runs", api.cronRuns(a, s, e, RECENT_RUNS))
                .data("form", form)
                .data("base", here());
        return portal.page(t, a, "services", notice);
    }
}
