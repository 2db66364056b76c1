package io.edgeworks.edge.runtime;

import com.oracle.js.parser.ir.Module;
import com.oracle.truffle.js.lang.JavaScriptLanguage;
import com.oracle.truffle.js.runtime.Errors;
import com.oracle.truffle.js.runtime.JSRealm;
import com.oracle.truffle.js.runtime.objects.AbstractModuleRecord;
import com.oracle.truffle.js.runtime.objects.DefaultESModuleLoader;
import com.oracle.truffle.js.runtime.objects.ScriptOrModule;
import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.graalvm.polyglot.Context;

/**
 * GraalJS's ES module loader, minus every specifier with a URL scheme other than {@code file:}, plus the
 * runtime's built-in modules ({@link WebApiSet#modules}, e.g. {@code cloudflare:workers}): a realm evaluates
 * each of them once before any tenant code (at {@link JsEngine#builtinPath}); the loader keeps the module
 * record GraalJS registers for it and answers an import of its specifier with that record. The stock
 * loader evaluates {@code data:} URLs itself, before and without the context's file system, so {@code
 * import('data:text/javascript;base64,…')} (or a static import of one) would run code that was never
 * uploaded and never passed the upload checks; GraalJS 25 has no option to turn that off. Every other
 * specifier still resolves through {@link ModuleFileSystem}, which holds only the version's modules.
 *
 * <p>This reaches into GraalJS internals (the realm's private {@code moduleLoader} field, set before the
 * first import): {@link #install} fails loudly if a GraalJS upgrade moves it, and the {@code code-loading}
 * worker fixture proves the refusal. Requires js-language on the class path (not the module path), as the
 * edge runs it.
 */
final class UploadedModulesLoader extends DefaultESModuleLoader {
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
    private static final Field MODULE_LOADER = moduleLoaderField();

    /** Built-in module specifier by the path its source is evaluated at. */
    private final Map<String, String> builtinPaths = new HashMap<>();
    /** The evaluated built-in modules by specifier (filled as the realm evaluates them, before tenant code). */
    private final Map<String, AbstractModuleRecord> builtins = new HashMap<>();

    private UploadedModulesLoader(JSRealm realm, Set<String> builtinSpecifiers) {
        super(realm);
        for (String specifier : builtinSpecifiers) {
            builtinPaths.put(JsEngine.builtinPath(specifier), specifier);
        }
    }

    /**
     * Replaces the module loader of {@code context}'s JavaScript realm; call before any code runs.
     * {@code builtinSpecifiers}: the built-in modules the realm will evaluate.
     */
    static void install(Context context, Set<String> builtinSpecifiers) {
        context.initialize("js");
        context.enter();
        try {
            JSRealm realm = JavaScriptLanguage.getCurrentJSRealm();
            MODULE_LOADER.set(realm, new UploadedModulesLoader(realm, builtinSpecifiers));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot install the module loader that refuses data: imports", e);
        } finally {
            context.leave();
        }
    }

    @Override
    public AbstractModuleRecord addLoadedModule(Module.ModuleRequest request, AbstractModuleRecord module) {
        AbstractModuleRecord added = super.addLoadedModule(request, module);
        String path = module.getSource() == null ? null : module.getSource().getPath();
        String specifier = path == null ? null : builtinPaths.get(path);
        if (specifier != null) {
            builtins.putIfAbsent(specifier, added == null ? module : added);
        }
        return added;
    }

    @Override
    public AbstractModuleRecord resolveImportedModule(ScriptOrModule referrer, Module.ModuleRequest request) {
        String specifier = request.specifier().toJavaStringUncached();
        AbstractModuleRecord builtin = builtins.get(specifier);
        if (builtin != null) {
            return builtin;
        }
        if (SCHEME.matcher(specifier).find() && !specifier.regionMatches(true, 0, "file:", 0, 5)) {
            throw Errors.createTypeError("Cannot import '" + abbreviated(specifier)
                    + "': a worker imports only its own uploaded modules (relative paths such as './lib.js') and "
                    + String.join(", ", new java.util.TreeSet<>(builtinPaths.values())));
        }
        return super.resolveImportedModule(referrer, request);
    }

    private static String abbreviated(String specifier) {
        return specifier.length() <= 64 ? specifier : specifier.substring(0, 64) + "…";
    }

    private static Field moduleLoaderField() {
        try {
            Field field = JSRealm.class.getDeclaredField("moduleLoader");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExceptionInInitializerError("GraalJS's JSRealm.moduleLoader is not where this edge expects it "
                    + "(GraalJS upgraded?): data: imports could not be refused: " + e);
        }
    }
}
