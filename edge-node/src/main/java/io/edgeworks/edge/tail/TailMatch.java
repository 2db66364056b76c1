package io.edgeworks.edge.tail;

import io.edgeworks.bundle.TailFilters;
import io.edgeworks.edge.runtime.EdgeRequest;
import io.edgeworks.edge.runtime.WorkerVersion;

import java.util.Locale;
import java.util.Map;

/**
 * Applies a tail's {@link TailFilters} at the edge, in two steps: {@link #before} when the invocation starts
 * (what the request says: method, headers, client address, version; then sampling), so that an invocation no tail
 * wants collects nothing; {@link #after} on the finished event (outcome, search text).
 */
final class TailMatch {
    private TailMatch() {
    }

    /**
     * Whether the tail may want this invocation. {@code request} is null for a cron tick or an RPC call: the
     * request filters (method, header, client_ip) then do not match. {@code random} is in [0, 1).
     */
    static boolean before(TailFilters filters, WorkerVersion version, EdgeRequest request, double random) {
        if (filters.scriptVersion() != null && !filters.scriptVersion().equals(version.versionId())) {
            return false;
        }
        if (request == null) {
            if (!filters.methods().isEmpty() || !filters.headers().isEmpty() || !filters.clientIps().isEmpty()) {
                return false;
            }
        } else {
            if (!filters.methods().isEmpty() && !filters.methods().contains(request.method().toUpperCase(Locale.ROOT))) {
                return false;
            }
            for (TailFilters.Header h : filters.headers()) {
                if (!headerMatches(request, h)) {
                    return false;
                }
            }
            if (!filters.clientIps().isEmpty()) {
                String ip = clientIp(request);
                if (ip == null || !filters.clientIps().contains(ip)) {
                    return false;
                }
            }
        }
        return random < filters.samplingRate();
    }

    private static boolean headerMatches(EdgeRequest request, TailFilters.Header filter) {
        for (Map.Entry<String, String> h : request.headers()) {
            if (h.getKey().equalsIgnoreCase(filter.key()) && (filter.query() == null || h.getValue().contains(filter.query()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client's address as a proxy in front of the edge reports it ({@code cf-connecting-ip}, {@code x-real-ip},
     * else the first {@code x-forwarded-for} entry); null when none is there.
     */
    static String clientIp(EdgeRequest request) {
        String ip = request.header("cf-connecting-ip");
        if (ip == null) {
            ip = request.header("x-real-ip");
        }
        if (ip == null) {
            String forwarded = request.header("x-forwarded-for");
            if (forwarded != null) {
                int comma = forwarded.indexOf(',');
                ip = comma < 0 ? forwarded : forwarded.substring(0, comma);
            }
        }
        return ip == null ? null : ip.strip();
    }

    /** Whether the finished event passes the outcome and search filters ({@code json}: the event as sent). */
    static boolean after(TailFilters filters, String outcome, String json) {
        if (!filters.outcomes().isEmpty() && !filters.outcomes().contains(outcome)) {
            return false;
        }
        return filters.query() == null || json.contains(filters.query());
    }
}
