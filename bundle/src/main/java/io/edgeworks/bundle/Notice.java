package io.edgeworks.bundle;

import java.util.List;

/**
 * The small message on {@link RedisLayout#NOTICES} after each publication. {@code sequence} is the new
 * value of {@link RedisLayout#SEQUENCE}; an edge node that last applied {@code sequence - 1} applies the
 * changes named here by re-reading those entries, otherwise it reloads the whole state.
 *
 * @param sequence     the global sequence number this publication produced
 * @param environments environment keys whose entry in {@link RedisLayout#ENVIRONMENTS} changed
 *                     (added, replaced or removed)
 * @param hostnames    hostnames whose entry in {@link RedisLayout#HOSTNAMES} changed
 * @param routes       route ids whose entry in {@link RedisLayout#ROUTES} changed
 * @param full         true when the whole state was rewritten (republish after Redis lost data)
 */
public record Notice(long sequence, List<String> environments, List<String> hostnames, List<String> routes, boolean full) {
    public Notice {
        environments = environments == null ? List.of() : List.copyOf(environments);
        hostnames = hostnames == null ? List.of() : List.copyOf(hostnames);
        routes = routes == null ? List.of() : List.copyOf(routes);
    }
}
