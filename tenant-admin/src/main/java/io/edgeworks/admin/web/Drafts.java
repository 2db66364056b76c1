package io.edgeworks.admin.web;

import io.edgeworks.admin.client.ApiModel.Annotations;
import io.edgeworks.admin.client.ApiModel.Binding;
import io.edgeworks.admin.client.ApiModel.NewVersion;
import io.edgeworks.admin.client.ApiModel.Version;
import io.quarkus.qute.TemplateData;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the editors of an environment page show: filled from the latest version, or from what the person
 * typed when the API refused it (so nothing is lost), and turned into API requests.
 */
public final class Drafts {
    static final String STARTER = """
            export default {
              async fetch(request, env) {
                return new Response("Hello from Edgeworks!\\n", { headers: { "content-type": "text/plain" } });
              }
            };
            """;

    private Drafts() {
    }

    @TemplateData
    public record Module(String path, String source) {
    }

    /** The code editor: modules, main module and the annotations of the version to create. */
    @TemplateData
    public record Code(String mainModule, List<Module> modules, String message, String tag, String commit,
            boolean deploy) {

        public static Code of(Version latest) {
            if (latest == null || latest.moduleMap().isEmpty()) {
                return new Code("worker.js", List.of(new Module("worker.js", STARTER)), "", "", "", true);
            }
            List<Module> modules = new TreeMap<>(latest.moduleMap()).entrySet().stream()
                    .map(e -> new Module(e.getKey(), e.getValue())).toList();
            return new Code(latest.mainModule(), modules, "", "", "", true);
        }

        public static Code typed(String mainModule, List<String> paths, List<String> sources, String message,
                String tag, String commit, boolean deploy) {
            List<Module> modules = new ArrayList<>();
            for (int i = 0; i < paths.size(); i++) {
                String source = i < sources.size() ? sources.get(i) : "";
                modules.add(new Module(paths.get(i).trim(), source == null ? "" : source));
            }
            return new Code(mainModule == null ? "" : mainModule.trim(), modules, nz(message), nz(tag), nz(commit), deploy);
        }

        /** Modules with an empty path and empty source are unused slots; an emptied source removes a module. */
        public NewVersion toRequest() {
            Map<String, String> map = new LinkedHashMap<>();
            for (Module m : modules) {
                if (!m.path().isEmpty() && !m.source().isBlank()) {
                    map.put(m.path(), m.source().replace("\r\n", "\n"));
                }
            }
            Annotations notes = new Annotations(blank(message), blank(tag), blank(commit));
            return new NewVersion(blank(mainModule), map, null, null, notes, deploy);
        }
    }

    /** One row of the vars editor. */
    @TemplateData
    public record Var(String name, String value) {
    }

    public static List<Var> vars(Version latest) {
        List<Var> rows = new ArrayList<>();
        if (latest != null) {
            new TreeMap<>(latest.varMap()).forEach((k, v) -> rows.add(new Var(k, v)));
        }
        return withBlankVars(rows);
    }

    public static List<Var> typedVars(List<String> names, List<String> values) {
        List<Var> rows = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            rows.add(new Var(names.get(i).trim(), i < values.size() && values.get(i) != null ? values.get(i) : ""));
        }
        return rows;
    }

    static List<Var> withBlankVars(List<Var> rows) {
        List<Var> out = new ArrayList<>(rows);
        for (int i = 0; i < 3; i++) {
            out.add(new Var("", ""));
        }
        return out;
    }

    /** The merge-patch that turns {@code current} into the rows typed: changed or new names, deleted ones null. */
    public static Map<String, String> varChanges(Map<String, String> current, List<Var> rows) {
        Map<String, String> wanted = new LinkedHashMap<>();
        for (Var row : rows) {
            if (!row.name().isEmpty()) {
                wanted.put(row.name(), row.value());
            }
        }
        Map<String, String> patch = new LinkedHashMap<>();
        wanted.forEach((k, v) -> {
            if (!v.equals(current.get(k))) {
                patch.put(k, v);
            }
        });
        current.keySet().stream().filter(k -> !wanted.containsKey(k)).forEach(k -> patch.put(k, null));
        return patch;
    }

    /** One row of the bindings editor. */
    @TemplateData
    public record BindingRow(String type, String name, String service, String environment, String namespace) {
        public boolean isKv() {
            return "kv".equals(type);
        }

        Binding toBinding() {
            return isKv() ? new Binding("kv", name, null, null, namespace)
                    : new Binding("service", name, service, environment.isEmpty() ? "production" : environment, null);
        }
    }

    public static List<BindingRow> bindings(Version latest) {
        List<BindingRow> rows = new ArrayList<>();
        if (latest != null) {
            for (Binding b : latest.bindingList()) {
                rows.add(new BindingRow(b.type(), nz(b.name()), nz(b.service()), nz(b.environment()), nz(b.namespace())));
            }
        }
        rows.add(new BindingRow("service", "", "", "", ""));
        return rows;
    }

    public static List<BindingRow> typedBindings(List<String> types, List<String> names, List<String> services,
            List<String> environments, List<String> namespaces) {
        List<BindingRow> rows = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            rows.add(new BindingRow(at(types, i, "service"), at(names, i, ""), at(services, i, ""),
                    at(environments, i, ""), at(namespaces, i, "")));
        }
        return rows;
    }

    /** Rows with an empty name are left out: emptying a name removes the binding. */
    public static List<Binding> toBindings(List<BindingRow> rows) {
        return rows.stream().filter(r -> !r.name().isEmpty()).map(BindingRow::toBinding).toList();
    }

    private static String at(List<String> list, int i, String fallback) {
        return i < list.size() && list.get(i) != null ? list.get(i).trim() : fallback;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
