package io.edgeworks.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * One live tail in the registry ({@link RedisLayout#TAILS}, field = the tail id): the environment it follows, its
 * filters and until when edge nodes send it events. Canonical JSON, the filters as a string in wrangler's own format
 * (canonical JSON carries integers only, and {@code sampling_rate} is a fraction):
 * <pre>{"environment":"acme/hello/production","expires_at":1764669900000,"filters":"{\"filters\":[{\"sampling_rate\":0.5}]}","lease_until":1764666330000}</pre>
 * A tail is live while the current time is before both {@code expires_at} (its hard end, chosen when it was
 * created) and {@code lease_until} (renewed by the platform-api replica that holds its consumer, so a tail whose
 * consumer vanished without a goodbye stops costing within the lease). Edge nodes ignore an entry that is not live.
 */
public record TailEntry(String environment, TailFilters filters, long expiresAt, long leaseUntil) {
    private static final Set<String> FIELDS = Set.of("environment", "expires_at", "filters", "lease_until");

    public TailEntry {
        if (environment == null || environment.split("/", -1).length != 3) {
            throw new IllegalArgumentException("environment must be account/service/environment, got " + environment);
        }
        if (filters == null) {
            throw new IllegalArgumentException("filters are missing");
        }
    }

    /** Whether edge nodes send events to this tail at {@code nowMillis}. */
    public boolean liveAt(long nowMillis) {
        return nowMillis < expiresAt && nowMillis < leaseUntil;
    }

    public TailEntry withLeaseUntil(long until) {
        return new TailEntry(environment, filters, expiresAt, Math.min(until, expiresAt));
    }

    public String encode() {
        ObjectNode node = CanonicalJson.object();
        node.put("environment", environment);
        node.put("expires_at", expiresAt);
        node.put("filters", filters.toJson().toString());
        node.put("lease_until", leaseUntil);
        return new String(CanonicalJson.write(node), StandardCharsets.UTF_8);
    }

    /** @throws BundleFormatException naming what is wrong */
    public static TailEntry decode(String json) {
        if (json == null) {
            throw new BundleFormatException("tail entry is missing");
        }
        JsonNode tree = CanonicalJson.read(json.getBytes(StandardCharsets.UTF_8), "tail entry");
        StrictObject node = StrictObject.of(tree, "tail entry", FIELDS, Set.of());
        try {
            return new TailEntry(node.string("environment"), TailFilters.parse(node.string("filters")), node.longInteger("expires_at"),
                    node.longInteger("lease_until"));
        } catch (BundleFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new BundleFormatException("tail entry: " + e.getMessage(), e);
        }
    }
}
