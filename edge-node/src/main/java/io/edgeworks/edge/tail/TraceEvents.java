package io.edgeworks.edge.tail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.edge.runtime.EdgeRequest;
import io.edgeworks.edge.runtime.LimitKind;
import io.edgeworks.edge.runtime.ScheduledEvent;
import io.edgeworks.edge.runtime.TraceCollector;
import io.edgeworks.edge.runtime.WorkerVersion;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds one trace event in Cloudflare's tail shape (what {@code wrangler tail} prints):
 * <pre>{"outcome":"ok","scriptName":"hello","scriptVersion":{"id":"…"},"eventTimestamp":1796160673013,
 *  "event":{"request":{"url":"…","method":"GET","headers":{…}},"response":{"status":200}},
 *  "logs":[{"message":["…"],"level":"log","timestamp":…}],"exceptions":[],"diagnosticsChannelEvents":[],"truncated":false}</pre>
 * {@code event} is {@code {cron, scheduledTime}} for a cron tick and {@code {rpcMethod}} (with a top-level
 * {@code entrypoint}) for an RPC call. {@code scriptName} is the service for production and
 * {@code <service>-<environment>} otherwise (wrangler's naming). {@code cpuTime} and {@code wallTime} (milliseconds, as in
 * Cloudflare's trace items) measure the invocation up to its response; they are absent when it produced none.
 *
 * <p><b>Redaction.</b> The values of {@code authorization}, {@code proxy-authorization}, {@code cookie},
 * {@code set-cookie} and of every header whose name contains {@code token}, {@code secret}, {@code key},
 * {@code password} or {@code session} become {@code "REDACTED"}; so does any occurrence, in a header value or the
 * URL, of one of the version's secret values (at least {@link #MIN_SECRET_CHARS} characters). Log lines are the
 * tenant's own output and are sent as logged.
 *
 * <p><b>Bounds.</b> The collector already bounds lines per invocation and characters per line; here header values
 * are cut to {@link #MAX_HEADER_CHARS}, at most {@link #MAX_HEADERS} headers are kept, an exception stack to
 * {@link #MAX_STACK_CHARS}, and an event larger than {@code maxEventBytes} loses log lines from the end until it fits.
 * Anything left out sets {@code truncated}.
 */
final class TraceEvents {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String REDACTED = "REDACTED";
    static final int MIN_SECRET_CHARS = 4;
    static final int MAX_HEADERS = 64;
    static final int MAX_HEADER_CHARS = 1024;
    static final int MAX_URL_CHARS = 4096;
    static final int MAX_STACK_CHARS = 4096;
    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization", "cookie", "set-cookie");
    private static final List<String> SECRET_WORDS = List.of("token", "secret", "key", "password", "session", "auth");

    private TraceEvents() {
    }

    /** The outcome of an invocation, in Cloudflare's names. */
    static String outcome(LimitKind limit, String error) {
        if (limit != null) {
            return switch (limit) {
                case CPU, STARTUP -> "exceededCpu";
                case MEMORY -> "exceededMemory";
                case WALL_CLOCK, STREAM_IDLE -> "canceled";
                case SUBREQUESTS, KV_OPERATIONS, BINDING_DEPTH, MODULE_SIZE -> "exception";
            };
        }
        return error != null ? "exception" : "ok";
    }

    /** wrangler's script name for an environment. */
    static String scriptName(EnvironmentRef ref) {
        return ref.environment().equals("production") ? ref.service() : ref.service() + "-" + ref.environment();
    }

    /** The event as JSON text, within {@code maxEventBytes} (log lines dropped from the end when it is larger). */
    static String build(TraceCollector trace, WorkerVersion version, EdgeRequest request, ScheduledEvent scheduled,
                        String rpcMethod, String entrypoint, int maxEventBytes) {
        List<TraceCollector.Line> lines = trace.lines();
        boolean truncated = trace.truncated();
        int keep = lines.size();
        while (true) {
            ObjectNode event = event(trace, version, request, scheduled, rpcMethod, entrypoint, lines.subList(0, keep),
                    truncated || keep < lines.size());
            String text;
            try {
                text = JSON.writeValueAsString(event);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            if (text.length() <= maxEventBytes / 4 || text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= maxEventBytes
                    || keep == 0) {
                return text;
            }
            keep = keep / 2;
        }
    }

    private static ObjectNode event(TraceCollector trace, WorkerVersion version, EdgeRequest request, ScheduledEvent scheduled,
                                    String rpcMethod, String entrypoint, List<TraceCollector.Line> lines, boolean truncated) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("outcome", outcome(trace.limit(), trace.error()));
        root.put("scriptName", scriptName(version.environment()));
        root.putObject("scriptVersion").put("id", version.versionId());
        if (entrypoint != null) {
            root.put("entrypoint", entrypoint);
        }
        root.put("eventTimestamp", trace.eventTimestamp());
        if (trace.cpuTimeMillis() >= 0) {
            // as Cloudflare's trace items: CPU and wall time of the invocation (here up to its response), milliseconds
            root.put("cpuTime", trace.cpuTimeMillis());
            root.put("wallTime", trace.wallTimeMillis());
        }
        ObjectNode event = root.putObject("event");
        boolean[] cut = {false};
        if (scheduled != null) {
            event.put("cron", scheduled.cron());
            event.put("scheduledTime", scheduled.scheduledTimeMillis());
        } else if (rpcMethod != null) {
            event.put("rpcMethod", rpcMethod);
        } else if (request != null) {
            ObjectNode req = event.putObject("request");
            Map<String, String> secrets = version.secrets();
            req.put("url", cut(redactSecrets(request.url(), secrets), MAX_URL_CHARS, cut));
            req.put("method", request.method());
            ObjectNode headers = req.putObject("headers");
            int count = 0;
            for (Map.Entry<String, String> h : request.headers()) {
                if (count++ >= MAX_HEADERS) {
                    cut[0] = true;
                    break;
                }
                String name = h.getKey().toLowerCase(Locale.ROOT);
                headers.put(name, secretHeader(name) ? REDACTED : cut(redactSecrets(h.getValue(), secrets), MAX_HEADER_CHARS, cut));
            }
            if (trace.status() > 0) {
                event.putObject("response").put("status", trace.status());
            }
        }
        ArrayNode logs = root.putArray("logs");
        for (TraceCollector.Line line : lines) {
            ObjectNode log = logs.addObject();
            log.putArray("message").add(line.message());
            log.put("level", line.level());
            log.put("timestamp", line.timestamp());
        }
        ArrayNode exceptions = root.putArray("exceptions");
        if (trace.error() != null && trace.limit() == null) {
            exceptions.add(exception(trace.error(), trace.eventTimestamp(), cut));
        }
        root.putArray("diagnosticsChannelEvents");
        root.put("truncated", truncated || cut[0]);
        return root;
    }

    /** {@code "TypeError: x is not a function\n    at …"} as {@code {name, message, stack, timestamp}}. */
    static ObjectNode exception(String error, long timestamp, boolean[] cut) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        int newline = error.indexOf('\n');
        String first = newline < 0 ? error : error.substring(0, newline);
        int colon = first.indexOf(": ");
        String name = colon > 0 && first.substring(0, colon).matches("[A-Za-z_$][\\w$]*") ? first.substring(0, colon) : "Error";
        String message = colon > 0 && name.equals(first.substring(0, colon)) ? first.substring(colon + 2) : first;
        out.put("name", name);
        out.put("message", cut(message, MAX_HEADER_CHARS, cut));
        if (newline >= 0) {
            out.put("stack", cut(error, MAX_STACK_CHARS, cut));
        }
        out.put("timestamp", timestamp);
        return out;
    }

    static boolean secretHeader(String name) {
        if (SECRET_HEADERS.contains(name)) {
            return true;
        }
        for (String word : SECRET_WORDS) {
            if (name.contains(word)) {
                return true;
            }
        }
        return false;
    }

    static String redactSecrets(String text, Map<String, String> secrets) {
        for (String secret : secrets.values()) {
            if (secret != null && secret.length() >= MIN_SECRET_CHARS && text.contains(secret)) {
                text = text.replace(secret, REDACTED);
            }
        }
        return text;
    }

    private static String cut(String text, int max, boolean[] cut) {
        if (text.length() <= max) {
            return text;
        }
        cut[0] = true;
        return text.substring(0, max) + "…";
    }
}
