package io.edgeworks.api.version;

import io.edgeworks.bundle.Binding;
import io.edgeworks.bundle.SealedSecret;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** What a version runs: the part its digest covers. Secrets are sealed ({@link io.edgeworks.api.security.SecretVault}). */
record VersionContent(String mainModule, SortedMap<String, String> modules, SortedMap<String, String> vars,
                      SortedMap<String, SealedSecret> secrets, List<Binding> bindings, int cpuMs) {

    VersionContent {
        modules = sorted(modules);
        vars = sorted(vars);
        secrets = sorted(secrets);
        bindings = bindings.stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
    }

    private static <V> SortedMap<String, V> sorted(Map<String, V> map) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(map));
    }

    VersionContent withVars(Map<String, String> newVars) {
        return new VersionContent(mainModule, modules, new TreeMap<>(newVars), secrets, bindings, cpuMs);
    }

    VersionContent withBindings(List<Binding> newBindings) {
        return new VersionContent(mainModule, modules, vars, secrets, newBindings, cpuMs);
    }

    VersionContent withSecrets(Map<String, SealedSecret> newSecrets) {
        return new VersionContent(mainModule, modules, vars, new TreeMap<>(newSecrets), bindings, cpuMs);
    }
}
