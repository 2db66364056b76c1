package io.edgeworks.edge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeworks.bundle.Bundle;
import io.edgeworks.bundle.Deployment;
import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.bundle.EnvironmentSpec;
import io.edgeworks.edge.graph.GraphBuilder;
import io.edgeworks.edge.graph.GraphInput;
import io.edgeworks.edge.graph.LiveGraph;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The wire belongs to the host: what a worker may send, what a client may send, over real loopback
 * connections to the running app (test profile: head-read timeout 1.5 s, trusted proxy 127.0.0.2).
 */
@QuarkusTest
class EdgeWireTest {
    static final EnvironmentRef WIRE = EnvironmentRef.parse("acme/wire/production");
    static final String HOST = "wire.acme.localhost";

    @Inject
    EdgeRuntime runtime;
    @Inject
    LiveGraph live;
    @TestHTTPResource("/")
    URL publicUrl;
    @TestHTTPResource(value = "/", management = true)
    URL managementUrl;

    final List<String> tenantLog = new CopyOnWriteArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            tenantLog.add(record instanceof org.jboss.logmanager.ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void deploy() {
        Logger.getLogger("io.edgeworks.edge.tenant").addHandler(capture);
        String source = """
                export default { async fetch(request) {
                  const u = new URL(request.url);
                  if (u.pathname === '/switch') return new Response(null, { status: 101, webSocket: {} });
                  if (u.pathname === '/control') return new Response('x', { headers: { 'x-bad': 'a\\u0001b' } });
                  if (u.pathname === '/delete') return new Response('x', { headers: { 'x-bad': 'a\\u007fb' } });
                  const body = await request.text();
                  return new Response(request.url + ' ' + body.length);
                } }
                """;
        Bundle wire = new Bundle(Bundle.FORMAT, WIRE, List.of(new EnvironmentSpec(WIRE, HOST, Deployment.single(1),
                List.of(EdgeHttpRouteTest.version(source, List.of())))));
        GraphBuilder.Result result = runtime.builder().build(new GraphInput(1, Map.of(WIRE, wire), Map.of(HOST, WIRE),
                List.of(new GraphInput.RouteSpec("https-only", "https://secure.example.com/*", WIRE))), live.get());
        assertTrue(result.failures().isEmpty(), result.failures()::toString);
        live.swap(result.graph());
    }

    @AfterEach
    void removeCapture() {
        Logger.getLogger("io.edgeworks.edge.tenant").removeHandler(capture);
    }

    @Test
    void aWorkersSwitchingProtocolsBecomesA500WithATenantLogLine() throws Exception {
        String response = exchange("GET /switch HTTP/1.1\r\nHost: " + HOST + "\r\nConnection: close\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 500"), response);
        awaitTenantLog("status 101"); // refused by the runtime (HostBridge.Wire) before WireRules sees it
    }

    @Test
    void aHeaderValueTheHttpLayerRefusesBecomesA500NotAHungConnection() throws Exception {
        String control = exchange("GET /control HTTP/1.1\r\nHost: " + HOST + "\r\nConnection: close\r\n\r\n");
        assertTrue(control.startsWith("HTTP/1.1 500"), control);
        awaitTenantLog("header x-bad has a value the HTTP layer refuses");
        String delete = exchange("GET /delete HTTP/1.1\r\nHost: " + HOST + "\r\nConnection: close\r\n\r\n");
        assertTrue(delete.startsWith("HTTP/1.1 500"), delete);
    }

