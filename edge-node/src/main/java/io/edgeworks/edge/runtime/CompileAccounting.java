package io.edgeworks.edge.runtime;

import com.oracle.truffle.api.Truffle;
import com.oracle.truffle.api.nodes.Node;
import com.oracle.truffle.api.nodes.NodeUtil;
import com.oracle.truffle.api.nodes.NodeVisitor;
import com.oracle.truffle.api.nodes.RootNode;
import com.oracle.truffle.api.source.Source;
import com.oracle.truffle.api.source.SourceSection;
import com.oracle.truffle.compiler.TruffleCompilerListener.CompilationResultInfo;
import com.oracle.truffle.compiler.TruffleCompilerListener.GraphInfo;
import com.oracle.truffle.runtime.AbstractCompilationTask;
import com.oracle.truffle.runtime.BaseOSRRootNode;
import com.oracle.truffle.runtime.OptimizedCallTarget;
import com.oracle.truffle.runtime.OptimizedTruffleRuntime;
import com.oracle.truffle.runtime.OptimizedTruffleRuntimeListener;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Charges the JIT compiler's work to the accounts whose code it compiles, and defers the compilations of an account
 * whose {@link CompileBudget} is empty. Listens to the Truffle runtime's compilation events (its
 * {@code OptimizedTruffleRuntimeListener}, the interface its own compilation trace uses; not a public API, so this
 * is installed only when the optimizing runtime is there and its classes link):
 * <ul>
 *   <li><b>queued</b> (on the thread whose call made the function hot: a worker thread running the account's
 *       request, warm-up or version load): the function belongs to the account of the innermost worker running
 *       there, or, queued elsewhere (Truffle re-queues a function too big to compile whole as partial units), to the
 *       account that first queued code of its source. Code of the Web API prelude ({@code edge:}, {@code lib:} and
 *       built-in module sources) and the engine's own built-ins (no source) belong to no one. A hot loop compiled
 *       on stack is its function's (or global scope's) code, and a regular expression's matcher that of whoever ran
 *       it ({@link #isRegex}). An account with an empty bucket has the compilation taken off the queue and the
 *       function's call counts reset;</li>
 *   <li><b>started … succeeded / failed</b> (on the compiler thread): the thread's CPU time in between is charged to
 *       the function's account; a charge that empties the bucket also takes the account's other queued compilations
 *       off the queue, so its backlog does not outlive its budget.</li>
 * </ul>
 * One listener serves every pool of the process (the Truffle runtime is one per JVM); each function's account and
 * budget come from the worker thread that queued it.
 */
final class CompileAccounting implements OptimizedTruffleRuntimeListener {
    private static final Logger LOG = Logger.getLogger(CompileAccounting.class);
    static final String DEFERRED = "the account's share of the JIT compiler is used up (edge CompileBudget)";
    private static volatile CompileAccounting installed;
    /** How many nodes of an on-stack-replacement root are searched for its source (the loop's first statements). */
    private static final int OSR_SEARCH_NODES = 1_000;
    /** The language id of the engine's regular expressions (TRegex). */
    private static final String REGEX = "regex";

    /**
     * Whose code a function is, and the budget (of the pool whose thread queued it) it is charged to; {@code version}
     * is the worker that was running when it was first queued (named in the tenant log when the budget empties).
     */
    record Owner(CompileBudget budget, String account, WorkerVersion version) {
        boolean sameAccount(Owner other) {
            return budget == other.budget && account.equals(other.account);
        }
    }

    private record Running(OptimizedCallTarget target, Owner owner, long cpuStart) {
    }

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    /** Functions queued and not finished, with their owners. */
    private final Map<OptimizedCallTarget, Owner> queued = new WeakHashMap<>();
    /** The owner of each tenant source that had a function queued (for functions queued off a worker thread). */
    private final Map<Source, Owner> sources = new WeakHashMap<>();
    private final ThreadLocal<Running> running = new ThreadLocal<>();

    private CompileAccounting() {
    }

    /** Installs the listener once per JVM; false when the runtime does not compile (interpreter only) or its API differs. */
    static synchronized boolean install() {
        if (installed != null) {
            return true;
        }
        try {
            if (!(Truffle.getRuntime() instanceof OptimizedTruffleRuntime runtime)) {
                return false;
            }
            CompileAccounting listener = new CompileAccounting();
            runtime.addListener(listener);
            installed = listener;
            return true;
        } catch (LinkageError | RuntimeException e) {
            LOG.warnf("JIT compile time cannot be charged to accounts (Truffle runtime API differs: %s); "
                    + "one tenant's compilations can slow the others", e);
            return false;
        }
    }

    @Override
    public void onCompilationQueued(OptimizedCallTarget target, int tier) {
        Owner owner = ownerOf(target);
        if (owner == null) {
            return;
        }
        if (!owner.budget().allows(owner.account())) {
            defer(target, owner);
            return;
        }
        synchronized (this) {
            queued.put(target, owner);
        }
    }

    @Override
    public void onCompilationDequeued(OptimizedCallTarget target, Object source, CharSequence reason, int tier) {
        synchronized (this) {
            queued.remove(target);
        }
    }

    @Override
    public void onCompilationStarted(OptimizedCallTarget target, AbstractCompilationTask task) {
        Owner owner;
        synchronized (this) {
            owner = queued.get(target);
        }
        running.set(owner == null ? null : new Running(target, owner, threads.getCurrentThreadCpuTime()));
    }

    @Override
    public void onCompilationSuccess(OptimizedCallTarget target, AbstractCompilationTask task, GraphInfo graph,
                                     CompilationResultInfo result) {
        finished(target);
    }

    @Override
    public void onCompilationFailed(OptimizedCallTarget target, String reason, boolean bailout, boolean permanentBailout,
                                    int tier, Supplier<String> lazyStackTrace) {
        finished(target);
    }

    private void finished(OptimizedCallTarget target) {
        Running run = running.get();
        running.remove();
        synchronized (this) {
            queued.remove(target);
        }
        if (run == null || run.target() != target) {
            return;
        }
        Owner owner = run.owner();
        if (owner.budget().charge(owner.account(), threads.getCurrentThreadCpuTime() - run.cpuStart())) {
            List<OptimizedCallTarget> backlog = new ArrayList<>();
            synchronized (this) {
                queued.forEach((t, o) -> {
                    if (o.sameAccount(owner)) {
                        backlog.add(t);
                    }
                });
            }
            LOG.debugf("account %s used its share of the JIT compiler: %d queued compilations deferred",
                    owner.account(), backlog.size());
            owner.budget().emptied(owner.version());
            backlog.forEach(t -> defer(t, owner));
        }
    }

    /**
     * Takes {@code target}'s compilation off the queue and resets its call counts, so it is queued again only once it
     * is as hot again (then deferred again while the bucket is empty). A hot loop's on-stack-replacement (OSR) target
     * cannot wait that way: its loop keeps its iteration count past the OSR threshold while it runs, so a cancelled
     * OSR compilation is queued again on the loop's next iteration (90,000 times in 3 requests of a 2,000,000-step
     * loop, each a new root node). It is marked failed instead (silently, as a permanent bailout), which turns OSR off
     * for that loop: the loop runs on interpreted, and is compiled with its function when the function gets hot
     * (a call-counted compilation, under the same budget). CompilationBoundsTest counts the deferrals.
     */
    private static void defer(OptimizedCallTarget target, Owner owner) {
        target.cancelCompilation(DEFERRED);
        if (target.getRootNode() instanceof BaseOSRRootNode) {
            target.onCompilationFailed(() -> DEFERRED, true, true, true, false);
        } else {
            target.resetCompilationProfile();
        }
        owner.budget().deferred(owner.account());
    }

    private Owner ownerOf(OptimizedCallTarget target) {
        Source source = tenantSource(target.getRootNode());
        if (source == null && !isRegex(target.getRootNode())) {
            return null;
        }
        WorkerThread worker = WorkerThread.onThisThread();
        Invocation invocation = worker == null ? null : worker.current();
        synchronized (this) {
            if (invocation == null) {
                return source == null ? null : sources.get(source);
            }
            Owner owner = new Owner(worker.pool().compileBudget(), invocation.version.environment().account(), invocation.version);
            if (source != null) {
                sources.putIfAbsent(source, owner);
            }
            return owner;
        }
    }

    /** The source of a tenant's function; null for the prelude's and the engine's own code (and regexes). */
    static Source tenantSource(RootNode root) {
        SourceSection section = root == null ? null : root.getSourceSection();
        if (section == null && root instanceof BaseOSRRootNode) {
            section = firstSectionBelow(root);
        }
        Source source = section == null ? null : section.getSource();
        if (source == null || source.isInternal()) {
            return null;
        }
        return isPrelude(source.getName(), source.getPath()) ? null : source;
    }

    /**
     * Whether {@code root} is a regular expression's matcher (TRegex, the engine's regex language). Its code is that
     * of whoever runs it: tenants write arbitrary patterns, and each hot one is compiled (its DFA executor, forward,
     * backward and capture-group matchers), from sources the engine marks internal (or none), so a tenant cycling
     * through distinct hot patterns kept the compiler busy for free. Its account is that of the worker running it
     * when it got hot; a pattern of the prelude's is charged the same way (the first account whose requests make it
     * hot pays for a compilation every tenant then shares: few, and small).
     */
    static boolean isRegex(RootNode root) {
        return root != null && root.getLanguageInfo() != null && REGEX.equals(root.getLanguageInfo().getId());
    }

    /** Whether a compilation of {@code root} is charged to an account (a tenant's function or loop, or a regex). */
    static boolean chargeable(RootNode root) {
        return tenantSource(root) != null || isRegex(root);
    }

    /**
     * The source section of the first node under {@code root} that has one. An on-stack-replacement root (a hot
     * loop compiled while it runs) has no section of its own when its loop is in a module's top-level code (the
     * loop node reports none and there is no enclosing function), so without this a global scope's hot loops were
     * compiled for no account. Its loop node is its child, and the loop's body has the module's sections.
     */
    private static SourceSection firstSectionBelow(RootNode root) {
        SourceSection[] found = new SourceSection[1];
        int[] visited = new int[1];
        NodeUtil.forEachChild(root, new NodeVisitor() {
            @Override
            public boolean visit(Node node) {
                SourceSection section = node.getSourceSection();
                if (section != null && section.getSource() != null) {
                    found[0] = section;
                    return false;
                }
                return ++visited[0] < OSR_SEARCH_NODES && NodeUtil.forEachChild(node, this);
            }
        });
        return found[0];
    }

    /** The prelude's sources: {@code edge:} scripts, {@code lib:} libraries, built-in modules under {@code /edge/}. */
    static boolean isPrelude(String name, String path) {
        return name != null && (name.startsWith("edge:") || name.startsWith("lib:"))
                || path != null && path.startsWith("/edge/");
    }
}
