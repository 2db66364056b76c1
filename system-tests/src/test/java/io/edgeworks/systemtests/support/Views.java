package io.edgeworks.systemtests.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reading CONTRACT.md's answer shapes: version lists, deployments, time stamps. */
public final class Views {
    private Views() {
    }

    /** The {@code number} of each element of a JSON array, in order. */
    public static List<Integer> numbers(JsonNode array) {
        List<Integer> numbers = new ArrayList<>();
        array.forEach(item -> numbers.add(item.path("number").asInt(-1)));
        return numbers;
    }

    /** A deployment's {@code versions:[{number, percentage}]} as number to percentage, in order. */
    public static Map<Integer, Integer> splits(JsonNode deployment) {
        Map<Integer, Integer> splits = new LinkedHashMap<>();
        deployment.path("versions").forEach(v -> splits.put(v.path("number").asInt(-1), v.path("percentage").asInt(-1)));
        return splits;
    }

    /**
     * The time stamp of a list entry: {@code created_at} when present, else the first top-level text field
     * that parses as an ISO-8601 instant (CONTRACT.md says "when" without naming the field).
     */
    public static Optional<Instant> timestamp(JsonNode entry) {
        Optional<Instant> named = instant(entry.path("created_at"));
        if (named.isPresent()) {
            return named;
        }
        for (Iterator<JsonNode> it = entry.elements(); it.hasNext(); ) {
            Optional<Instant> found = instant(it.next());
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<Instant> instant(JsonNode node) {
        if (!node.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(node.asText()).toInstant());
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(Instant.parse(node.asText()));
            } catch (DateTimeParseException again) {
                return Optional.empty();
            }
        }
    }
}
