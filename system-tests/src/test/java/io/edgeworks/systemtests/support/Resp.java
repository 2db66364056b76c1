package io.edgeworks.systemtests.support;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The Redis serialization protocol (RESP2), just enough for tests: commands go out as arrays of bulk
 * strings; replies come back as {@link String} (simple string), {@link Long} (integer), {@code byte[]}
 * (bulk string), {@link List} (array), {@code null} (null bulk or array) or a thrown
 * {@link RedisConnection.RedisError} (error reply).
 */
final class Resp {
    private static final byte[] CRLF = {'\r', '\n'};

    private Resp() {
    }

    static void writeCommand(OutputStream out, List<byte[]> arguments) throws IOException {
        if (arguments.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least its name");
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        buffer.write(('*' + Integer.toString(arguments.size())).getBytes(StandardCharsets.US_ASCII));
        buffer.write(CRLF);
        for (byte[] argument : arguments) {
            buffer.write(('$' + Integer.toString(argument.length)).getBytes(StandardCharsets.US_ASCII));
            buffer.write(CRLF);
            buffer.write(argument);
            buffer.write(CRLF);
        }
        buffer.writeTo(out);
        out.flush();
    }

    static Object read(InputStream in) throws IOException {
        int type = in.read();
        if (type == -1) {
            throw new EOFException("Redis closed the connection");
        }
        String line = readLine(in);
        return switch (type) {
            case '+' -> line;
            case '-' -> throw new RedisConnection.RedisError(line);
            case ':' -> Long.parseLong(line);
            case '$' -> readBulk(in, Integer.parseInt(line));
            case '*' -> readArray(in, Integer.parseInt(line));
            default -> throw new IOException("not a RESP2 reply: type byte '" + (char) type + "' followed by '" + line + "'");
        };
    }

    private static byte[] readBulk(InputStream in, int length) throws IOException {
        if (length < 0) {
            return null;
        }
        byte[] data = in.readNBytes(length);
        if (data.length != length) {
            throw new EOFException("Redis closed the connection inside a bulk string");
        }
        if (in.read() != '\r' || in.read() != '\n') {
            throw new IOException("bulk string of " + length + " bytes not followed by CRLF");
        }
        return data;
    }

    private static List<Object> readArray(InputStream in, int count) throws IOException {
        if (count < 0) {
            return null;
        }
        List<Object> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(read(in));
        }
        return items;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b == -1) {
                throw new EOFException("Redis closed the connection inside a reply line");
            }
            if (b == '\r') {
                if (in.read() != '\n') {
                    throw new IOException("CR not followed by LF in a reply line");
                }
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
    }
}
