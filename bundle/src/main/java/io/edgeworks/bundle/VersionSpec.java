package io.edgeworks.bundle;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One immutable version of an environment as an edge node needs it: code, vars, sealed secrets,
 * bindings and limits. {@code id} is the control plane's version id; {@code digest} the content digest
 * (sha-256 hex) the control plane computed over code, vars, secrets and bindings.
 */
public record VersionSpec(
        String id,
        int number,
        String mainModule,
        SortedMap<String, String> modules,
        SortedMap<String, String> vars,
        SortedMap<String, SealedSecret> secrets,
        List<Binding> bindings,
        Limits limits,
        String digest) {

    public VersionSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(mainModule, "mainModule");
        if (number < 1) {
            throw new IllegalArgumentException("version number must be >= 1");
        }
        modules = copy(modules);
        if (!modules.containsKey(mainModule)) {
            throw new IllegalArgumentException("main module '" + mainModule + "' is not among the modules");
        }
        vars = copy(vars);
        secrets = copy(secrets);
        bindings = bindings == null ? List.of() : List.copyOf(bindings);
        java.util.Set<String> names = new java.util.HashSet<>(vars.keySet());
        for (String secret : secrets.keySet()) {
            if (!names.add(secret)) {
                throw new IllegalArgumentException("'" + secret + "' is both a var and a secret");
            }
        }
        for (Binding binding : bindings) {
            if (!names.add(binding.name())) {
                throw new IllegalArgumentException("binding name '" + binding.name() + "' is already used by a var, secret or binding");
            }
            if (binding instanceof Binding.Service s && s.follows()) {
                throw new IllegalArgumentException("binding " + s.name() + " follows: a bundle carries it resolved to an environment");
            }
        }
        limits = limits == null ? Limits.defaults() : limits;
        Objects.requireNonNull(digest, "digest");
    }

    private static <V> SortedMap<String, V> copy(Map<String, V> map) {
        if (map == null) {
            return java.util.Collections.emptySortedMap();
        }
        map.forEach((key, value) -> {
            if (key == null || value == null) {
                throw new IllegalArgumentException("null key or value for '" + key + "'");
            }
        });
        return java.util.Collections.unmodifiableSortedMap(new TreeMap<>(map));
    }
}
