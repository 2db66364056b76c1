package io.edgeworks.edge.api.fetch;

import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A fake of the layer below fetch(): a DNS server on 127.0.0.1 (UDP, random port) that answers A and AAAA
 * questions from a fixed table (NXDOMAIN for other names), or, when {@link #silent()}, never answers. It
 * records each question as {@code name/type}. Only what the Vert.x DNS client sends is understood: one
 * question, no compression in it.
 */
final class FakeDnsServer implements AutoCloseable {
    private final DatagramSocket socket;
    private final Map<String, List<String>> answers;
    private final boolean silent;
    private final Queue<String> questions = new ConcurrentLinkedQueue<>();
    private final Thread thread;

    private FakeDnsServer(Map<String, List<String>> answers, boolean silent) throws SocketException {
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.answers = answers;
        this.silent = silent;
        this.thread = Thread.ofPlatform().daemon().name("fake-dns").start(this::serve);
    }

    /** Answers each name in the table with its addresses (IPv4 ones for A questions, IPv6 ones for AAAA). */
    static FakeDnsServer answering(Map<String, List<String>> answers) throws SocketException {
        return new FakeDnsServer(answers, false);
    }

    /** Reads every question and answers none. */
    static FakeDnsServer silent() throws SocketException {
        return new FakeDnsServer(Map.of(), true);
    }

    /** {@code 127.0.0.1:port}, as {@code edge.fetch.dns-servers} takes it. */
    String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    /** Questions received so far, as {@code name/A} or {@code name/AAAA}. */
    List<String> questions() {
        return List.copyOf(questions);
    }

    @Override
    public void close() {
        socket.close();
    }

    private void serve() {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                byte[] reply = reply(buffer, packet.getLength());
                if (reply != null) {
                    socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
                }
            } catch (Exception e) {
                // closed, or a packet we do not understand: go on until closed
            }
        }
    }

    private byte[] reply(byte[] q, int length) {
        int at = 12;
        StringBuilder name = new StringBuilder();
        while (q[at] != 0) {
            int label = q[at] & 0xff;
            name.append(name.isEmpty() ? "" : ".").append(new String(q, at + 1, label, StandardCharsets.US_ASCII));
            at += label + 1;
        }
        int questionEnd = at + 5; // the root label, type, class
        int type = ((q[at + 1] & 0xff) << 8) | (q[at + 2] & 0xff);
        questions.add(name + "/" + (type == 1 ? "A" : type == 28 ? "AAAA" : String.valueOf(type)));
        if (silent) {
            return null;
        }
        List<String> known = answers.get(name.toString().toLowerCase());
        List<byte[]> records = known == null ? List.of() : known.stream().map(a -> InetAddress.ofLiteral(a).getAddress())
                .filter(b -> b.length == (type == 1 ? 4 : 16)).toList();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(q[0]);
        out.write(q[1]);                         // the query's id
        out.write(0x81);                         // QR, RD
        out.write(known == null ? 0x83 : 0x80);  // RA, NXDOMAIN or NOERROR
        out.writeBytes(new byte[] {0, 1, 0, (byte) records.size(), 0, 0, 0, 0});
        out.write(q, 12, questionEnd - 12);
        for (byte[] r : records) {
            out.writeBytes(new byte[] {(byte) 0xc0, 12, 0, (byte) type, 0, 1, 0, 0, 0, 60, 0, (byte) r.length});
            out.writeBytes(r);
        }
        return out.toByteArray();
    }
}
