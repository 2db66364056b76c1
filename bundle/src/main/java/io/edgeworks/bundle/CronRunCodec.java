package io.edgeworks.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The JSON of a {@link CronRun} in {@link RedisLayout#cronRunsKey} (canonical JSON; {@code error} only when
 * the run failed, cut to {@link #MAX_ERROR_CHARS} characters):
 * <pre>{"cron":"*&#47;5 * * * *","duration_ms":12,"node":"edge-a","outcome":"ok","scheduled_time":1764669900000,
 * "started_at":1764669900004,"version":3}</pre>
 * Not signed: edge nodes write it and platform-api only shows it to the environment's members. Decoding is strict.
 */
public final class CronRunCodec {
    /** Longest error message kept (an uncaught error's stack can be long). */
    public static final int MAX_ERROR_CHARS = 4096;
    private static final Set<String> FIELDS = Set.of("cron", "duration_ms", "node", "outcome", "scheduled_time", "started_at", "version");
    private static final Set<String> OPTIONAL = Set.of("error");

    private CronRunCodec() {
    }

    public static String encode(CronRun run) {
        ObjectNode node = CanonicalJson.object();
        node.put("cron", run.cron());
        node.put("duration_ms", run.durationMs());
        if (run.error() != null) {
            String error = run.error();
            node.put("error", error.length() <= MAX_ERROR_CHARS ? error
                    : error.substring(0, MAX_ERROR_CHARS) + "… [" + (error.length() - MAX_ERROR_CHARS) + " more characters]");
        }
        node.put("node", run.node());
        node.put("outcome", run.outcome().wire());
        node.put("scheduled_time", run.scheduledTime());
        node.put("started_at", run.startedAt());
        node.put("version", run.version());
        return new String(CanonicalJson.write(node), StandardCharsets.UTF_8);
    }

    /** @throws BundleFormatException naming the offending field */
    public static CronRun decode(String json) {
        if (json == null) {
            throw new BundleFormatException("cron run is missing");
        }
        JsonNode tree = CanonicalJson.read(json.getBytes(StandardCharsets.UTF_8), "cron run");
        StrictObject node = StrictObject.of(tree, "cron run", FIELDS, OPTIONAL);
        try {
            return new CronRun(node.longInteger("scheduled_time"), node.string("cron"), node.longInteger("started_at"),
                    node.longInteger("duration_ms"), CronRun.Outcome.ofWire(node.string("outcome")),
                    node.has("error") ? node.string("error") : null, node.integer("version"), node.string("node"));
        } catch (BundleFormatException e) {
            throw e;
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new BundleFormatException("cron run: " + e.getMessage(), e);
        }
    }
}
