package io.edgeworks.edge.runtime;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.graalvm.polyglot.Context;
import org.jboss.logging.Logger;

/**
 * Enforces the per-request CPU, start-up, wall-clock and allocation limits. Every few milliseconds it
 * looks at the request on top of each worker thread's stack, measures the thread's CPU time and
 * allocated bytes since that request started (minus nested service binding calls, which have their own
 * budget), and interrupts the context of a request over its limit ({@link Context#interrupt}, which
 * stops even {@code while(true){}} within milliseconds and leaves other contexts untouched).
 */
final class Watchdog implements Runnable {
    private static final Logger LOG = Logger.getLogger(Watchdog.class);
    private static final long REINTERRUPT_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final WorkerPool pool;
    private final Thread thread;
    private final ExecutorService interrupter = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean running = true;

    Watchdog(WorkerPool pool) {
        this.pool = pool;
        this.thread = Thread.ofPlatform().name("edge-watchdog").daemon(true).unstarted(this);
    }

    void start() {
        thread.start();
    }

    void stop() {
        running = false;
        thread.interrupt();
        interrupter.shutdownNow();
    }

    @Override
    public void run() {
        long interval = TimeUnit.MILLISECONDS.toNanos(Math.max(1, pool.settings().watchdogIntervalMillis()));
        while (running) {
            try {
                TimeUnit.NANOSECONDS.sleep(interval);
                for (WorkerThread worker : pool.workers()) {
                    check(worker);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("watchdog check failed", e);
            }
        }
    }

    private void check(WorkerThread worker) {
        Invocation inv = worker.current();
        if (inv == null) {
            return;
        }
        if (inv.limitHit() == null) {
            long now = System.nanoTime();
            long cpu = worker.threadCpu() - inv.cpuStart - inv.cpuExcluded;
            boolean startup = inv.phase == Invocation.Phase.STARTUP;
            long cpuLimitMs = startup ? inv.limits.startupMs() : inv.limits.cpuMs();
            if (inv.phase != Invocation.Phase.PRELUDE && cpu > TimeUnit.MILLISECONDS.toNanos(cpuLimitMs)) {
                inv.trip(startup ? LimitKind.STARTUP : LimitKind.CPU, TimeUnit.NANOSECONDS.toMillis(cpu) + " ms > " + cpuLimitMs + " ms");
            } else if (now - inv.deadlineNanos > 0) {
                inv.tripDeadline();
            } else if (worker.threadAllocated() - inv.allocStart - inv.allocExcluded > inv.limits.allocatedBytes()) {
                inv.trip(LimitKind.MEMORY, "> " + inv.limits.allocatedBytes() + " bytes");
            } else {
                return;
            }
        }
        long now = System.nanoTime();
        if (now - inv.lastInterruptNanos < REINTERRUPT_NANOS) {
            return;
        }
        inv.lastInterruptNanos = now;
        Context context = inv.polyglot;
        if (context != null && worker.current() == inv) {
            interrupter.execute(() -> interrupt(context));
        }
    }

    private static void interrupt(Context context) {
        try {
            context.interrupt(Duration.ofMillis(200));
        } catch (TimeoutException e) {
            // not executing any more, or it will be re-interrupted on the next check
        } catch (RuntimeException e) {
            LOG.debug("interrupt failed", e);
        }
    }
}
