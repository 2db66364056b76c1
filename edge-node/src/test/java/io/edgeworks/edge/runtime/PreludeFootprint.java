package io.edgeworks.edge.runtime;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;

/**
 * What each Web API prelude script costs every realm that holds it: for k = 0 … all scripts, N realms made with the
 * engine's first k prelude scripts evaluated (as {@link WorkerContext#prepare} does, with a host whose every function
 * does nothing: the set-ups only capture them), held, and the heap after full collections divided by N. Prints the bytes
 * per realm after each script and the script's own share (the difference). No worker module, no request: a realm that
 * serves adds the version's module, its {@code env} and what its requests set up on first use (realm/lazy.js). Truffle
 * compiles nothing in this run (its compilations put their graphs on the heap at random moments: ±40 KB per realm).
 *
 * <p>{@code BENCH_CLASS=io.edgeworks.edge.runtime.PreludeFootprint edge-node/profile.sh 150} (realms per step; a
 * minute). Figures in deploy/bench/RESULTS.md, "What each prelude script costs a realm".
 */
public final class PreludeFootprint {
    private static final ProxyExecutable NOTHING = arguments -> null;
    private static final ProxyObject HOST = new ProxyObject() {
        @Override
        public Object getMember(String key) {
            return NOTHING;
        }

        @Override
        public Object getMemberKeys() {
            return new String[0];
        }

        @Override
        public boolean hasMember(String key) {
            return true;
        }

        @Override
        public void putMember(String key, Value value) {
            // the set-ups only read the host
        }
    };

    private PreludeFootprint() {
    }

    public static void main(String[] args) throws Exception {
        int realms = args.length > 0 ? Integer.parseInt(args[0]) : 150;
        // Nothing compiled: compilations put their graphs on the heap at random moments of the measurement
        try (JsEngine engine = JsEngine.forProfiling(io.edgeworks.edge.api.WebApis.all(), java.util.Map.of("engine.Compilation", "false"))) {
            List<Source> prelude = engine.prelude();
            for (int i = 0; i < 20; i++) {
                realm(engine, prelude, prelude.size()).close();   // every script parsed, every shape made, before any step
            }
            System.out.printf("%-45s %12s %12s%n", "prelude up to and including", "bytes/realm", "script");
            long previous = 0;
            for (int k = 0; k <= prelude.size(); k++) {
                List<Context> held = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    held.add(realm(engine, prelude, k));   // the code parsed and the shapes made before the baseline
                }
                long base = heapAfterCollections();
                for (int i = 0; i < realms; i++) {
                    held.add(realm(engine, prelude, k));
                }
                long perRealm = (heapAfterCollections() - base) / realms;
                System.out.printf("%-45s %12d %12d%n", k == 0 ? "(a bare GraalJS realm)" : prelude.get(k - 1).getName(),
                        perRealm, perRealm - previous);
                previous = perRealm;
                held.forEach(Context::close);
            }
        }
    }

    private static Context realm(JsEngine engine, List<Source> prelude, int scripts) {
        Context context = engine.newContext(new ModuleFileSystem());
        Value internal = context.eval(engine.internalSeed());
        for (int i = 0; i < scripts; i++) {
            context.eval(prelude.get(i)).execute(HOST, internal);
        }
        return context;
    }

    private static long heapAfterCollections() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(150);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
