package io.edgeworks.edge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The accounts' credit of CPU time beyond their requests' limits (with a fake clock); the watchdog and the requests that
 * use it are IsolationAndLimitsTest's and TenantIsolationTest's.
 */
class CpuBurstTest {
    private long now = 1_000;
    private final List<String> log = new ArrayList<>();
    private final CpuBurst burst = new CpuBurst(ms(1_000), 0.01, ms(400), () -> now, new RuntimeEvents() {
        @Override
        public void tenantLog(LogLine line) {
            log.add(line.environment() + " " + line.level() + ": " + line.message());
        }
    });
    private final WorkerVersion evil = TestWorkers.version("evil/spin/production", "export default {}");
    private final WorkerVersion evilToo = TestWorkers.version("evil/other/production", "export default {}");
    private final WorkerVersion good = TestWorkers.version("good/app/production", "export default {}");

    private static long ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    void aRequestIsGrantedAtMostTheStartUpLimitAndGivesBackWhatItDidNotUse() {
        assertEquals(ms(400), burst.grant(evil));
        burst.giveBack("evil", ms(400), ms(30)); // a cold request 30 ms over its limit
        assertEquals(ms(400), burst.grant(evil), "970 ms left: a whole grant");
        burst.giveBack("evil", ms(400), ms(400)); // a spinner's request uses all of it
        assertEquals(ms(400), burst.grant(evilToo), "570 ms left, shared by the account's versions");
        assertEquals(ms(170), burst.grant(evil), "what is left, once the two grants above are out");
        assertEquals(0, burst.grant(evil), "empty: the next request ends at its limit");
        assertEquals(ms(400), burst.grant(good), "another account has its own credit");
        assertEquals(1, log.stream().filter(line -> line.startsWith("evil/spin/production warn: this account used its credit"
                + " of CPU time beyond its requests' CPU limits on this node (1,000 ms, then 1% of one core")).count(), log::toString);
        assertEquals(1, log.size(), "one line when the credit runs out, not one per request: " + log);
        assertEquals(ms(430), burst.usedNanos());
        assertEquals(2, burst.requests());
    }

    @Test
    void theCreditRefillsAtItsShareOfOneCoreAndFullBucketsAreDropped() {
        for (int i = 0; i < 2; i++) {
            burst.giveBack("evil", burst.grant(evil), ms(400));
        }
        assertEquals(ms(200), burst.grant(evil));
        burst.giveBack("evil", ms(200), ms(250)); // used more than granted between two looks of the watchdog
        assertEquals(0, burst.grant(evil));
        now += TimeUnit.SECONDS.toNanos(10); // 1% of 10 s
        assertEquals(ms(100), burst.grant(evil));
        burst.giveBack("evil", ms(100), -5); // ended inside its limit: all of it back
        burst.giveBack("good", burst.grant(good), 0);
        assertEquals(2, burst.accounts());
        burst.sweep();
        assertEquals(1, burst.accounts(), "good's bucket is full again: dropped");
        now += TimeUnit.SECONDS.toNanos(90);
        burst.sweep();
        assertEquals(0, burst.accounts(), "evil's has refilled in 100 s");
        assertEquals(ms(400), burst.grant(evil));
    }

    @Test
    void startUpsAreChargedAndARealmStartedAgainWaitsWhileTheCreditIsSpent() {
        assertTrue(burst.available(evil), "an account never seen has its whole credit");
        burst.charge(evil, ms(700));
        assertTrue(burst.available(evil), "300 ms left");
        burst.charge(evilToo, ms(700));
        assertTrue(!burst.available(evil) && !burst.available(evilToo), "-400 ms: the account's realms wait");
        assertTrue(burst.available(good));
        assertEquals(0, burst.grant(evil), "and its requests are held to their limits");
        now += TimeUnit.SECONDS.toNanos(41); // +410 ms
        assertTrue(burst.available(evil), "10 ms back: one start-up may go");
        assertEquals(ms(1_400), burst.startUpNanos());
        assertEquals(1, log.size(), "one line when the credit ran out: " + log);
    }

    @Test
    void aRealmThatEndedOnALimitIsRememberedNodeWideUntilOneStartsAgain() {
        // one record for the node, not one per worker thread: a version whose realm ended on one thread would
        // otherwise have each thread start it once more on a spent credit
        burst.ended(evil.contextKey());
        assertTrue(burst.endedBefore(evil.contextKey()));
        assertTrue(!burst.endedBefore(evilToo.contextKey()), "per version");
        burst.started(evil.contextKey());
        assertTrue(!burst.endedBefore(evil.contextKey()), "a realm started (on any thread): the record goes");
        CpuBurst none = new CpuBurst(0, 0.01, ms(400), () -> now, RuntimeEvents.NONE);
        none.ended(evil.contextKey());
        assertTrue(!none.endedBefore(evil.contextKey()), "switched off: nothing is remembered");
    }

    @Test
    void noCreditWhenSwitchedOffAndBadSettingsAreRefused() {
        CpuBurst none = new CpuBurst(0, 0.01, ms(400), () -> now, RuntimeEvents.NONE);
        assertEquals(0, none.grant(evil));
        none.charge(evil, ms(5_000));
        assertTrue(none.available(evil), "switched off: restarts are neither charged nor refused");
        assertEquals(0, none.accounts());
        assertThrows(IllegalArgumentException.class, () -> new CpuBurst(-1, 0.01, ms(400), () -> 0, RuntimeEvents.NONE));
        assertThrows(IllegalArgumentException.class, () -> new CpuBurst(1, 1.5, ms(400), () -> 0, RuntimeEvents.NONE));
        assertTrue(RuntimeSettings.Fairness.DEFAULT.withCpuBurstMs(-1).cpuBurstMsOrDefault() == 0);
        assertEquals(RuntimeSettings.Fairness.CPU_BURST_MS, RuntimeSettings.Fairness.DEFAULT.cpuBurstMsOrDefault());
    }
}
