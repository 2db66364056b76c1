package io.edgeworks.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The filters of one live tail, in wrangler's format (the body of {@code POST …/tails}):
 * <pre>{"filters":[{"outcome":["ok"]},{"method":["GET"]},{"header":{"key":"x-a","query":"b"}},{"client_ip":["1.2.3.4"]},
 * {"query":"text"},{"sampling_rate":0.5},{"scriptVersion":"&lt;version id&gt;"}]}</pre>
 * Each entry has exactly one key; a kind given twice, an unknown kind or a value of the wrong type is refused
 * ({@link IllegalArgumentException} naming the entry). Empty lists and absent kinds match everything. The same
 * JSON is what platform-api writes into the tail registry ({@link RedisLayout#TAILS}) and edge nodes apply, so
 * this class is the only parser of it. An event passes when it passes every kind given: its outcome is one of
 * {@code outcome}, its method one of {@code method}, every header filter finds its header (and, with a query,
 * a value containing it), its client IP is one of {@code client_ip}, {@code query} occurs in its JSON (the
 * request URL, headers, log lines and exceptions), its version id is {@code scriptVersion}; then it is kept with
 * probability {@code sampling_rate}.
 *
 * @param outcomes      allowed outcomes ({@link #OUTCOMES}); empty: any
 * @param methods       allowed request methods, upper case; empty: any
 * @param headers       header filters, all must match
 * @param clientIps     allowed client addresses ({@code self} is resolved by platform-api when the tail starts)
 * @param query         text the event must contain, or null
 * @param samplingRate  0 &lt; rate &le; 1
 * @param scriptVersion the version id an event must come from, or null
 */
public record TailFilters(List<String> outcomes, List<String> methods, List<Header> headers, List<String> clientIps,
                          String query, double samplingRate, String scriptVersion) {
    /** The outcomes an event can have (Cloudflare's names). */
    public static final Set<String> OUTCOMES = Set.of("ok", "exception", "exceededCpu", "exceededMemory", "canceled", "unknown");
    /** Longest accepted string in a filter (query, header key or value, address, version id). */
    public static final int MAX_TEXT = 256;
    /** Most values in one list filter. */
    public static final int MAX_VALUES = 32;
    /** No filter: every event. */
    public static final TailFilters NONE = new TailFilters(List.of(), List.of(), List.of(), List.of(), null, 1.0, null);

    /** {@code {"key":"x","query":"y"}}: the request has header {@code key}, whose value contains {@code query} when given. */
    public record Header(String key, String query) {
        public Header {
            key = text(key, "header.key").toLowerCase(Locale.ROOT);
            if (key.isEmpty()) {
                throw new IllegalArgumentException("header.key must not be empty");
            }
            query = query == null ? null : text(query, "header.query");
        }
    }

    public TailFilters {
        outcomes = List.copyOf(outcomes);
        for (String outcome : outcomes) {
            if (!OUTCOMES.contains(outcome)) {
                throw new IllegalArgumentException("outcome '" + outcome + "' is not one of " + new java.util.TreeSet<>(OUTCOMES));
            }
        }
        methods = methods.stream().map(m -> text(m, "method").toUpperCase(Locale.ROOT)).toList();
        headers = List.copyOf(headers);
        clientIps = clientIps.stream().map(ip -> text(ip, "client_ip")).toList();
        for (List<?> list : List.of(outcomes, methods, headers, clientIps)) {
            if (list.size() > MAX_VALUES) {
                throw new IllegalArgumentException("at most " + MAX_VALUES + " values per filter, got " + list.size());
            }
        }
        query = query == null || query.isEmpty() ? null : text(query, "query");
        if (!(samplingRate > 0 && samplingRate <= 1)) {
            throw new IllegalArgumentException("sampling_rate must be greater than 0 and at most 1, got " + samplingRate);
        }
        scriptVersion = scriptVersion == null || scriptVersion.isEmpty() ? null : text(scriptVersion, "scriptVersion");
    }

    private static String text(String value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " must be a string");
        }
        if (value.length() > MAX_TEXT) {
            throw new IllegalArgumentException(what + " is longer than " + MAX_TEXT + " characters");
        }
        return value;
    }

    /** Parses wrangler's body; null, blank, {@code {}} and {@code {"filters":[]}} are {@link #NONE}. */
    public static TailFilters parse(String json) {
        if (json == null || json.isBlank()) {
            return NONE;
        }
        JsonNode tree;
        try {
            tree = CanonicalJson.read(json.getBytes(StandardCharsets.UTF_8), "tail filters");
        } catch (BundleFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return of(tree);
    }

    /** Parses wrangler's body as a JSON tree ({@code {"filters":[…]}}). */
    public static TailFilters of(JsonNode tree) {
        if (tree == null || tree.isNull() || tree.isMissingNode()) {
            return NONE;
        }
        if (!tree.isObject()) {
            throw new IllegalArgumentException("tail filters must be an object {\"filters\": [...]}");
        }
        Iterator<String> names = tree.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!name.equals("filters")) {
                throw new IllegalArgumentException("unknown field '" + name + "': the body is {\"filters\": [...]}");
            }
        }
        JsonNode filters = tree.get("filters");
        if (filters == null || filters.isNull()) {
            return NONE;
        }
        if (!filters.isArray()) {
            throw new IllegalArgumentException("filters must be an array");
        }
        List<String> outcomes = null;
        List<String> methods = null;
        List<Header> headers = new ArrayList<>();
        List<String> ips = null;
        String query = null;
        Double rate = null;
        String version = null;
        for (int i = 0; i < filters.size(); i++) {
            JsonNode entry = filters.get(i);
            String where = "filters[" + i + "]";
            if (!entry.isObject() || entry.size() != 1) {
                throw new IllegalArgumentException(where + " must be an object with exactly one key (outcome, method, header, "
                        + "client_ip, query, sampling_rate, scriptVersion)");
            }
            Map.Entry<String, JsonNode> only = entry.fields().next();
            JsonNode value = only.getValue();
            String kind = only.getKey();
            switch (kind) {
                case "outcome" -> outcomes = once(outcomes, strings(value, where + ".outcome"), where);
                case "method" -> methods = once(methods, strings(value, where + ".method"), where);
                case "header" -> {
                    if (!value.isObject() || !value.path("key").isTextual()
                            || !(value.path("query").isMissingNode() || value.path("query").isNull() || value.path("query").isTextual())) {
                        throw new IllegalArgumentException(where + ".header must be {\"key\": \"name\", \"query\": \"text\"}");
                    }
                    headers.add(new Header(value.get("key").asText(), value.path("query").isTextual() ? value.get("query").asText() : null));
                }
                case "client_ip" -> ips = once(ips, strings(value, where + ".client_ip"), where);
                case "query" -> {
                    if (!value.isTextual()) {
                        throw new IllegalArgumentException(where + ".query must be a string");
                    }
                    query = once(query, value.asText(), where);
                }
                case "sampling_rate" -> {
                    if (!value.isNumber()) {
                        throw new IllegalArgumentException(where + ".sampling_rate must be a number");
                    }
                    rate = once(rate, value.asDouble(), where);
                }
                case "scriptVersion" -> {
                    if (!value.isTextual()) {
                        throw new IllegalArgumentException(where + ".scriptVersion must be a string");
                    }
                    version = once(version, value.asText(), where);
                }
                default -> throw new IllegalArgumentException(where + ": unknown filter '" + kind + "' (outcome, method, header, "
                        + "client_ip, query, sampling_rate, scriptVersion)");
            }
        }
        return new TailFilters(outcomes == null ? List.of() : outcomes, methods == null ? List.of() : methods, headers,
                ips == null ? List.of() : ips, query, rate == null ? 1.0 : rate, version);
    }

    private static <T> T once(T before, T value, String where) {
        if (before != null) {
            throw new IllegalArgumentException(where + " repeats a filter given before");
        }
        return value;
    }

    private static List<String> strings(JsonNode value, String where) {
        if (!value.isArray()) {
            throw new IllegalArgumentException(where + " must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw new IllegalArgumentException(where + " must be an array of strings");
            }
            out.add(item.asText());
        }
        return out;
    }

    /** This filter set in wrangler's format (the kinds given, in a fixed order). */
    public ObjectNode toJson() {
        ObjectNode root = CanonicalJson.object();
        ArrayNode list = root.putArray("filters");
        if (!outcomes.isEmpty()) {
            outcomes.forEach(list.addObject().putArray("outcome")::add);
        }
        if (!methods.isEmpty()) {
            methods.forEach(list.addObject().putArray("method")::add);
        }
        for (Header h : headers) {
            ObjectNode header = list.addObject().putObject("header");
            header.put("key", h.key());
            if (h.query() != null) {
                header.put("query", h.query());
            }
        }
        if (!clientIps.isEmpty()) {
            clientIps.forEach(list.addObject().putArray("client_ip")::add);
        }
        if (query != null) {
            list.addObject().put("query", query);
        }
        if (samplingRate < 1.0) {
            list.addObject().put("sampling_rate", samplingRate);
        }
        if (scriptVersion != null) {
            list.addObject().put("scriptVersion", scriptVersion);
        }
        return root;
    }

    /** This filter set with {@code self} in the client addresses replaced by {@code callerIp} (what wrangler's {@code --ip self} means). */
    public TailFilters resolvingSelf(String callerIp) {
        if (!clientIps.contains("self")) {
            return this;
        }
        List<String> ips = clientIps.stream().map(ip -> ip.equals("self") ? (callerIp == null ? "unknown" : callerIp) : ip).toList();
        return new TailFilters(outcomes, methods, headers, ips, query, samplingRate, scriptVersion);
    }
}
