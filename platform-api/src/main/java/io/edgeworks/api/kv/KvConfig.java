package io.edgeworks.api.kv;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Durable KV: the write stream consumer and the restore of Redis from PostgreSQL (prefix {@code platform.kv}). */
@ConfigMapping(prefix = "platform.kv")
public interface KvConfig {

    /**
     * Consume the KV write stream and restore Redis from PostgreSQL on this replica (default: on, except in the test
     * launch mode, whose database is not the one whose edge writes land in the development Redis).
     */
    Optional<Boolean> durabilityEnabled();

    /** Stream entries read at once. */
    @WithDefault("200")
    int readCount();

    /** How long one read waits for new writes before it checks claims and the restore again. */
    @WithDefault("1s")
    Duration readBlock();

    /** An entry another replica read but has not persisted for this long is taken over (that replica died). */
    @WithDefault("10s")
    Duration claimIdle();

    /** How often a replica checks that Redis still holds the restored KV values (as the published state's epoch check). */
    @WithDefault("1s")
    Duration restoreCheckInterval();

    /** How long the restoring replica's lock lives without renewal (it renews it with every batch). */
    @WithDefault("30s")
    Duration restoreLockTtl();

    /** Bytes of values written into Redis per restore batch (a single larger value goes alone). */
    @WithDefault("4194304")
    int restoreBatchBytes();

    /**
     * Writes that may wait in the stream before platform-api refuses new ones (503); edge nodes have their own
     * {@code edge.kv.max-backlog}. Same default on both planes (bundle KvWriteScript).
     */
    @WithDefault("" + io.edgeworks.bundle.KvWriteScript.DEFAULT_MAX_BACKLOG)
    int maxBacklog();

    /** How long a deleted key's tombstone stays in PostgreSQL (it only has to outlive any replay of older writes). */
    @WithDefault("1d")
    Duration tombstoneRetention();
}
