package io.edgeworks.bundle;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One entry of {@link RedisLayout#KV_WRITES}, as {@link KvWriteScript} appends it: fields {@code ns} (namespace id,
 * a UUID), {@code op} ({@code put} or {@code delete}), {@code key} (UTF-8), {@code value} (raw bytes; empty for a
 * delete), {@code writer} (the edge node waiting for the acknowledgement, or {@link #API_WRITER}) and {@code ticket}
 * (the writer's id of the write). The entry id is the {@link KvVersion}.
 *
 * <p>The acknowledgement platform-api publishes on {@link RedisLayout#kvAckChannel} once writes are committed in
 * PostgreSQL is the comma-separated list of their tickets ({@link #ackMessage}, {@link #parseAck}); a ticket is 1 to
 * 64 characters of {@code [A-Za-z0-9_-]}.
 */
public record KvWrite(KvVersion version, UUID namespace, Op op, String key, byte[] value, String writer, String ticket) {
    /** The writer of platform-api's own writes: persisted by the request itself, never acknowledged on a channel. */
    public static final String API_WRITER = "api";

    public enum Op {
        PUT("put"), DELETE("delete");

        private final String wire;

        Op(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        static Op of(String wire) {
            for (Op op : values()) {
                if (op.wire.equals(wire)) {
                    return op;
                }
            }
            throw new BundleFormatException("KV write op '" + wire + "' is neither put nor delete");
        }
    }

    public KvWrite {
        if (version == null || namespace == null || op == null || key == null || key.isEmpty() || writer == null || ticket == null) {
            throw new BundleFormatException("KV write lacks a field: version, ns, op, key, writer and ticket are required");
        }
        if (op == Op.PUT && value == null) {
            throw new BundleFormatException("KV put " + version + " has no value");
        }
        if (op == Op.DELETE) {
            value = null;
        }
    }

    /** Decodes a stream entry: its id and its fields (names and values as Redis returned them). */
    public static KvWrite decode(String id, Map<String, byte[]> fields) {
        KvVersion version = KvVersion.parse(id);
        UUID namespace;
        try {
            namespace = UUID.fromString(text(fields, "ns", id));
        } catch (IllegalArgumentException e) {
            throw new BundleFormatException("KV write " + id + ": ns is not a UUID", e);
        }
        Op op = Op.of(text(fields, "op", id));
        String key = text(fields, "key", id);
        return new KvWrite(version, namespace, op, key, op == Op.PUT ? fields.get("value") : null,
                text(fields, "writer", id), text(fields, "ticket", id));
    }

    private static String text(Map<String, byte[]> fields, String name, String id) {
        byte[] bytes = fields.get(name);
        if (bytes == null) {
            throw new BundleFormatException("KV write " + id + " has no field '" + name + "'");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Whether an edge node waits for this write's acknowledgement. */
    public boolean acknowledged() {
        return !API_WRITER.equals(writer) && !writer.isEmpty();
    }

    /** The acknowledgement message of a writer's committed writes: their tickets, comma-separated. */
    public static String ackMessage(List<String> tickets) {
        for (String ticket : tickets) {
            checkTicket(ticket);
        }
        return String.join(",", tickets);
    }

    /** The tickets of an acknowledgement message. */
    public static List<String> parseAck(String message) {
        if (message == null || message.isEmpty()) {
            throw new BundleFormatException("empty KV acknowledgement");
        }
        List<String> tickets = new ArrayList<>();
        for (String ticket : message.split(",", -1)) {
            checkTicket(ticket);
            tickets.add(ticket);
        }
        return tickets;
    }

    /** Checks a writer's ticket (also usable as a writer id): 1 to 64 characters of {@code [A-Za-z0-9_-]}. */
    public static String checkTicket(String ticket) {
        if (ticket == null || ticket.isEmpty() || ticket.length() > 64) {
            throw new BundleFormatException("KV ticket must have 1 to 64 characters: '" + ticket + "'");
        }
        for (int i = 0; i < ticket.length(); i++) {
            char c = ticket.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                throw new BundleFormatException("KV ticket has a character outside [A-Za-z0-9_-]: '" + ticket + "'");
            }
        }
        return ticket;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KvWrite w && version.equals(w.version) && namespace.equals(w.namespace) && op == w.op && key.equals(w.key)
                && java.util.Arrays.equals(value, w.value) && writer.equals(w.writer) && ticket.equals(w.ticket);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(version, namespace, op, key, java.util.Arrays.hashCode(value), writer, ticket);
    }

    @Override
    public String toString() {
        return "KvWrite[" + version + " " + op.wire + " " + namespace + "/" + key + " by " + writer + "#" + ticket + "]";
    }
}
