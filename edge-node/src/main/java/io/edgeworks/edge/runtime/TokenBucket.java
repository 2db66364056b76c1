package io.edgeworks.edge.runtime;

/**
 * Tokens (nanoseconds of CPU time) that come back at a fixed rate up to a capacity: one account's share of something
 * the node's tenants share ({@link CompileBudget}, {@link CpuBurst}). The tokens may go below zero (a use charged after
 * the fact). Not thread-safe: its owner synchronizes on it.
 */
final class TokenBucket {
    private final long capacity;
    private final double refillPerNano;
    private long tokens;
    private long refilledAt;

    /** A full bucket at {@code now}. */
    TokenBucket(long capacity, double refillPerNano, long now) {
        if (capacity <= 0 || refillPerNano <= 0) {
            throw new IllegalArgumentException("token bucket: capacity and refill rate must be > 0");
        }
        this.capacity = capacity;
        this.refillPerNano = refillPerNano;
        this.tokens = capacity;
        this.refilledAt = now;
    }

    /** The tokens at {@code now}, with what the time since the last look brought back (up to the capacity). */
    long tokens(long now) {
        long added = (long) ((now - refilledAt) * refillPerNano);
        if (added > 0) {
            if (tokens + added >= capacity) {
                tokens = capacity;
                refilledAt = now;
            } else {
                // the clock advances by the time those tokens took, so frequent looks lose no fraction of a token
                tokens += added;
                refilledAt += Math.round(added / refillPerNano);
            }
        }
        return tokens;
    }

    /** Takes {@code amount} (may leave the bucket below zero). */
    void take(long amount) {
        tokens -= amount;
    }

    /** Gives back {@code amount} taken before and not used (never above the capacity). */
    void giveBack(long amount) {
        tokens = Math.min(capacity, tokens + amount);
    }

    /** Whether the bucket is full at {@code now} (an account with a full bucket is as one never seen). */
    boolean full(long now) {
        return tokens(now) >= capacity;
    }
}
