package io.edgeworks.bundle;

import java.util.List;

/**
 * The small message on {@link RedisLayout#NOTICES} after each publication. {@code sequence} is the new
 * value of {@link RedisLayout#SEQUENCE}; an edge node that last applied {@code sequence - 1} applies the
 * changes named here by re-reading those accounts' manifests, otherwise it reloads the whole state.
 *
 * @param sequence the global sequence number this publication produced
 * @param accounts account slugs whose entry in {@link RedisLayout#MANIFESTS} changed (added, replaced or removed)
 * @param full     true when the whole state was rewritten (republish after Redis lost data): reload everything
 */
public record Notice(long sequence, List<String> accounts, boolean full) {
    public Notice {
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
    }
}
