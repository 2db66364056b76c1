package io.edgeworks.api.version;

import io.edgeworks.bundle.Binding;
import io.edgeworks.bundle.BindingJson;

import java.util.List;
import java.util.Map;

/**
 * Bindings in {@code versions.bindings}: the JSON form is {@link BindingJson} (the same objects bundles carry);
 * this adds the API view.
 */
final class StoredBindings {
    private StoredBindings() {
    }

    static List<Map<String, Object>> toJson(List<Binding> bindings) {
        return BindingJson.toJson(bindings);
    }

    static Binding fromJson(Map<String, ?> json) {
        try {
            return BindingJson.fromJson(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("stored binding: " + e.getMessage(), e);
        }
    }

    static BindingRequest toView(Binding binding) {
        return switch (binding) {
            case Binding.Service s -> new BindingRequest("service", s.name(), s.service(), s.environment(), null, s.entrypoint());
            case Binding.Kv kv -> new BindingRequest("kv", kv.name(), null, null, kv.namespace(), null);
        };
    }
}
