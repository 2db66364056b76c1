package io.edgeworks.api.version;

import io.edgeworks.api.common.FieldError;
import io.edgeworks.api.common.FieldErrors;
import io.edgeworks.api.common.ProblemException;
import io.edgeworks.api.config.PlatformConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validates uploaded modules: paths, total size (413 above {@code platform.limits.module-bytes}), syntax
 * (GraalJS parse), and imports (relative ones each resolving to a module of the same version, or a built-in
 * module of the edge such as {@code cloudflare:workers}); and picks
 * the main module.
 */
@ApplicationScoped
public class ModuleChecker {
    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*\\.(js|mjs)");
    private static final int MAX_PATH = 256;

    private final PlatformConfig config;
    private final JsSyntax syntax;

    public ModuleChecker(PlatformConfig config, JsSyntax syntax) {
        this.config = config;
        this.syntax = syntax;
    }

    /** Checks paths, size, syntax and imports; CPU-bound (parsing), so callers run it off the event loop. */
    public void check(Map<String, String> modules) {
        FieldErrors errors = new FieldErrors();
        if (modules.isEmpty()) {
            errors.add("modules", "must contain at least one module");
            errors.throwIfAny();
        }
        long total = 0;
        for (Map.Entry<String, String> module : modules.entrySet()) {
            String path = module.getKey();
            if (path.length() > MAX_PATH || !PATH.matcher(path).matches() || path.contains("/../") || path.startsWith("../")
                    || path.contains("/./") || path.startsWith("./")) {
                errors.add("modules." + path, "module paths are relative paths of [A-Za-z0-9_.-] segments ending in .js or .mjs (at most "
                        + MAX_PATH + " characters), like 'worker.js' or 'lib/util.js'");
            }
            if (module.getValue() == null) {
                errors.add("modules." + path, "source is required (a string)");
            } else {
                total += module.getValue().getBytes(StandardCharsets.UTF_8).length;
            }
        }
        errors.throwIfAny();
        if (total > config.limits().moduleBytes()) {
            throw ProblemException.tooLarge("modules", "the modules total " + total + " bytes, more than the limit of "
                    + config.limits().moduleBytes() + " bytes");
        }
        for (FieldError error : syntax.check(modules)) {
            errors.add(error);
        }
        errors.throwIfAny();
        for (Map.Entry<String, String> module : modules.entrySet()) {
            for (String specifier : ModuleImports.specifiers(module.getValue())) {
                String field = "modules." + module.getKey();
                if (ModuleImports.isBuiltin(specifier)) {
                    continue;
                }
                if (!ModuleImports.isRelative(specifier)) {
                    errors.add(field, "imports '" + specifier + "': only relative imports of this version's own modules"
                            + " (like './util.js') and " + String.join(", ", ModuleImports.BUILTINS) + " are allowed");
                    continue;
                }
                String target = ModuleImports.resolve(module.getKey(), specifier);
                if (target == null || !modules.containsKey(target)) {
                    errors.add(field, "imports '" + specifier + "', which is not a module of this version (modules: "
                            + String.join(", ", new java.util.TreeSet<>(modules.keySet())) + ")");
                }
            }
        }
        errors.throwIfAny();
    }

    /**
     * The main module: the one asked for (must exist); else the previous main module when still present;
     * else the only module; else {@code worker.js}; else {@code index.js}; otherwise 400.
     */
    public String mainModule(String requested, String previous, Map<String, String> modules) {
        if (requested != null) {
            if (!modules.containsKey(requested)) {
                throw ProblemException.invalid("main_module", "'" + requested + "' is not among the modules ("
                        + String.join(", ", new java.util.TreeSet<>(modules.keySet())) + ")");
            }
            return requested;
        }
        if (previous != null && modules.containsKey(previous)) {
            return previous;
        }
        if (modules.size() == 1) {
            return modules.keySet().iterator().next();
        }
        for (String conventional : new String[]{"worker.js", "index.js"}) {
            if (modules.containsKey(conventional)) {
                return conventional;
            }
        }
        throw ProblemException.invalid("main_module", "is required when several modules are uploaded and none is named worker.js or index.js");
    }
}
