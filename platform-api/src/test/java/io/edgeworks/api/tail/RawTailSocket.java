package io.edgeworks.api.tail;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A WebSocket client on a plain socket that behaves like wrangler's (Node {@code ws}): it asks for {@code trace-v1}
 * and sends its first frame {@code {"debug":false}} UNMASKED, which RFC-strict servers (and Java's client) refuse to
 * do. Later frames (pings, close) are masked. Enough of RFC 6455 for the tests: no fragmentation, no extensions.
 */
final class RawTailSocket implements AutoCloseable {
    /** A frame from the server: opcode and payload. */
    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    final String handshake;

    private RawTailSocket(Socket socket, String handshake) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.handshake = handshake;
    }

    /** Connects; returns the socket with the server's response head in {@link #handshake} (whatever the status). */
    static RawTailSocket connect(URI url) throws IOException {
        Socket socket = new Socket(url.getHost(), url.getPort());
        socket.setSoTimeout(15_000);
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        String request = "GET " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Protocol: trace-v1\r\n"
                + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\nUser-Agent: wrangler/4.86.0\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        InputStream raw = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = raw.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return new RawTailSocket(socket, head.toString(StandardCharsets.ISO_8859_1));
    }

    int status() {
        return Integer.parseInt(handshake.split(" ", 3)[1]);
    }

    /** A response header's value (case-insensitive), or null. */
    String header(String name) {
        for (String line : handshake.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** Sends a text frame WITHOUT a mask, as wrangler sends {@code {"debug":false}}. */
    void sendUnmaskedText(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        frame.write(payload.length); // < 126 here
        frame.write(payload);
        out.write(frame.toByteArray());
        out.flush();
    }

    /** Sends a masked control or data frame (payload < 126 bytes). */
    void sendMasked(int opcode, byte[] payload) throws IOException {
        byte[] mask = new byte[4];
        new SecureRandom().nextBytes(mask);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x80 | opcode);
        frame.write(0x80 | payload.length);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    void ping(String payload) throws IOException {
        sendMasked(0x9, payload.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The next message from the server (blocks up to the socket timeout): a frame, with the continuation frames of a
     * fragmented message appended (the server splits messages larger than its frame size).
     */
    Frame read() throws IOException {
        Frame frame = readFrame();
        int opcode = frame.opcode() & 0x0f;
        if ((frame.opcode() & 0x80) != 0 || opcode >= 0x8) {
            return new Frame(opcode, frame.payload());
        }
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        whole.write(frame.payload());
        Frame next;
        do {
            next = readFrame();
            whole.write(next.payload());
        } while ((next.opcode() & 0x80) == 0);
        return new Frame(opcode, whole.toByteArray());
    }

    /** One raw frame; {@code opcode} carries the FIN bit (0x80). */
    private Frame readFrame() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame(first & 0x8f, payload);
    }

    /** The next frame that is not a pong... or the pong: frames in order, skipping none. */
    Frame readUntil(int opcode) throws IOException {
        while (true) {
            Frame f = read();
            if (f.opcode() == opcode || f.opcode() == 0x8) {
                return f;
            }
        }
    }

    /** Sets how long {@link #read} blocks. */
    void timeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
