package io.edgeworks.api.version;

import io.edgeworks.bundle.Binding;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of bindings in {@code versions.bindings}: {@code {"type":"service","name","service","environment"}}
 * and {@code {"type":"kv","name","namespace","namespace_id"}}, sorted by name.
 */
final class StoredBindings {
    private StoredBindings() {
    }

    static List<Map<String, String>> toJson(List<Binding> bindings) {
        return bindings.stream().map(StoredBindings::toJson).toList();
    }

    static Map<String, String> toJson(Binding binding) {
        Map<String, String> json = new LinkedHashMap<>();
        switch (binding) {
            case Binding.Service s -> {
                json.put("type", "service");
                json.put("name", s.name());
                json.put("service", s.service());
                json.put("environment", s.environment());
            }
            case Binding.Kv kv -> {
                json.put("type", "kv");
                json.put("name", kv.name());
                json.put("namespace", kv.namespace());
                json.put("namespace_id", kv.namespaceId());
            }
        }
        return json;
    }

    static Binding fromJson(Map<String, String> json) {
        return switch (json.get("type")) {
            case "service" -> new Binding.Service(json.get("name"), json.get("service"), json.get("environment"));
            case "kv" -> new Binding.Kv(json.get("name"), json.get("namespace"), json.get("namespace_id"));
            default -> throw new IllegalStateException("unknown stored binding type " + json.get("type"));
        };
    }

    static BindingRequest toView(Binding binding) {
        return switch (binding) {
            case Binding.Service s -> new BindingRequest("service", s.name(), s.service(), s.environment(), null);
            case Binding.Kv kv -> new BindingRequest("kv", kv.name(), null, null, kv.namespace());
        };
    }
}
