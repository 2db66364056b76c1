package io.edgeworks.bundle;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON object form of a {@link Binding}, as bundles carry it and as platform-api stores it in
 * {@code versions.bindings}: {@code {"type":"service","name","service","environment"?,"version"?,"entrypoint"?}}
 * (optional members written only when set, so older bindings keep their bytes and digests) and
 * {@code {"type":"kv","name","namespace","namespace_id"}}. Plain maps, so callers can use any JSON library.
 */
public final class BindingJson {
    private BindingJson() {
    }

    public static List<Map<String, Object>> toJson(List<Binding> bindings) {
        return bindings.stream().map(BindingJson::toJson).toList();
    }

    public static Map<String, Object> toJson(Binding binding) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", switch (binding) {
            case Binding.Service s -> "service";
            case Binding.Kv kv -> "kv";
        });
        json.put("name", binding.name());
        switch (binding) {
            case Binding.Service s -> {
                json.put("service", s.service());
                if (s.environment() != null) {
                    json.put("environment", s.environment());
                }
                if (s.version() != null) {
                    json.put("version", s.version());
                }
                if (s.entrypoint() != null) {
                    json.put("entrypoint", s.entrypoint());
                }
            }
            case Binding.Kv kv -> {
                json.put("namespace", kv.namespace());
                json.put("namespace_id", kv.namespaceId());
            }
        }
        return json;
    }

    /** @throws IllegalArgumentException on an unknown type or a missing field */
    public static Binding fromJson(Map<String, ?> json) {
        Object type = json.get("type");
        return switch (type instanceof String t ? t : "") {
            case "service" -> new Binding.Service(text(json, "name"), text(json, "service"), optionalText(json, "environment"),
                    optionalNumber(json, "version"), optionalText(json, "entrypoint"));
            case "kv" -> new Binding.Kv(text(json, "name"), text(json, "namespace"), text(json, "namespace_id"));
            default -> throw new IllegalArgumentException("binding " + json + " has unknown type '" + type + "'");
        };
    }

    private static String optionalText(Map<String, ?> json, String field) {
        return json.get(field) == null ? null : text(json, field);
    }

    private static Integer optionalNumber(Map<String, ?> json, String field) {
        Object value = json.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || Math.abs(n.doubleValue()) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("binding " + json + ": field '" + field + "' must be an integer");
        }
        return n.intValue();
    }

    private static String text(Map<String, ?> json, String field) {
        if (!(json.get(field) instanceof String value)) {
            throw new IllegalArgumentException("binding " + json + ": field '" + field + "' must be a string");
        }
        return value;
    }
}