    @Test
    void twoHostHeadersAreABadRequest() throws Exception {
        String response = exchange("GET / HTTP/1.1\r\nHost: " + HOST + "\r\nHost: other.acme.localhost\r\nConnection: close\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 400"), response);
        assertTrue(response.contains("more than one Host header"), response);
    }

    @Test
    void aTrickledHeadIsCutAtTheHeadReadTimeout() throws Exception {
        long start = System.nanoTime();
        try (Socket socket = connect(null)) {
            OutputStream out = socket.getOutputStream();
            byte[] head = ("GET / HTTP/1.1\r\nHost: " + HOST + "\r\nX-Slow: " + "a".repeat(60) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            boolean closed = false;
            for (int i = 0; i < head.length - 4 && !closed; i++) {
                try {
                    out.write(head[i]);
                    out.flush();
                } catch (SocketException e) {
                    closed = true;
                }
                Thread.sleep(100);
                closed |= closedByServer(socket);
            }
            assertTrue(closed, "the server kept a connection whose head took more than 1.5 s");
        }
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs >= 1_400 && tookMs < 6_000, "closed after " + tookMs + " ms");
    }

    @Test
    void aKeepAliveConnectionsNextHeadIsTimedToo() throws Exception {
        try (Socket socket = connect(null)) {
            socket.getOutputStream().write(("GET /fast HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String first = readResponse(socket.getInputStream());
            assertTrue(first.startsWith("HTTP/1.1 200"), first);
            socket.getOutputStream().write("GET /slow HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(5_000);
            long start = System.nanoTime();
            assertEquals(-1, socket.getInputStream().read(), "connection closed without an answer");
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(tookMs < 4_000, "closed after " + tookMs + " ms");
        }
    }

    @Test
    void anUnknownHostIsAnswered404WithoutReadingItsBody() throws Exception {
        try (Socket socket = connect(null)) {
            socket.getOutputStream().write(("POST /upload HTTP/1.1\r\nHost: nobody.acme.localhost\r\nContent-Length: 1000000\r\n\r\n"
                    + "only the start of the body").getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(5_000);
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(response.startsWith("HTTP/1.1 404"), response);
            assertTrue(response.toLowerCase().contains("connection: close"), response);
        }
        // a routed request still reads its body, and a too large one still gets 413
        String routed = exchange("POST /echo HTTP/1.1\r\nHost: " + HOST + "\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");
        assertTrue(routed.startsWith("HTTP/1.1 200") && routed.endsWith("http://wire.acme.localhost/echo 5"), routed);
        String tooLarge = exchange("POST /echo HTTP/1.1\r\nHost: " + HOST + "\r\nContent-Length: 20000000\r\nConnection: close\r\n\r\n");
        assertTrue(tooLarge.startsWith("HTTP/1.1 413"), tooLarge);
    }

    @Test
    void aChunkedBodyAboveTheLimitIs413() throws Exception {
        try (Socket socket = connect(null)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /echo HTTP/1.1\r\nHost: " + HOST + "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[1 << 20];
            try {
                for (int i = 0; i < 12; i++) {
                    out.write(("100000\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
            } catch (SocketException e) {
                // the edge closed the connection after its 413
            }
            socket.setSoTimeout(5_000);
            String response = readResponse(socket.getInputStream());
            assertTrue(response.startsWith("HTTP/1.1 413"), response);
        }
    }

    @Test
    void xForwardedProtoCountsOnlyFromATrustedProxy() throws Exception {
        String request = "GET /x HTTP/1.1\r\nHost: secure.example.com\r\nX-Forwarded-Proto: https\r\nConnection: close\r\n\r\n";
        String untrusted = exchange(request);
        assertTrue(untrusted.startsWith("HTTP/1.1 404"), untrusted);
        String trusted;
        try (Socket socket = connect(InetAddress.getByName("127.0.0.2"))) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            trusted = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        assertTrue(trusted.startsWith("HTTP/1.1 200") && trusted.endsWith("https://secure.example.com/x 0"), trusted);
    }

    @Test
    void healthAndMetricsAreOnTheManagementPortOnly() throws Exception {
        assertTrue(exchange("GET /q/metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").startsWith("HTTP/1.1 404"));
        assertTrue(exchange("GET /q/health/ready HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").startsWith("HTTP/1.1 404"));
        assertTrue(managementUrl.getPort() != publicUrl.getPort());
        String metrics = get(managementUrl.getPort(), "/q/metrics");
        assertTrue(metrics.startsWith("HTTP/1.1 200") && metrics.contains("edge_unrouted_requests_total"), metrics);
        assertTrue(get(managementUrl.getPort(), "/q/health/live").startsWith("HTTP/1.1 200"));
    }

    private Socket connect(InetAddress local) throws IOException {
        Socket socket = new Socket();
        socket.setSoTimeout(10_000);
        if (local != null) {
            socket.bind(new InetSocketAddress(local, 0));
        }
        socket.connect(new InetSocketAddress("127.0.0.1", publicUrl.getPort()), 5_000);
        return socket;
    }

    private String exchange(String request) throws IOException {
        try (Socket socket = connect(null)) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static String get(int port, String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** One response with a Content-Length body (what the edge sends for whole bodies). */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        return text + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }

    /** Whether the server has closed the connection (a read returns end of stream or a reset) within 1 ms. */
    private static boolean closedByServer(Socket socket) throws IOException {
        int timeout = socket.getSoTimeout();
        socket.setSoTimeout(1);
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        } finally {
            socket.setSoTimeout(timeout);
        }
    }

    private void awaitTenantLog(String part) throws InterruptedException {
        long until = System.nanoTime() + 10_000_000_000L;
        while (tenantLog.stream().noneMatch(l -> l.contains(part)) && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertTrue(tenantLog.stream().anyMatch(l -> l.contains(part)), () -> "tenant log: " + tenantLog);
    }
}
