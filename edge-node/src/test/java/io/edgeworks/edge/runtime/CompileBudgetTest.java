package io.edgeworks.edge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The accounts' token buckets of JIT compiler time (with a fake clock); the listener that charges them is CompilationBoundsTest's. */
class CompileBudgetTest {
    private long now = 1_000;
    private final List<String> events = new ArrayList<>();
    private final CompileBudget budget = new CompileBudget(ms(1_000), 0.25, () -> now, new RuntimeEvents() {
        @Override
        public void compiled(String account, long cpuNanos) {
            events.add(account + " compiled " + TimeUnit.NANOSECONDS.toMillis(cpuNanos) + " ms");
        }

        @Override
        public void compileDeferred(String account) {
            events.add(account + " deferred");
        }

        @Override
        public void tenantLog(LogLine line) {
            events.add(line.environment() + " v" + line.version() + " " + line.level() + ": " + line.message());
        }
    });

    private static long ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    void anAccountHasItsBurstThenItsShareOfTheCompilerAndOthersKeepTheirs() {
        assertTrue(budget.allows("a"));
        assertFalse(budget.charge("a", ms(600)), "600 of 1,000 ms: not empty yet");
        assertTrue(budget.allows("a"));
        assertTrue(budget.charge("a", ms(900)), "the charge that empties the bucket says so");
        assertFalse(budget.allows("a"), "-500 ms left");
        assertTrue(budget.allows("b"), "another account is untouched");
        assertFalse(budget.charge("a", ms(10)), "already empty: only the emptying charge reports");

        now += ms(2_000); // a quarter of a compiler's time comes back: +500 ms -> -10 ms
        assertFalse(budget.allows("a"));
        now += ms(100); // +25 ms -> 15 ms
        assertTrue(budget.allows("a"));
        now += ms(60_000);
        assertEquals(ms(1_000), budget.usage("a").tokensNanos(), "refilled up to the burst, no further");

        budget.deferred("a");
        assertEquals(new CompileBudget.Usage(ms(1_510), 1, ms(1_000)), budget.usage("a"));
        assertEquals(new CompileBudget.Usage(0, 0, ms(1_000)), budget.usage("b"));
        assertEquals(1, budget.deferredTotal());
        assertEquals(ms(1_510), budget.chargedNanosTotal());
        assertEquals(List.of("a compiled 600 ms", "a compiled 900 ms", "a compiled 10 ms", "a deferred"), events);
    }

    @Test
    void frequentLooksLoseNoRefill() {
        budget.charge("a", ms(1_000));
        for (int i = 0; i < 4_000; i++) {
            now += 3; // under one nanosecond of refill each
            budget.allows("a");
        }
        assertEquals(3_000, budget.usage("a").tokensNanos(), 2, "12,000 ns at a quarter");
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CompileBudget(0, 0.2, () -> 0, RuntimeEvents.NONE));
        assertThrows(IllegalArgumentException.class, () -> new CompileBudget(1, 1.5, () -> 0, RuntimeEvents.NONE));
    }

    @Test
    void preludeSourcesAreNobodys() {
        assertTrue(CompileAccounting.isPrelude("edge:fetch.js", null));
        assertTrue(CompileAccounting.isPrelude("lib:web-streams-polyfill@3.3.3", null));
        assertTrue(CompileAccounting.isPrelude("kv.js", "/edge/cloudflare/kv.js"));
        assertFalse(CompileAccounting.isPrelude("worker.js", "/worker/worker.js"));
        assertFalse(CompileAccounting.isPrelude("worker.js", null));
    }

    @Test
    void theTenantIsToldOnceWhenItsShareIsUsedUp() {
        budget.emptied(TestWorkers.version("acme/shop/production", "export default {}"));
        assertEquals(1, events.size());
        assertTrue(events.getFirst().startsWith("acme/shop/production v1 warn: JIT compilation of this account's code is paused"),
                events.getFirst());
        assertTrue(events.getFirst().contains("1,000 ms at once, then 25% of one compiler thread"), events.getFirst());
    }
}
