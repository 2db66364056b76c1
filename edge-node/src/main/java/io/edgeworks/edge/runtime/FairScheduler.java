package io.edgeworks.edge.runtime;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Shares the worker threads between accounts. Requests queue per account; idle threads take them round
 * robin over the accounts that have work (deficit round-robin with a quantum of one request), so a tenant
 * with a thousand queued requests delays another tenant's next request by at most one turn.
 *
 * <p>Running JavaScript takes a <em>run slot</em>: there are {@code slots} of them (the pool's base thread
 * count), and one account holds at most {@code accountRunning} at once. A request that waits (a fetch, a
 * timer, a streaming client) gives its slot back and takes one again, in its account's turn, before it
 * runs JavaScript again; so waiting requests do not hold the CPU share that others need, and CPU-bound
 * requests of one account cannot take every slot. An account with nothing running gets a slot even when
 * all are taken (up to twice {@code slots}), so that every account makes progress while others spin.
 * One account holds at most {@code accountConcurrent} threads (running or waiting) and queues at most
 * {@code accountQueued} requests; beyond that {@link #offer} refuses (the edge answers 503 with
 * {@code Retry-After}). A deploy's version load goes first in its own account's lane, in that account's turn and run
 * slots ({@link #load}): it never waits behind the account's backlog, and an account's deploys take no more of the
 * node than its requests may. The host's own work (scripts, the runtime's warm-up) goes ahead of every tenant.
 *
 * <p>A job goes to a thread that holds its version's realm: a free thread that finds a job whose version it has no
 * realm of hands it to a waiting thread that has one, or, while every thread that has one is busy, leaves it for them
 * for up to {@link #AFFINITY_WAIT_NANOS} (the thread that just answered the version's last request is back in tens of
 * microseconds; a start-up costs a millisecond or more) and takes the next account's job meanwhile. So a version
 * served at a rate one thread keeps up with has a realm on one thread, not on every thread that happened to be free
 * (each realm ~200 KB of heap and a start-up), and the node's realms cover that many more versions. A job left longer
 * than that is taken by any free thread, so a busy version gets realms wherever it runs.
 */
final class FairScheduler {
    private final int slots;
    private final int accountRunning;
    private final int accountConcurrent;
    private final int accountQueued;
    private final int maxQueued;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, Lane> lanes = new HashMap<>();
    /** Lanes with queued jobs, in turn order (a lane that was served goes to the back). */
    private final ArrayDeque<Lane> turns = new ArrayDeque<>();
    /** The lane of the host's own work (the runtime's warm-up, host scripts). */
    private final Lane system = new Lane("");
    /**
     * Work for one thread only, by thread (a deploy's new version warmed where its predecessor's context is): taken by
     * that thread before anything else, in a run slot of the version's account.
     */
    private final Map<Thread, ArrayDeque<WorkerPool.Job>> pinned = new HashMap<>();
    /**
     * How long a job whose version's realms are all on busy threads is left for them before a free thread starts
     * another realm of it.
     */
    static final long AFFINITY_WAIT_NANOS = 2_000_000;
    /** Every thread that takes jobs, with the test of which versions (context keys) it holds a realm of. */
    private final Map<Thread, Predicate<String>> holders = new HashMap<>();
    /** The threads of {@link #holders} waiting in {@link #take} for work. */
    private final java.util.Set<Thread> waiting = new java.util.HashSet<>();
    /** The earliest time a job left for its realms' threads is due to any thread (0: none left); see {@link #grant}. */
    private long leftUntil;
    /** Jobs handed to a waiting thread that holds their version's realm (granted, slot taken), by thread. */
    private final Map<Thread, Grant> handedOver = new HashMap<>();
    private long handOvers;
    private int running;
    private int queued;
    /** Jobs taken and not finished (running or waiting), over every lane. */
    private int held;
    private volatile boolean closed;

    /** One account's queue and what it holds. */
    static final class Lane {
        final String account;
        final ArrayDeque<WorkerPool.Job> queue = new ArrayDeque<>();
        int running;
        int held;
        int resuming;

        Lane(String account) {
            this.account = account;
        }
    }

    FairScheduler(int slots, int accountRunning, int accountConcurrent, int accountQueued, int maxQueued) {
        this.slots = Math.max(1, slots);
        this.accountRunning = Math.max(1, accountRunning);
        this.accountConcurrent = Math.max(1, accountConcurrent);
        this.accountQueued = Math.max(1, accountQueued);
        this.maxQueued = Math.max(1, maxQueued);
    }

    /** Queues {@code job} in its account's lane; returns null, or why it was refused. */
    String offer(String account, WorkerPool.Job job) {
        lock.lock();
        try {
            if (queued >= maxQueued) {
                return "request queue full";
            }
            Lane lane = lanes.computeIfAbsent(account, Lane::new);
            if (lane.queue.size() >= accountQueued) {
                return "account " + account + " has " + accountQueued + " requests queued on this node";
            }
            if (lane.queue.isEmpty()) {
                turns.addLast(lane);
            }
            enqueue(lane, job);
            return null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues a version load of {@code account} (a deploy; its global scope runs, up to the start-up limit): first in the
     * account's lane, so that it does not wait behind the account's own queued requests, but in the account's turn and
     * within its run slots like them. Before, loads went ahead of every tenant with up to twice the run slots, and an
     * account deploying a version whose global scope spins could take every thread of the node. Never refused (the
     * control plane's deploy quota bounds how many come).
     */
    void load(String account, WorkerPool.Job job) {
        lock.lock();
        try {
            Lane lane = lanes.computeIfAbsent(account, Lane::new);
            if (lane.queue.isEmpty()) {
                turns.addLast(lane);
            }
            lane.queue.addFirst(job);
            queued++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Queues the host's own work (warm-up, scripts): never refused, first served. */
    void host(WorkerPool.Job job) {
        lock.lock();
        try {
            enqueue(system, job);
        } finally {
            lock.unlock();
        }
    }

    /** Queues a version's warm-up that only {@code thread} may run (see {@link #pinned}). */
    void pin(Thread thread, WorkerPool.Job job) {
        lock.lock();
        try {
            pinned.computeIfAbsent(thread, t -> new ArrayDeque<>()).addLast(job);
            queued++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Removes and returns the work pinned to {@code thread} (which stops). */
    List<WorkerPool.Job> unpin(Thread thread) {
        lock.lock();
        try {
            ArrayDeque<WorkerPool.Job> jobs = pinned.remove(thread);
            if (jobs == null) {
                return List.of();
            }
            queued -= jobs.size();
            return List.copyOf(jobs);
        } finally {
            lock.unlock();
        }
    }

    private void enqueue(Lane lane, WorkerPool.Job job) {
        lane.queue.addLast(job);
        queued++;
        changed.signalAll();
    }

    /** A granted job and the lane whose slot it holds. */
    record Grant(WorkerPool.Job job, Lane lane) {
    }

    /**
     * Waits up to {@code timeoutMillis} for a job this thread may run now (with a run slot taken), or returns null
     * ({@code wait} false: at once). The thread holds realms of the versions {@code holds} accepts (their context keys;
     * null: none): a job of a version it holds may be handed to it while it waits, and a job of a version it does not
     * hold goes to a waiting thread that does.
     */
    Grant take(long timeoutMillis, boolean wait, Predicate<String> holds) throws InterruptedException {
        long remaining = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        Thread self = Thread.currentThread();
        lock.lock();
        try {
            if (holds != null) {
                holders.put(self, holds);
            }
            while (!closed) {
                Grant grant = grant(self, holds);
                if (grant != null || !wait || remaining <= 0) {
                    return grant;
                }
                // a job left for busy threads that hold its realm is this thread's once its wait is over
                long until = leftUntil == 0 ? remaining : Math.max(1, Math.min(remaining, leftUntil - System.nanoTime()));
                if (holds != null) {
                    waiting.add(self);
                }
                try {
                    remaining -= until - changed.awaitNanos(until);
                } catch (InterruptedException e) {
                    Grant orphan = handedOver.remove(self);
                    if (orphan != null) {
                        putBack(orphan);
                    }
                    throw e;
                } finally {
                    waiting.remove(self);
                }
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** {@code thread} takes no more jobs (it retires or stops). */
    void leave(Thread thread) {
        lock.lock();
        try {
            holders.remove(thread);
            Grant orphan = handedOver.remove(thread);
            if (orphan != null) {
                putBack(orphan);
            }
        } finally {
            lock.unlock();
        }
    }

    private Grant grant(Thread self, Predicate<String> holds) {
        Grant handed = handedOver.isEmpty() ? null : handedOver.remove(self);
        if (handed != null) {
            return handed;
        }
        ArrayDeque<WorkerPool.Job> mine = pinned.isEmpty() ? null : pinned.get(self);
        if (mine != null) {
            // a deploy's warm-up runs in its account's run slots, like the account's requests and loads
            String account = mine.peekFirst().version().environment().account();
            Lane known = lanes.get(account);
            Lane lane = known != null ? known : new Lane(account);
            if (mayRun(lane)) {
                if (known == null) {
                    lanes.put(account, lane); // finish() drops it again once it holds nothing
                }
                WorkerPool.Job job = mine.pollFirst();
                if (mine.isEmpty()) {
                    pinned.remove(self);
                }
                return take(lane, job);
            }
        }
        if (!system.queue.isEmpty() && mayRun(system)) {
            return take(system);
        }
        leftUntil = 0;
        long now = 0;
        while (true) {
            Lane chosen = null;
            Thread runner = null;
            for (Lane lane : turns) {
                if (!mayStart(lane)) {
                    continue;
                }
                if (now == 0) {
                    now = System.nanoTime();
                }
                runner = runner(lane.queue.peekFirst(), self, holds, now);
                if (runner != null) {
                    chosen = lane;
                    break;
                }
            }
            if (chosen == null) {
                return null;
            }
            turns.remove(chosen); // its turn is over: to the back, if it still has work
            Grant grant = take(chosen);
            if (!chosen.queue.isEmpty()) {
                turns.addLast(chosen);
            }
            if (runner == self) {
                return grant;
            }
            handedOver.put(runner, grant);
            handOvers++;
            changed.signalAll();
        }
    }

    /**
     * Which thread runs {@code job}, found by {@code self}: {@code self} when it holds a realm of the job's version, or
     * no thread does, or the job waited {@link #AFFINITY_WAIT_NANOS}; a waiting thread that holds one (and has nothing
     * handed to it yet); null while every thread that holds one is busy (the job is left for them).
     */
    private Thread runner(WorkerPool.Job job, Thread self, Predicate<String> holds, long now) {
        if (holds == null || job.version() == null || holders.size() < 2) {
            return self;
        }
        String key = job.version().contextKey();
        if (holds.test(key)) {
            return self;
        }
        boolean held = false;
        for (Map.Entry<Thread, Predicate<String>> other : holders.entrySet()) {
            Thread thread = other.getKey();
            if (thread != self && other.getValue().test(key)) {
                if (waiting.contains(thread) && !handedOver.containsKey(thread)) {
                    return thread;
                }
                held = true;
            }
        }
        long due = job.queuedNanos() + AFFINITY_WAIT_NANOS;
        if (!held || now - due >= 0) {
            return self;
        }
        leftUntil = leftUntil == 0 || due - leftUntil < 0 ? due : leftUntil;
        return null;
    }

    /** The lane whose job runs next: host work first, then the first account in turn that may start one. */
    private Lane next() {
        if (!system.queue.isEmpty() && mayRun(system)) {
            return system;
        }
        for (Lane lane : turns) {
            if (mayStart(lane)) {
                return lane;
            }
        }
        return null;
    }

    /**
     * Whether an account's lane may start its next queued job now (no request of it resuming, room in its limits). A
     * version load needs a run slot only: it holds no thread beyond its run, and a deploy (say, of a fix) does not wait
     * for the account's requests that hold its threads waiting on something.
     */
    private boolean mayStart(Lane lane) {
        WorkerPool.Job head = lane.queue.peekFirst();
        return lane.resuming == 0 && (lane.held < accountConcurrent || head != null && head.isLoad()) && mayRun(lane);
    }

    private Grant take(Lane lane) {
        return take(lane, lane.queue.pollFirst());
    }

    private Grant take(Lane lane, WorkerPool.Job job) {
        queued--;
        lane.running++;
        lane.held++;
        running++;
        held++;
        return new Grant(job, lane);
    }

    /** Undoes {@link #take(Lane, WorkerPool.Job)} of a job handed to a thread that stopped: first in its lane again. */
    private void putBack(Grant grant) {
        Lane lane = grant.lane();
        lane.running--;
        lane.held--;
        running--;
        held--;
        queued++;
        if (lane.queue.isEmpty() && !turns.contains(lane)) {
            turns.addFirst(lane);
        }
        lane.queue.addFirst(grant.job());
        lanes.putIfAbsent(lane.account, lane);
        changed.signalAll();
    }

    private boolean mayRun(Lane lane) {
        if (lane == system) {
            return running < 2 * slots;
        }
        if (lane.running >= accountRunning) {
            return false;
        }
        return running < slots || (lane.running == 0 && running < 2 * slots);
    }

    /** Whether an idle thread would get a job now (the pool starts one when none is idle). */
    boolean grantable() {
        lock.lock();
        try {
            return next() != null;
        } finally {
            lock.unlock();
        }
    }

    /** The request of {@code lane} starts waiting: its slot is free for others. */
    void pause(Lane lane) {
        lock.lock();
        try {
            lane.running--;
            running--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The waiting request of {@code lane} has work again: takes a slot in its account's turn, waiting until
     * {@code deadlineNanos} at most (then it takes one anyway: the request is about to end on its deadline).
     */
    void resume(Lane lane, long deadlineNanos) throws InterruptedException {
        lock.lock();
        try {
            lane.resuming++;
            try {
                while (!closed && !mayRun(lane)) {
                    long remaining = deadlineNanos - System.nanoTime();
                    if (remaining <= 0) {
                        break;
                    }
                    changed.awaitNanos(remaining);
                }
            } finally {
                lane.resuming--;
            }
            lane.running++;
            running++;
        } finally {
            lock.unlock();
        }
    }

    /** The job of {@code lane} is done: its slot and thread are free. */
    void finish(Lane lane) {
        lock.lock();
        try {
            lane.running--;
            lane.held--;
            running--;
            held--;
            if (lane != system && lane.held == 0 && lane.queue.isEmpty()) {
                lanes.remove(lane.account, lane);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    int queued() {
        lock.lock();
        try {
            return queued;
        } finally {
            lock.unlock();
        }
    }

    /** Tenants' jobs (requests, deploys' loads) queued or taken and not finished yet; the host's own work not counted. */
    int tenantJobs() {
        lock.lock();
        try {
            int jobs = 0;
            for (Lane lane : lanes.values()) {
                jobs += lane.held + lane.queue.size();
            }
            return jobs;
        } finally {
            lock.unlock();
        }
    }

    /** Jobs queued or taken and not finished yet (a request waiting for a fetch or a timer counts). */
    int inProgress() {
        lock.lock();
        try {
            return queued + held;
        } finally {
            lock.unlock();
        }
    }

    /** Jobs handed to a waiting thread that held their version's realm (since start). */
    long handOvers() {
        lock.lock();
        try {
            return handOvers;
        } finally {
            lock.unlock();
        }
    }

    int running() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the threads waiting for work (they look for shed accounts' contexts to close). */
    void wake() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
