package io.edgeworks.admin.web;

import io.edgeworks.admin.client.ApiException;
import io.edgeworks.admin.client.ApiModel.Binding;
import io.edgeworks.admin.client.ApiModel.Version;
import io.edgeworks.admin.client.PlatformApi;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** One version's code and settings, and the diff between two versions. */
@Path("/accounts/{account}/services/{service}/environments/{environment}")
@Produces(MediaType.TEXT_HTML)
public class VersionPages {
    private final PlatformApi api;
    private final Portal portal;
    private final Template version;
    private final Template diff;

    @Inject
    public VersionPages(PlatformApi api, Portal portal, Template version, Template diff) {
        this.api = api;
        this.portal = portal;
        this.version = version;
        this.diff = diff;
    }

    /** The diff of one file (a module, or the vars / bindings / secrets rendered as text). */
    @TemplateData
    public record FileDiff(String name, List<LineDiff.Line> lines, boolean changed) {
    }

    @GET
    @Path("versions/{number}")
    public TemplateInstance show(@PathParam("account") String a, @PathParam("service") String s,
            @PathParam("environment") String e, @PathParam("number") int number) {
        Version v = api.version(a, s, e, number);
        return portal.page(version.data("account", a).data("service", s).data("environment", e).data("v", v)
                .data("modules", new TreeMap<>(v.moduleMap()).entrySet().stream().toList())
                .data("vars", new TreeMap<>(v.varMap()).entrySet().stream().toList())
                .data("base", EnvironmentPages.path(a, s, e)), a, "services", null);
    }

    @GET
    @Path("diff")
    public TemplateInstance diff(@PathParam("account") String a, @PathParam("service") String s,
            @PathParam("environment") String e, @QueryParam("from") Integer from, @QueryParam("to") Integer to) {
        if (from == null || to == null) {
            throw new ApiException(400, "Choose two version numbers to compare (from and to).", List.of());
        }
        Version older = api.version(a, s, e, from);
        Version newer = api.version(a, s, e, to);
        List<FileDiff> files = new ArrayList<>();
        TreeSet<String> paths = new TreeSet<>(older.moduleMap().keySet());
        paths.addAll(newer.moduleMap().keySet());
        for (String p : paths) {
            files.add(file(p, older.moduleMap().get(p), newer.moduleMap().get(p)));
        }
        files.add(file("vars", vars(older.varMap()), vars(newer.varMap())));
        files.add(file("bindings", bindings(older.bindingList()), bindings(newer.bindingList())));
        files.add(file("secret names", String.join("\n", older.secretList()), String.join("\n", newer.secretList())));
        files.add(file("main module", older.mainModule(), newer.mainModule()));
        return portal.page(diff.data("account", a).data("service", s).data("environment", e)
                .data("older", older).data("newer", newer).data("files", files)
                .data("base", EnvironmentPages.path(a, s, e)), a, "services", null);
    }

    private static FileDiff file(String name, String before, String after) {
        List<LineDiff.Line> lines = LineDiff.between(before, after);
        return new FileDiff(name, lines, LineDiff.changed(lines));
    }

    private static String vars(Map<String, String> vars) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(vars).forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
        return out.toString().stripTrailing();
    }

    private static String bindings(List<Binding> bindings) {
        return String.join("\n", bindings.stream().map(b -> b.name() + " -> " + b.target()).sorted().toList());
    }
}
