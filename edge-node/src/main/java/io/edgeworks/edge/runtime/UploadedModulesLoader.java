package io.edgeworks.edge.runtime;

import com.oracle.js.parser.ir.Module;
import com.oracle.truffle.js.lang.JavaScriptLanguage;
import com.oracle.truffle.js.runtime.Errors;
import com.oracle.truffle.js.runtime.JSRealm;
import com.oracle.truffle.js.runtime.objects.AbstractModuleRecord;
import com.oracle.truffle.js.runtime.objects.DefaultESModuleLoader;
import com.oracle.truffle.js.runtime.objects.ScriptOrModule;
import java.lang.reflect.Field;
import java.util.regex.Pattern;
import org.graalvm.polyglot.Context;

/**
 * GraalJS's ES module loader, minus every specifier with a URL scheme other than {@code file:}. The stock
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

    private UploadedModulesLoader(JSRealm realm) {
        super(realm);
    }

    /** Replaces the module loader of {@code context}'s JavaScript realm; call before any code runs. */
    static void install(Context context) {
        context.initialize("js");
        context.enter();
        try {
            JSRealm realm = JavaScriptLanguage.getCurrentJSRealm();
            MODULE_LOADER.set(realm, new UploadedModulesLoader(realm));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot install the module loader that refuses data: imports", e);
        } finally {
            context.leave();
        }
    }

    @Override
    public AbstractModuleRecord resolveImportedModule(ScriptOrModule referrer, Module.ModuleRequest request) {
        String specifier = request.specifier().toJavaStringUncached();
        if (SCHEME.matcher(specifier).find() && !specifier.regionMatches(true, 0, "file:", 0, 5)) {
            throw Errors.createTypeError("Cannot import '" + abbreviated(specifier)
                    + "': a worker imports only its own uploaded modules (relative paths such as './lib.js')");
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
