package io.edgeworks.systemtests.support;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waiting for eventually consistent state (publication through Redis) without fixed sleeps. */
public final class Poll {
    private static final long INTERVAL_MS = 100;

    private Poll() {
    }

    /**
     * Evaluates {@code probe} every 100 ms until {@code wanted} holds, for at most {@code timeout}. Answers
     * the first value that satisfied it; fails naming what was awaited and the last value seen.
     */
    public static <T> T until(Duration timeout, Supplier<T> probe, Predicate<T> wanted, String what) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        T last;
        while (true) {
            last = probe.get();
            if (wanted.test(last)) {
                return last;
            }
            if (System.nanoTime() >= deadline) {
                break;
            }
            try {
                Thread.sleep(INTERVAL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
        String seen = last instanceof Reply reply ? "\n" + reply.describe() : " " + last;
        throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what + "; last seen:" + seen);
    }

    /** Milliseconds since {@code startNanos} (from {@link System#nanoTime()}). */
    public static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
