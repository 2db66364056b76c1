package io.edgeworks.edge.cron;

import io.edgeworks.bundle.CronRun;

/**
 * Where the edge nodes agree on who runs a tick and record what ran ({@code bundle}'s {@code RedisLayout}:
 * {@code cronLeaseKey}, {@code cronRunsKey}). Blocking calls with a timeout; called from the scheduler's own
 * threads, never from a worker or event-loop thread.
 */
public interface CronStore {

    /**
     * Claims one tick of one trigger for {@code node}; true for exactly one caller across all nodes while the claim
     * lives ({@code ttlMillis}). Throws when the store cannot be reached (then nobody here runs the tick).
     */
    boolean claim(String environmentKey, String cron, long scheduledTimeMillis, String node, long ttlMillis) throws Exception;

    /** Adds a run to the environment's recent runs (newest first, capped). */
    void record(String environmentKey, CronRun run) throws Exception;
}
