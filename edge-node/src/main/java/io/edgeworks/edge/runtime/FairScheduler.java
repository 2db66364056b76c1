package io.edgeworks.edge.runtime;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

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
 * {@code Retry-After}). Version loads and host scripts go ahead of every tenant (a deploy or the first
 * request of a new version never waits behind one tenant's backlog).
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
    /** The lane of work that is not a tenant's request (version loads, warm-up, host scripts). */
    private final Lane system = new Lane("");
    /**
     * Host work for one thread only, by thread (a new version warmed where its predecessor's context is): taken
     * by that thread before anything else, in the system lane's slots.
     */
    private final Map<Thread, ArrayDeque<WorkerPool.Job>> pinned = new HashMap<>();
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

    /** Queues the host's own work (a version load per environment, warm-up, scripts): never refused, first served. */
    void host(WorkerPool.Job job) {
        lock.lock();
        try {
            enqueue(system, job);
        } finally {
            lock.unlock();
        }
    }

    /** Queues host work that only {@code thread} may run (see {@link #pinned}). */
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
     * Waits up to {@code timeoutMillis} for a job this thread may run now (with a run slot taken), or returns
     * null. {@code wait} false: returns at once.
     */
    Grant take(long timeoutMillis, boolean wait) throws InterruptedException {
        long remaining = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.lock();
        try {
            while (!closed) {
                Grant grant = grant();
                if (grant != null || !wait || remaining <= 0) {
                    return grant;
                }
                remaining = changed.awaitNanos(remaining);
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    private Grant grant() {
        if (!pinned.isEmpty() && mayRun(system)) {
            Thread self = Thread.currentThread();
            ArrayDeque<WorkerPool.Job> mine = pinned.get(self);
            if (mine != null) {
                WorkerPool.Job job = mine.pollFirst();
                if (mine.isEmpty()) {
                    pinned.remove(self);
                }
                return take(system, job);
            }
        }
        Lane lane = next();
        if (lane == null) {
            return null;
        }
        if (lane == system) {
            return take(system);
        }
        turns.remove(lane); // its turn is over: to the back, if it still has work
        Grant grant = take(lane);
        if (!lane.queue.isEmpty()) {
            turns.addLast(lane);
        }
        return grant;
    }

    /** The lane whose job runs next: host work first, then the first account in turn that may start one. */
    private Lane next() {
        if (!system.queue.isEmpty() && mayRun(system)) {
            return system;
        }
        for (Lane lane : turns) {
            if (lane.resuming == 0 && lane.held < accountConcurrent && mayRun(lane)) {
                return lane;
            }
        }
        return null;
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

    /** Tenants' jobs queued or taken and not finished yet; the host's own work (loads, warm-up, scripts) not counted. */
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
