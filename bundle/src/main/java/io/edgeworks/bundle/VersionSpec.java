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
        limits = limits == null ? Limits.defaults() : limits;
        Objects.requireNonNull(digest, "digest");
    }

    private static <V> SortedMap<String, V> copy(Map<String, V> map) {
        return map == null ? new TreeMap<>() : java.util.Collections.unmodifiableSortedMap(new TreeMap<>(map));
    }
}
