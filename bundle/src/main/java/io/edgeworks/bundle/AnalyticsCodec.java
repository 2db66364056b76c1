package io.edgeworks.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The JSON of an {@link AnalyticsBatch} in {@link RedisLayout#ANALYTICS_STREAM} (canonical JSON, field {@code batch}
 * of the stream entry). A cell without {@code environment} is the overflow cell:
 * <pre>{"cells":[{"binding_calls":{"acme/auth/production":2},"cpu":"HISTFAAAA…","environment":"acme/hello/production",
 * "exceptions":1,"limits":{"cpu":1},"requests":12,"status_classes":[0,10,0,1,1],"subrequests":2,"version":3,
 * "wall":"HISTFAAAA…"}],"format":1,"minute":1764669900000,"node":"edge-a"}</pre>
 * Histograms are {@link AnalyticsHistograms} strings, carried as they are (decode them to merge). Not signed: edge
 * nodes write it and platform-api only stores it for the environment's members. Decoding is strict.
 */
public final class AnalyticsCodec {
    /** The format number in every batch; a decoder refuses another. */
    public static final int FORMAT = 1;
    private static final Set<String> BATCH_FIELDS = Set.of("cells", "format", "minute", "node");
    private static final Set<String> CELL_FIELDS = Set.of("binding_calls", "cpu", "exceptions", "limits", "requests",
            "status_classes", "subrequests", "version", "wall");
    private static final Set<String> CELL_OPTIONAL = Set.of("environment");

    private AnalyticsCodec() {
    }

    public static String encode(AnalyticsBatch batch) {
        ObjectNode root = CanonicalJson.object();
        ArrayNode cells = root.putArray("cells");
        for (AnalyticsCell cell : batch.cells()) {
            ObjectNode c = cells.addObject();
            counts(c.putObject("binding_calls"), cell.bindingCalls());
            c.put("cpu", cell.cpu());
            if (cell.environment() != null) {
                c.put("environment", cell.environment().key());
            }
            c.put("exceptions", cell.exceptions());
            counts(c.putObject("limits"), cell.limits());
            c.put("requests", cell.requests());
            ArrayNode status = c.putArray("status_classes");
            cell.statusClasses().forEach(status::add);
            c.put("subrequests", cell.subrequests());
            c.put("version", cell.version());
            c.put("wall", cell.wall());
        }
        root.put("format", FORMAT);
        root.put("minute", batch.minute());
        root.put("node", batch.node());
        return new String(CanonicalJson.write(root), StandardCharsets.UTF_8);
    }

    private static void counts(ObjectNode into, Map<String, Long> counts) {
        new TreeMap<>(counts).forEach(into::put);
    }

    /** @throws BundleFormatException naming the offending field */
    public static AnalyticsBatch decode(String json) {
        if (json == null) {
            throw new BundleFormatException("analytics batch is missing");
        }
        JsonNode tree = CanonicalJson.read(json.getBytes(StandardCharsets.UTF_8), "analytics batch");
        StrictObject root = StrictObject.of(tree, "analytics batch", BATCH_FIELDS);
        if (root.integer("format") != FORMAT) {
            throw new BundleFormatException("analytics batch: format " + root.raw("format") + " is not " + FORMAT);
        }
        try {
            List<JsonNode> items = root.array("cells");
            if (items.size() > AnalyticsBatch.MAX_CELLS) {
                throw new BundleFormatException("analytics batch: more than " + AnalyticsBatch.MAX_CELLS + " cells");
            }
            List<AnalyticsCell> cells = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                cells.add(cell(StrictObject.of(items.get(i), "cells[" + i + "]", CELL_FIELDS, CELL_OPTIONAL)));
            }
            return new AnalyticsBatch(root.string("node"), root.longInteger("minute"), cells);
        } catch (BundleFormatException e) {
            throw e;
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new BundleFormatException("analytics batch: " + e.getMessage(), e);
        }
    }

    private static AnalyticsCell cell(StrictObject c) {
        EnvironmentRef environment = c.has("environment") ? EnvironmentRef.parse(c.string("environment")) : null;
        List<JsonNode> statusNodes = c.array("status_classes");
        List<Long> status = new ArrayList<>(statusNodes.size());
        for (JsonNode n : statusNodes) {
            if (!n.isIntegralNumber() || !n.canConvertToLong()) {
                throw new BundleFormatException(c.path("status_classes") + ": expected integers");
            }
            status.add(n.longValue());
        }
        return new AnalyticsCell(environment, c.integer("version"), c.longInteger("requests"), status,
                c.longInteger("exceptions"), counts(c, "limits"), c.longInteger("subrequests"), counts(c, "binding_calls"),
                c.string("cpu"), c.string("wall"));
    }

    private static Map<String, Long> counts(StrictObject c, String field) {
        Map<String, JsonNode> raw = c.map(field);
        if (raw.size() > AnalyticsCell.MAX_KEYS) {
            throw new BundleFormatException(c.path(field) + ": more than " + AnalyticsCell.MAX_KEYS + " entries");
        }
        Map<String, Long> counts = new TreeMap<>();
        raw.forEach((k, v) -> {
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw new BundleFormatException(c.path(field) + "." + k + ": expected an integer");
            }
            counts.put(k, v.longValue());
        });
        return counts;
    }
}
