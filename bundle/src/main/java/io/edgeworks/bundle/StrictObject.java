package io.edgeworks.bundle;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A JSON object read strictly: exactly the expected fields, each of the expected type. Every error names
 * the path of the offending field, e.g. {@code bundle.environments[0].versions[1].main_module}.
 */
final class StrictObject {
    private final JsonNode node;
    private final String path;

    private StrictObject(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** Accepts {@code node} only if it is an object whose field names are exactly {@code fields}. */
    static StrictObject of(JsonNode node, String path, Set<String> fields) {
        return of(node, path, fields, Set.of());
    }

    /** An object with every one of {@code fields}, any of {@code optional}, and nothing else. */
    static StrictObject of(JsonNode node, String path, Set<String> fields, Set<String> optional) {
        if (node == null || !node.isObject()) {
            throw new BundleFormatException(path + ": expected an object, got " + describe(node));
        }
        Set<String> present = new TreeSet<>();
        node.fieldNames().forEachRemaining(present::add);
        Set<String> unknown = new TreeSet<>(present);
        unknown.removeAll(fields);
        unknown.removeAll(optional);
        if (!unknown.isEmpty()) {
            throw new BundleFormatException(path + ": unknown field(s) " + unknown);
        }
        Set<String> missing = new TreeSet<>(fields);
        missing.removeAll(present);
        if (!missing.isEmpty()) {
            throw new BundleFormatException(path + ": missing field(s) " + missing);
        }
        return new StrictObject(node, path);
    }

    boolean has(String field) {
        return node.has(field);
    }

    String path(String field) {
        return path + "." + field;
    }

    JsonNode raw(String field) {
        return node.get(field);
    }

    String string(String field) {
        return string(node.get(field), path(field));
    }

    static String string(JsonNode value, String path) {
        if (value == null || !value.isTextual()) {
            throw new BundleFormatException(path + ": expected a string, got " + describe(value));
        }
        return value.textValue();
    }

    int integer(String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new BundleFormatException(path(field) + ": expected a 32-bit integer, got " + describe(value));
        }
        return value.intValue();
    }

    long longInteger(String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new BundleFormatException(path(field) + ": expected a 64-bit integer, got " + describe(value));
        }
        return value.longValue();
    }

    boolean bool(String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isBoolean()) {
            throw new BundleFormatException(path(field) + ": expected true or false, got " + describe(value));
        }
        return value.booleanValue();
    }

    List<JsonNode> array(String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            throw new BundleFormatException(path(field) + ": expected an array, got " + describe(value));
        }
        List<JsonNode> items = new ArrayList<>(value.size());
        value.elements().forEachRemaining(items::add);
        return items;
    }

    List<String> strings(String field) {
        List<JsonNode> items = array(field);
        List<String> result = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            result.add(string(items.get(i), path(field) + "[" + i + "]"));
        }
        return result;
    }

    /** An object used as a map (arbitrary keys); the values are returned unread, in document order. */
    Map<String, JsonNode> map(String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isObject()) {
            throw new BundleFormatException(path(field) + ": expected an object, got " + describe(value));
        }
        Map<String, JsonNode> result = new LinkedHashMap<>();
        value.properties().forEach(e -> result.put(e.getKey(), e.getValue()));
        return result;
    }

    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "the number " + node.asText();
            case BOOLEAN -> node.asText();
            case NULL -> "null";
            default -> node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
