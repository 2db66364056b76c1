package io.edgeworks.edge.runtime;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.graalvm.polyglot.Context;
import org.jboss.logging.Logger;

/**
 * Enforces the per-request CPU, start-up, wall-clock and allocation limits, and the CPU time of a realm's heap walk
 * ({@code edge.limits.context-heap-walk-ms}, {@link WorkerThread#boundWalk}). Every few milliseconds it
 * looks at the invocation on top of each worker thread's stack and checks its own CPU time (minus nested
 * service binding calls) against its worker's limit, and the request's {@link RequestBudget} (CPU time,
 * deadline, allocated bytes of the whole request, binding calls included) against the limits of the worker
 * the client reached; it interrupts the context of an invocation over either ({@link Context#interrupt}, which
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
        long heapEvery = Math.max(1, TimeUnit.MILLISECONDS.toNanos(100) / interval);
        long walkBudget = TimeUnit.MILLISECONDS.toNanos(pool.settings().contextHeapWalkMs());
        long round = 0;
        while (running) {
            try {
                TimeUnit.NANOSECONDS.sleep(interval);
                for (WorkerThread worker : pool.workers()) {
                    check(worker, walkBudget);
                }
                if (++round % heapEvery == 0) {
                    pool.heapGuard().check();
                    pool.cpuBurst().sweep();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("watchdog check failed", e);
            }
        }
    }

    private void check(WorkerThread worker, long walkBudgetNanos) {
        Invocation inv = worker.current();
        if (inv == null) {
            worker.boundWalk(walkBudgetNanos); // a realm walk runs between requests
            return;
        }
        if (inv.limitHit() == null) {
            long now = System.nanoTime();
            long threadCpu = worker.threadCpu();
            long cpu = threadCpu - inv.cpuStart - inv.cpuExcluded;
            RequestBudget budget = inv.budget;
            boolean startup = inv.phase == Invocation.Phase.STARTUP;
            String startupBilled = inv.startupBilled;
            boolean tenantCode = inv.phase != Invocation.Phase.PRELUDE;
            long cpuLimit = TimeUnit.MILLISECONDS.toNanos(startup ? inv.limits.startupMs() : inv.limits.cpuMs());
            // past its own limit: a start-up's is firm, a request's may be extended once from its account's CpuBurst
            if (tenantCode && (startup ? cpu > cpuLimit : budget.over(cpu, cpuLimit))) {
                long burst = startup ? 0 : budget.burstNanos;
                inv.trip(startup ? LimitKind.STARTUP : LimitKind.CPU, TimeUnit.NANOSECONDS.toMillis(cpu) + " ms > "
                        + TimeUnit.NANOSECONDS.toMillis(cpuLimit) + " ms" + (burst > 0 ? " + "
                        + TimeUnit.NANOSECONDS.toMillis(burst) + " ms of its account's CPU burst" : ""));
                cpuLimit += burst;
            } else if (tenantCode && (!startup || startupBilled != null) && budget.overCpu(threadCpu)) {
                // The request as a whole (this worker and those it called through bindings) is over its CPU time; a
                // start-up the request pays for is held to it too.
                budget.exhaust(LimitKind.CPU, inv.version.label());
                inv.trip(LimitKind.CPU, budget.detail(inv.version.label()) + (startup && startupBilled != null
                        ? " (its realm's start-up included: " + startupBilled + ")" : ""));
            } else if (now - budget.deadlineNanos > 0) {
                budget.exhaust(inv.phase == Invocation.Phase.STREAMING ? LimitKind.STREAM_IDLE : LimitKind.WALL_CLOCK, inv.version.label());
                inv.tripDeadline();
            } else if (budget.allocated(worker.threadAllocated()) > budget.limits.allocatedBytes()) {
                budget.exhaust(LimitKind.MEMORY, inv.version.label());
                inv.trip(LimitKind.MEMORY, "> " + budget.limits.allocatedBytes() + " bytes");
            } else {
                return;
            }
            if (LOG.isDebugEnabled() && inv.limitHit() == LimitKind.CPU) {
                traceCpuTrip(worker, inv, threadCpu, cpu, cpuLimit);
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

    /**
     * At DEBUG: what decided a CPU trip and where the worker thread was (its Java stack shows whether the time went
     * to the tenant's code, the engine's interpreter, class loading or the host), for an operator to tell a tenant
     * that spins from time the node lost elsewhere.
     */
    private static void traceCpuTrip(WorkerThread worker, Invocation inv, long threadCpu, long cpu, long cpuLimit) {
        RequestBudget budget = inv.budget;
        StringBuilder out = new StringBuilder(2048).append("CPU trip of ").append(inv.version.label()).append(" on ")
                .append(worker.thread().getName()).append(": phase=").append(inv.phase).append(" own_cpu_ms=")
                .append(cpu / 1_000_000.0).append(" own_limit_ms=").append(cpuLimit / 1_000_000.0).append(" budget_cpu_ms=")
                .append(budget.cpuUsed(threadCpu) / 1_000_000.0).append(" budget_limit_ms=")
                .append(budget.cpuLimitNanos / 1_000_000.0).append(" burst_ms=").append(budget.burstNanos / 1_000_000.0).append(" budget_excluded_ms=")
                .append(budget.cpuExcluded / 1_000_000.0).append(" entry=").append(inv.entry())
                .append(" wall_since_budget_ms=")
                .append((System.nanoTime() - budget.startedNanos) / 1_000_000.0);
        for (StackTraceElement frame : worker.thread().getStackTrace()) {
            out.append("\n\tat ").append(frame);
        }
        LOG.debug(out.toString());
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
