package io.edgeworks.systemtests.support;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One blocking connection to Redis over a plain socket (RESP2), for looking at what platform-api
 * published and for simulating data loss. Not thread-safe: one per test thread.
 */
public final class RedisConnection implements Closeable {
    private static final int CONNECT_TIMEOUT_MS = 3000;
    private static final int READ_TIMEOUT_MS = 10_000;

    private final RedisEndpoint endpoint;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** An error reply from Redis ({@code -ERR …}). */
    public static final class RedisError extends RuntimeException {
        public RedisError(String message) {
            super(message);
        }
    }

    private RedisConnection(RedisEndpoint endpoint, Socket socket) throws IOException {
        this.endpoint = endpoint;
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = new BufferedOutputStream(socket.getOutputStream());
    }

    /** Connects, authenticates and selects the database the endpoint names. */
    public static RedisConnection open(RedisEndpoint endpoint) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), CONNECT_TIMEOUT_MS);
            socket.setSoTimeout(READ_TIMEOUT_MS);
            RedisConnection connection = new RedisConnection(endpoint, socket);
            if (endpoint.password() != null) {
                if (endpoint.user() != null) {
                    connection.command("AUTH", endpoint.user(), endpoint.password());
                } else {
                    connection.command("AUTH", endpoint.password());
                }
            }
            if (endpoint.database() != 0) {
                connection.command("SELECT", Integer.toString(endpoint.database()));
            }
            return connection;
        } catch (IOException e) {
            socket.close();
            throw new IOException(endpoint + ": " + e.getMessage(), e);
        } catch (RuntimeException | AssertionError e) {
            socket.close();
            throw e;
        }
    }

    /** Opens the stack's Redis ({@link Stack#redis()}), turning I/O failures into test failures. */
    public static RedisConnection openStack() {
        Stack.require(Stack.Part.REDIS);
        try {
            return open(Stack.redis());
        } catch (IOException e) {
            throw new AssertionError("cannot connect to Redis at " + Stack.redis() + ": " + e.getMessage(), e);
        }
    }

    /** Sends a command and answers its reply, bulk strings decoded as UTF-8 (recursively in arrays). */
    public Object command(String... arguments) {
        return decode(raw(arguments));
    }

    /** A bulk-string reply as raw bytes ({@code GET}, {@code HGET}), empty when the key is missing. */
    public Optional<byte[]> bytes(String... arguments) {
        Object reply = raw(arguments);
        if (reply != null && !(reply instanceof byte[])) {
            throw new AssertionError(String.join(" ", arguments) + " answered " + decode(reply) + ", not a bulk string");
        }
        return Optional.ofNullable((byte[]) reply);
    }

    public Optional<String> string(String... arguments) {
        return bytes(arguments).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    public long integer(String... arguments) {
        Object reply = raw(arguments);
        if (reply instanceof Long value) {
            return value;
        }
        throw new AssertionError(String.join(" ", arguments) + " answered " + decode(reply) + ", not an integer");
    }

    /** {@code HGETALL key} as an ordered map. */
    public Map<String, String> hash(String key) {
        Object reply = command("HGETALL", key);
        Map<String, String> map = new LinkedHashMap<>();
        if (reply instanceof List<?> items) {
            for (int i = 0; i + 1 < items.size(); i += 2) {
                map.put((String) items.get(i), (String) items.get(i + 1));
            }
            return map;
        }
        throw new AssertionError("HGETALL " + key + " answered " + reply + ", not an array");
    }

    /** Every key matching a glob pattern, by SCAN (never KEYS, which blocks the server). */
    public List<String> scan(String pattern) {
        List<String> keys = new ArrayList<>();
        String cursor = "0";
        do {
            List<?> page = (List<?>) command("SCAN", cursor, "MATCH", pattern, "COUNT", "500");
            cursor = (String) page.get(0);
            for (Object key : (List<?>) page.get(1)) {
                keys.add((String) key);
            }
        } while (!"0".equals(cursor));
        return keys;
    }

    /** Subscribes this connection to a channel; afterwards only {@link #nextMessage} may be called. */
    public void subscribe(String channel) {
        Object confirmation = command("SUBSCRIBE", channel);
        if (!(confirmation instanceof List<?> list) || !"subscribe".equals(list.get(0))) {
            throw new AssertionError("SUBSCRIBE " + channel + " answered " + confirmation);
        }
    }

    /** The payload of the next pub/sub message, or empty when none arrives within the timeout. */
    public Optional<String> nextMessage(Duration timeout) {
        try {
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            Object reply = decode(Resp.read(in));
            if (reply instanceof List<?> list && list.size() == 3 && "message".equals(list.get(0))) {
                return Optional.of((String) list.get(2));
            }
            throw new AssertionError("unexpected push on a subscribed connection: " + reply);
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new AssertionError("reading pub/sub from " + endpoint + " failed: " + e.getMessage(), e);
        }
    }

    private Object raw(String... arguments) {
        List<byte[]> encoded = new ArrayList<>(arguments.length);
        for (String argument : arguments) {
            encoded.add(argument.getBytes(StandardCharsets.UTF_8));
        }
        try {
            Resp.writeCommand(out, encoded);
            return Resp.read(in);
        } catch (IOException e) {
            throw new AssertionError(arguments[0] + " on " + endpoint + " failed: " + e.getMessage(), e);
        }
    }

    private static Object decode(Object reply) {
        if (reply instanceof byte[] bulk) {
            return new String(bulk, StandardCharsets.UTF_8);
        }
        if (reply instanceof List<?> items) {
            List<Object> decoded = new ArrayList<>(items.size());
            for (Object item : items) {
                decoded.add(decode(item));
            }
            return decoded;
        }
        return reply;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
