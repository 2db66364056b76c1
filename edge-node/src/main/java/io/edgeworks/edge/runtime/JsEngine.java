package io.edgeworks.edge.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.io.IOAccess;
import org.jboss.logging.Logger;

/**
 * The one GraalJS {@link Engine} of this edge node, shared by every context so that parsed sources (the
 * Web API prelude, and tenant modules) and compiled code are shared. Contexts are created in the
 * {@link SandboxPolicy#CONSTRAINED} sandbox: no host object access (Java is reached only through the
 * explicit proxies of {@link HostBridge}), no host class lookup, threads, native access, processes or
 * host I/O; the only file system is the version's own in-memory module tree.
 */
public final class JsEngine implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(JsEngine.class);

    private static final String WEBJAR = "webjar:";

    static final HostAccess HOST_ACCESS = HostAccess.newBuilder().allowMutableTargetMappings().build();

    private final SandboxPolicy sandbox;
    private final Engine engine;
    private final List<Source> prelude;
    private final Source internalSeed;
    private final WebApiSet apis;

    /**
     * An engine whose realms get {@code apis}: their prelude scripts, evaluated in this order in every context
     * (an entry starting with {@value #WEBJAR} is a library from a webjar on the class path, see
     * {@link #library}), and their host functions.
     */
    public JsEngine(WebApiSet apis) {
        this(apis, java.util.Map.of());
    }

    /**
     * An engine for profiling the runtime (RequestLoopBench): Truffle's CPU sampler and compilation traces
     * are only allowed up to GraalVM's TRUSTED sandbox policy, so this engine and its contexts drop the
     * CONSTRAINED sandbox. Never used by the edge itself.
     */
    static JsEngine forProfiling(WebApiSet apis, java.util.Map<String, String> engineOptions) {
        return new JsEngine(apis, engineOptions);
    }

    private JsEngine(WebApiSet apis, java.util.Map<String, String> engineOptions) {
        this.apis = apis;
        this.sandbox = engineOptions.isEmpty() ? SandboxPolicy.CONSTRAINED : SandboxPolicy.TRUSTED;
        this.engine = Engine.newBuilder("js")
                .sandbox(sandbox)
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .option("engine.WarnInterpreterOnly", "false")
                .options(engineOptions)
                .build();
        this.prelude = apis.prelude().stream().map(JsEngine::load).toList();
        this.internalSeed = Source.newBuilder("js", "({ token: Object.freeze({}) })", "edge:internal.js")
                .buildLiteral();
    }

    private static Source load(String name) {
        if (name.startsWith(WEBJAR)) {
            return library(name.substring(WEBJAR.length()));
        }
        String path = "/io/edgeworks/edge/api/" + name;
        return Source.newBuilder("js", read(path), "edge:" + name).buildLiteral();
    }

    /**
     * A CommonJS/UMD library from the npm webjar {@code <package>/<file>}, wrapped as a prelude function
     * that stores the library's exports as {@code internal.lib["<package>"]} instead of touching the
     * global object; the prelude file of the Web API it backs decides what becomes a global.
     */
    private static Source library(String packageAndFile) {
        int slash = packageAndFile.indexOf('/');
        String pkg = packageAndFile.substring(0, slash);
        String version = webjarVersion(pkg);
        String code = read("/META-INF/resources/webjars/" + pkg + "/" + version + "/" + packageAndFile.substring(slash + 1));
        String wrapped = "(function (host, internal) {\nconst exports = {}, module = { exports };\n" + code
                + "\n;(internal.lib || (internal.lib = {}))['" + pkg + "'] = module.exports;\n})";
        return Source.newBuilder("js", wrapped, "lib:" + pkg + "@" + version).buildLiteral();
    }

    private static String webjarVersion(String pkg) {
        java.util.Properties props = new java.util.Properties();
        try (InputStream in = JsEngine.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/" + pkg + "/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("webjar missing from the class path: org.webjars.npm:" + pkg);
            }
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return props.getProperty("version");
    }

    private static String read(String path) {
        try (InputStream in = JsEngine.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("prelude resource missing: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh sandboxed context on the shared engine whose only files are {@code modules}. */
    Context newContext(ModuleFileSystem modules) {
        return Context.newBuilder("js")
                .engine(engine)
                .sandbox(sandbox)
                .allowHostAccess(HOST_ACCESS)
                .allowHostClassLookup(name -> false)
                .allowCreateThread(false)
                .allowNativeAccess(false)
                .allowCreateProcess(false)
                .allowIO(IOAccess.newBuilder().fileSystem(modules).build())
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .option("js.esm-eval-returns-exports", "true")
                .option("js.load", "false")
                .option("js.print", "false")
                .option("js.graal-builtin", "false")
                .build();
    }

    List<Source> prelude() {
        return prelude;
    }

    Source internalSeed() {
        return internalSeed;
    }

    WebApiSet apis() {
        return apis;
    }

    /** "GraalVM CE" (or another optimizing runtime name) when the Graal JIT is active, else "Interpreted". */
    public String implementationName() {
        return engine.getImplementationName();
    }

    public boolean optimizing() {
        return !implementationName().toLowerCase(java.util.Locale.ROOT).contains("interpreted");
    }

    public String version() {
        return engine.getVersion();
    }

    @Override
    public void close() {
        try {
            engine.close(true);
        } catch (RuntimeException e) {
            LOG.debug("closing the engine", e);
        }
    }
}
