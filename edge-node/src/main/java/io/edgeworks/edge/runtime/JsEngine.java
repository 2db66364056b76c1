package io.edgeworks.edge.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.io.IOAccess;
import org.jboss.logging.Logger;

/**
 * The one GraalJS {@link Engine} of this edge node, shared by every context so that parsed sources (the
 * Web API prelude, and tenant modules) and compiled code are shared. Contexts are sandboxed: no host
 * object access (Java is reached only through the explicit proxies of {@link HostBridge}), no host class
 * lookup, threads, native access, processes or host I/O; the only file system is the version's own
 * in-memory module tree, and no code is compiled from strings ({@code eval}, {@code new Function}; GraalJS's
 * module loader would evaluate {@code import('data:…')} itself, without the file system: {@link
 * UploadedModulesLoader} refuses it, the fixture {@code code-loading} tries). Every restriction of GraalJS's {@link
 * SandboxPolicy#CONSTRAINED} policy is set explicitly, but the policy itself is {@link
 * SandboxPolicy#TRUSTED}: GraalJS accepts the options that bound single allocations and remove the Java
 * package globals only up to TRUSTED (see {@link #TRUSTED_ONLY_OPTIONS}).
 */
public final class JsEngine implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(JsEngine.class);

    private static final String WEBJAR = "webjar:";

    static final HostAccess HOST_ACCESS = HostAccess.newBuilder().allowMutableTargetMappings().build();

    /** The allocation limit the single-allocation bounds derive from when none is given (edge.limits.allocated-bytes). */
    public static final long DEFAULT_ALLOCATED_BYTES = 256L << 20;

    /** GraalJS's own ceilings (js.max-typed-array-length and js.string-length-limit defaults). */
    private static final long GRAAL_MAX_BUFFER_BYTES = Integer.MAX_VALUE - 8;
    private static final long GRAAL_MAX_STRING_LENGTH = (1 << 30) - 25;

    private final Engine engine;
    private final List<Source> prelude;
    /** Built-in modules by specifier, each a module source at a path outside the version's tree ({@link #builtinPath}). */
    private final Map<String, Source> builtins;
    private final Source internalSeed;
    private final WebApiSet apis;
    private final Map<String, String> contextOptions;
    /** Truffle's compilation mode in effect, or null on a runtime without the Graal compiler. */
    private final String compilationMode;
    private final ParsedCodeReleaser parsedCodeReleaser;
    /** What a realm keeps on the heap, or null on the fallback runtime, which cannot walk it. */
    private final ContextHeap contextHeap;

    /**
     * An engine whose realms get {@code apis} (their prelude scripts, evaluated in this order in every context,
     * an entry starting with {@value #WEBJAR} being a library from a webjar on the class path, see
     * {@link #library}; and their host functions), with single allocations bounded for the default
     * allocation limit (256 MiB).
     */
    public JsEngine(WebApiSet apis) {
        this(apis, DEFAULT_ALLOCATED_BYTES);
    }

    /**
     * An engine whose contexts bound every single allocation to a quarter of {@code allocatedBytes} (the
     * per-request allocation limit): see {@link #maxBufferBytes} and {@link #maxStringLength}.
     */
    public JsEngine(WebApiSet apis, long allocatedBytes) {
        this(apis, Map.of(), allocatedBytes);
    }

    /**
     * An engine for profiling the runtime (RequestLoopBench): Truffle's CPU sampler and compilation traces
     * take engine options the edge itself never sets. Never used by the edge itself.
     */
    static JsEngine forProfiling(WebApiSet apis, Map<String, String> engineOptions) {
        return new JsEngine(apis, engineOptions, DEFAULT_ALLOCATED_BYTES);
    }

    private JsEngine(WebApiSet apis, Map<String, String> engineOptions, long allocatedBytes) {
        this.apis = apis;
        String mode = System.getProperty("polyglot.engine.Mode", COMPILATION_MODE);
        Engine built = buildEngine(engineOptions, mode);
        this.engine = built != null ? built : engineBuilder().options(engineOptions).build();
        this.compilationMode = built != null ? mode : null;
        this.prelude = apis.prelude().stream().map(JsEngine::load).toList();
        Map<String, Source> modules = new LinkedHashMap<>();
        apis.modules().forEach((specifier, resource) -> modules.put(specifier, builtin(specifier, resource)));
        this.builtins = java.util.Collections.unmodifiableMap(modules);
        this.internalSeed = Source.newBuilder("js", "({ token: Object.freeze({}) })", "edge:internal.js")
                .buildLiteral();
        Map<String, String> options = new LinkedHashMap<>(SANDBOX_OPTIONS);
        options.putAll(memoryOptions(allocatedBytes));
        this.contextOptions = Map.copyOf(options);
        this.parsedCodeReleaser = new ParsedCodeReleaser(() -> newContext(new ModuleFileSystem()));
        this.contextHeap = ContextHeap.of(engine, optimizing());
    }

    /**
     * Truffle's speculation on the argument and return types of calls, off. Compiled code that speculated on a
     * call's return type is invalidated by the first call that returns another type, in the interpreter, on the
     * thread that made the call, and HotSpot invalidates compiled code by walking the whole code cache (25,000
     * methods on a warm node: Graal, Quarkus, GraalJS, every tenant's compiled functions) once per dependent method:
     * tens of milliseconds of CPU time on a request's thread, which the request was billed and died of (a canary
     * router's rare retry path, 503 "CPU limit", on each fresh node we tried: deploy/bench/RESULTS.md, "Engine
     * work billed to a request"). The speculation is worth nothing measurable on our scenarios (RequestLoopBench
     * with and without). The options are experimental in Truffle 25: an engine without them still starts, with the
     * speculation on.
     */
    static final Map<String, String> NO_CALL_SITE_TYPE_SPECULATION = Map.of(
            "engine.ReturnTypeSpeculation", "false",
            "engine.ArgumentTypeSpeculation", "false");

    /**
     * The name of the function each prelude script (and each webjar library, {@link #library}) is wrapped in: it
     * runs once per realm, at the realm's creation, and sets up that realm's Web APIs.
     */
    static final String REALM_SETUP = "edgeworks$realmSetup";

    /** How every prelude script (and {@link #library}'s wrapper) begins: its realm set-up function. */
    static final String REALM_SETUP_OPENING = "(function " + REALM_SETUP + "(host, internal) {";

    /**
     * The realm set-up functions are never compiled. Their code is shared by every realm of the engine, so their
     * call counts add up over the node's life, and after a few hundred realm creations (every context of every
     * environment on every worker thread, spare realms, contexts rebuilt after eviction) Truffle compiled them:
     * the web-streams-polyfill's factory alone (5,000 AST nodes) took 35 s of compiler time and 570 KB of code
     * cache, and its compiler graph, on the Java heap with jargraal, was promoted by young collections until
     * G1 ran back-to-back marking cycles with pauses of 100-500 ms, for every tenant of the node
     * (deploy/bench/RESULTS.md, "Realm set-up compiled"); eight of our own scripts' wrappers took 2-8 s each, some
     * again after the code cache flushed them. Compiled, they would save little: each runs once per realm.
     * ({@code engine.CompileOnly} excludes every call target whose name contains the exclusion; an experimental
     * option of Truffle 25, with the same fallback as {@link #NO_CALL_SITE_TYPE_SPECULATION}.)
     */
    static final Map<String, String> NEVER_COMPILE_REALM_SETUP = Map.of("engine.CompileOnly", "~" + REALM_SETUP);

    /**
     * One compilation's graph is capped: partial evaluation of a call target whose graph grows past
     * {@code compiler.MaximumGraalGraphSize} nodes is given up, and Truffle then compiles the function's body in
     * partial units that fit, or leaves it interpreted (its cost billed to the requests that run it). Truffle 25's
     * default is no cap: one compilation had no bound (a tenant's 17,000-node function was one compilation of 8.3 s
     * on the one compiler thread, its whole graph on the shared heap at once; the streams library's factory took
     * 35 s). The cap does not bound a tenant's total: the compiler thread is shared by every tenant, and a hostile
     * one keeps it busy in proportion to its code, billed to no request, during its traffic and after it
     * (deploy/bench/RESULTS.md, "Compile bombs"). It sits above the largest graph of our own code (clone.js's
     * structured-clone serializer is given up at 20,000).
     */
    static final Map<String, String> BOUNDED_COMPILATION = Map.of("compiler.MaximumGraalGraphSize", "50000");

    /** The Truffle compilation mode of the edge's engine unless {@code -Dpolyglot.engine.Mode} names another. */
    static final String COMPILATION_MODE = "latency";

    /**
     * The engine, in Truffle's {@code latency} compilation mode ({@link #COMPILATION_MODE}): an edge node
     * runs many small guest programs, each of which should reach its compiled speed within its first
     * thousands of requests, after every start and every deploy, rather than a few percent more peak after
     * minutes (measured in deploy/bench/RESULTS.md, "Truffle's latency compilation mode"). On a runtime
     * without the Graal compiler (the fast test tier, or a JDK without JVMCI) the option does not exist
     * and the engine is built without it.
     */
    private static Engine buildEngine(Map<String, String> engineOptions, String mode) {
        try {
            return engineBuilder().allowExperimentalOptions(true).options(NO_CALL_SITE_TYPE_SPECULATION)
                    .options(NEVER_COMPILE_REALM_SETUP).options(BOUNDED_COMPILATION).option("engine.Mode", mode)
                    .options(engineOptions).build();
        } catch (IllegalArgumentException noSuchOption) {
            // a Truffle without these (experimental) options: the compilation mode alone
            LOG.debugf("call-site type speculation left on, realm set-up compiled, compilations unbounded: %s",
                    noSuchOption.getMessage());
        }
        try {
            return engineBuilder().option("engine.Mode", mode).options(engineOptions).build();
        } catch (IllegalArgumentException refused) {
            // expected on a runtime without the compiler (no such option); a mode named by the operator that does not
            // apply (a typo, or no compiler) is worth a warning
            if (System.getProperty("polyglot.engine.Mode") != null) {
                LOG.warnf("-Dpolyglot.engine.Mode=%s not applied: %s", mode, refused.getMessage());
            } else {
                LOG.debugf("engine.Mode=%s not applied: %s", mode, refused.getMessage());
            }
            return null;
        }
    }

    private static Engine.Builder engineBuilder() {
        return Engine.newBuilder("js")
                .sandbox(SandboxPolicy.TRUSTED)
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .option("engine.WarnInterpreterOnly", "false");
    }

    /**
     * Options GraalJS allows under its {@link SandboxPolicy#CONSTRAINED} policy: no shell or Graal
     * built-ins, and no code generation from strings ({@code eval}, {@code new Function}, the async and
     * generator function constructors all throw an {@code EvalError}), as in Workers at request time.
     */
    static final Map<String, String> SANDBOX_OPTIONS = orderedMap(
            "js.esm-eval-returns-exports", "true",
            "js.load", "false",
            "js.print", "false",
            "js.graal-builtin", "false",
            "js.allow-eval", "false");

    /**
     * Options that GraalJS allows only up to {@link SandboxPolicy#TRUSTED} (which is why contexts use that
     * policy, with every restriction of CONSTRAINED set explicitly in {@link #newContext}; {@code
     * JsEngineSandboxTest} checks that the rest still passes CONSTRAINED's validation):
     * <ul>
     *   <li>no host-ish globals: no Java package objects ({@code Packages}, {@code java}, {@code javafx} …),
     *       no {@code Polyglot}, no shell {@code arguments};</li>
     *   <li>single allocations bounded by the request's allocation limit (see {@link #memoryOptions}).</li>
     * </ul>
     */
    static final Map<String, String> TRUSTED_ONLY_OPTIONS = orderedMap(
            "js.java-package-globals", "false",
            "js.polyglot-builtin", "false",
            "js.polyglot-evalfile", "false",
            "js.global-arguments", "false");

    /**
     * The single-allocation bounds: an ArrayBuffer, SharedArrayBuffer, resizable buffer's maximum or typed
     * array holds at most {@link #maxBufferBytes} bytes, a string at most {@link #maxStringLength}
     * characters (two bytes each at worst), so no single allocation exceeds a quarter of the request's
     * allocation limit: beyond it the worker gets a catchable {@code RangeError} before anything is
     * allocated, and the watchdog's allocated-bytes limit bounds the sum of many smaller ones.
     */
    static Map<String, String> memoryOptions(long allocatedBytes) {
        Map<String, String> options = new LinkedHashMap<>(TRUSTED_ONLY_OPTIONS);
        options.put("js.max-typed-array-length", Long.toString(maxBufferBytes(allocatedBytes)));
        options.put("js.string-length-limit", Long.toString(maxStringLength(allocatedBytes)));
        return options;
    }

    /** Largest ArrayBuffer (or typed array) in bytes: a quarter of the allocation limit, at least 1 MiB. */
    public static long maxBufferBytes(long allocatedBytes) {
        return Math.clamp(allocatedBytes / 4, 1L << 20, GRAAL_MAX_BUFFER_BYTES);
    }

    /** Longest string in characters: an eighth of the allocation limit (a quarter in UTF-16 bytes), at least 512 Ki. */
    public static long maxStringLength(long allocatedBytes) {
        return Math.clamp(allocatedBytes / 8, 1L << 19, GRAAL_MAX_STRING_LENGTH);
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    private static Source load(String name) {
        if (name.startsWith(WEBJAR)) {
            return library(name.substring(WEBJAR.length()));
        }
        String path = "/io/edgeworks/edge/api/" + name;
        String code = read(path);
        if (!code.contains(REALM_SETUP_OPENING)) {
            throw new IllegalStateException("prelude script " + name + " must be wrapped in " + REALM_SETUP_OPENING
                    + " ... }): realm set-up code is never compiled, by that name");
        }
        return Source.newBuilder("js", code, "edge:" + name).buildLiteral();
    }

    /**
     * Where the built-in module {@code specifier} lives in a realm: {@code /edge/<scheme>/<name>.js}, outside
     * {@link ModuleFileSystem#ROOT} (no uploaded module has that path) and in no file system.
     */
    static String builtinPath(String specifier) {
        int colon = specifier.indexOf(':');
        return "/edge/" + specifier.substring(0, colon) + "/" + specifier.substring(colon + 1) + ".js";
    }

    private static Source builtin(String specifier, String resource) {
        return Source.newBuilder("js", new java.io.File(builtinPath(specifier)))
                .content(read("/io/edgeworks/edge/api/" + resource))
                .mimeType("application/javascript+module")
                .cached(true)
                .buildLiteral();
    }

    /**
     * A CommonJS/UMD library from the npm webjar {@code <package>/<file>}, wrapped as a prelude function that stores a
     * loader of the library as {@code internal.libLoaders["<package>"]}: a function that runs the library in the realm
     * when first called and returns its exports. The library is not run at realm set-up: a realm whose worker never
     * needs it does not hold its functions (the streams library is ~32 KB of each realm, an eighth of it). The prelude
     * file of the Web API it backs decides when to load it and what becomes a global.
     */
    private static Source library(String packageAndFile) {
        int slash = packageAndFile.indexOf('/');
        String pkg = packageAndFile.substring(0, slash);
        String version = webjarVersion(pkg);
        String code = umdFactoryNamed(read("/META-INF/resources/webjars/" + pkg + "/" + version + "/"
                + packageAndFile.substring(slash + 1)), packageAndFile);
        String wrapped = REALM_SETUP_OPENING + "\n(internal.libLoaders || (internal.libLoaders = {}))['" + pkg + "'] = function "
                + REALM_SETUP + "() {\nconst exports = {}, module = { exports };\n" + code + "\n;return module.exports;\n};\n})";
        return Source.newBuilder("js", wrapped, "lib:" + pkg + "@" + version).buildLiteral();
    }

    /**
     * A UMD library's factory ({@code (function (exports) { ... })}, the whole library, run once per realm) renamed
     * {@link #REALM_SETUP} so that it is never compiled either; a library of another shape is refused rather than
     * left to be compiled.
     */
    static String umdFactoryNamed(String code, String library) {
        String factory = "(function (exports) {";
        int at = code.indexOf(factory);
        if (at < 0 || code.indexOf(factory, at + 1) >= 0) {
            throw new IllegalStateException("webjar library " + library + " has no single UMD factory '" + factory
                    + "' to name " + REALM_SETUP);
        }
        return code.substring(0, at) + "(function " + REALM_SETUP + "(exports) {" + code.substring(at + factory.length());
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
        Context context = sandboxedContext(modules, SandboxPolicy.TRUSTED).engine(engine)
                .allowExperimentalOptions(true)
                .options(contextOptions)
                .build();
        try {
            UploadedModulesLoader.install(context, builtins.keySet());
        } catch (RuntimeException | Error e) {
            context.close(true);
            throw e;
        }
        return context;
    }

    /**
     * Everything a context is denied, set explicitly rather than left to a sandbox policy's defaults: no
     * host object access beyond the bridge's proxies, no host class lookup (so no {@code Java} global), no
     * host class loading, threads, native access, processes, environment, polyglot access or standard
     * input, and no I/O but the version's module tree. {@code JsEngineSandboxTest} builds this under
     * {@link SandboxPolicy#CONSTRAINED}, whose validation rejects anything weaker.
     */
    static Context.Builder sandboxedContext(ModuleFileSystem modules, SandboxPolicy policy) {
        return Context.newBuilder("js")
                .sandbox(policy)
                .allowHostAccess(HOST_ACCESS)
                .allowHostClassLoading(false)
                .allowCreateThread(false)
                .allowNativeAccess(false)
                .allowCreateProcess(false)
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .allowPolyglotAccess(PolyglotAccess.NONE)
                .allowInnerContextOptions(false)
                .useSystemExit(false)
                .allowIO(IOAccess.newBuilder().fileSystem(modules).build())
                .in(InputStream.nullInputStream())
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .options(SANDBOX_OPTIONS);
    }

    List<Source> prelude() {
        return prelude;
    }

    /** The built-in modules, by specifier, each realm evaluates after its prelude (see {@link WebApiSet#modules}). */
    Map<String, Source> builtins() {
        return builtins;
    }

    Source internalSeed() {
        return internalSeed;
    }

    /**
     * The sources whose parse the engine holds (module sources of live realms, the prelude's scripts and built-in
     * modules); asking removes those whose source was collected (see {@link ParsedCodeReleaser}).
     */
    java.util.Set<Source> cachedSources() {
        return engine.getCachedSources();
    }

    /** How many times the engine was asked to drop the parse of collected sources after a collection. */
    long parsedCodeReleases() {
        return parsedCodeReleaser.runs();
    }

    WebApiSet apis() {
        return apis;
    }

    /** "GraalVM CE" (or another optimizing runtime name) when the Graal JIT is active, else "Interpreted". */
    public String implementationName() {
        return engine.getImplementationName();
    }

    /** Truffle's compilation mode ({@code latency} unless configured), or null when nothing is compiled. */
    public String compilationMode() {
        return compilationMode;
    }

    /**
     * The meter of what a realm keeps on the heap (the per-context heap limit, {@code edge.limits.context-heap-bytes}),
     * or null on the fallback runtime (no Graal compiler), which cannot walk a realm's heap.
     */
    public ContextHeap contextHeap() {
        return contextHeap;
    }

    public boolean optimizing() {
        return !implementationName().toLowerCase(java.util.Locale.ROOT).contains("interpreted");
    }

    public String version() {
        return engine.getVersion();
    }

    @Override
    public void close() {
        parsedCodeReleaser.close();
        try {
            engine.close(true);
        } catch (RuntimeException e) {
            LOG.debug("closing the engine", e);
        }
    }
}
