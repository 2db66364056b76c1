package io.edgeworks.edge.api.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeworks.edge.runtime.EdgeRequest;
import io.edgeworks.edge.runtime.OutboundHttp;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * fetch()'s name resolution against {@link FakeDnsServer} (a fake DNS server on loopback, the layer below)
 * and a real upstream on 127.0.0.1: lookups never hold the caller, answers go through the address policy,
 * and the connection goes to the checked address with the URL's host in the Host header.
 */
class FetchDnsTest {
    static final int DNS_TIMEOUT_MS = 600;
    static Vertx vertx;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(req -> req.response().end("host=" + req.getHeader("host")))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        port = server.actualPort();
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    private static CompletableFuture<OutboundHttp.Result> fetch(boolean allowPrivate, List<String> dnsServers, String url) {
        OutboundFetcher fetcher = new OutboundFetcher(vertx, new AddressPolicy(allowPrivate, NodeAddresses.of(List.of())),
                new HostResolver(vertx, dnsServers, DNS_TIMEOUT_MS), 5000, 1 << 20, 5);
        return fetcher.send(new EdgeRequest("GET", url, List.of(), null), "follow").toCompletableFuture();
    }

    private static String failure(CompletableFuture<?> fetch) {
        ExecutionException error = assertThrows(ExecutionException.class, () -> fetch.get(10, TimeUnit.SECONDS));
        return error.getCause().getMessage();
    }

    @Test
    void aDnsServerThatNeverAnswersHoldsNoThreadAndFailsClearly() throws Exception {
        try (FakeDnsServer dns = FakeDnsServer.silent()) {
            long start = System.nanoTime();
            CompletableFuture<OutboundHttp.Result> fetch = fetch(true, List.of(dns.address()), "http://silent.test:" + port + "/");
            long returnedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(returnedMs < DNS_TIMEOUT_MS / 2, "send() returned after " + returnedMs + " ms: it must only start the lookup");
            assertFalse(fetch.isDone(), "still resolving");
            String message = failure(fetch);
            long failedMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals("DNS lookup of silent.test failed: no answer from " + dns.address() + " within " + DNS_TIMEOUT_MS + " ms", message);
            assertTrue(failedMs >= DNS_TIMEOUT_MS, "failed after the DNS timeout, not before: " + failedMs + " ms");
            assertTrue(dns.questions().containsAll(List.of("silent.test/A", "silent.test/AAAA")), dns.questions().toString());
        }
    }

    @Test
    void theNextServerIsAskedWhenOneDoesNotAnswer() throws Exception {
        try (FakeDnsServer silent = FakeDnsServer.silent();
             FakeDnsServer dns = FakeDnsServer.answering(Map.of("upstream.test", List.of("127.0.0.1")))) {
            OutboundHttp.Result r = fetch(true, List.of(silent.address(), dns.address()), "http://upstream.test:" + port + "/").get(10, TimeUnit.SECONDS);
            assertEquals(200, r.response().status());
        }
    }

    @Test
    void connectsToTheResolvedAddressWithTheUrlsHostInTheHostHeader() throws Exception {
        try (FakeDnsServer dns = FakeDnsServer.answering(Map.of("upstream.test", List.of("127.0.0.1")))) {
            OutboundHttp.Result r = fetch(true, List.of(dns.address()), "http://upstream.test:" + port + "/").get(10, TimeUnit.SECONDS);
            assertEquals("host=upstream.test:" + port, OutboundFetcherTest.body(r.response()));
        }
    }

    @Test
    void aNameThatResolvesToARefusedAddressIsRefused() throws Exception {
        try (FakeDnsServer dns = FakeDnsServer.answering(Map.of("rebind.test", List.of("127.0.0.1"),
                "nat64.test", List.of("64:ff9b::a9fe:a9fe")))) {
            assertEquals("connections to loopback address 127.0.0.1 (rebind.test) are not allowed",
                    failure(fetch(false, List.of(dns.address()), "http://rebind.test:" + port + "/")));
            assertTrue(failure(fetch(false, List.of(dns.address()), "http://nat64.test/"))
                    .startsWith("connections to link-local address 169.254.169.254 (as NAT64"));
        }
    }

    @Test
    void unknownNamesAndNamesWithoutAddressesFailWithTheirReason() throws Exception {
        try (FakeDnsServer dns = FakeDnsServer.answering(Map.of("empty.test", List.of()))) {
            assertEquals("DNS: nothere.test not found (NXDOMAIN)", failure(fetch(true, List.of(dns.address()), "http://nothere.test/")));
            assertEquals("DNS: empty.test has no A or AAAA record", failure(fetch(true, List.of(dns.address()), "http://empty.test/")));
        }
    }

    @Test
    void literalsAndLocalhostAreNeverLookedUp() throws Exception {
        try (FakeDnsServer dns = FakeDnsServer.silent()) {
            assertEquals(200, fetch(true, List.of(dns.address()), "http://127.0.0.1:" + port + "/").get(10, TimeUnit.SECONDS).response().status());
            assertEquals(200, fetch(true, List.of(dns.address()), "http://localhost:" + port + "/").get(10, TimeUnit.SECONDS).response().status());
            assertTrue(failure(fetch(false, List.of(dns.address()), "http://api.localhost:" + port + "/"))
                    .startsWith("connections to loopback address 127.0.0.1 (api.localhost)"));
            assertTrue(failure(fetch(false, List.of(dns.address()), "http://[::1]:" + port + "/")).contains("loopback address"));
            assertEquals(List.of(), dns.questions());
        }
    }

    @Test
    void dnsServerSettingsAndResolvConfAreRead() throws Exception {
        assertEquals("/10.0.0.2:53", HostResolver.server("10.0.0.2").toString());
        assertEquals("/127.0.0.1:5353", HostResolver.server("127.0.0.1:5353").toString());
        assertEquals("0:0:0:0:0:0:0:1", HostResolver.server("[::1]:5353").getAddress().getHostAddress());
        assertEquals(5353, HostResolver.server("[::1]:5353").getPort());
        assertEquals(53, HostResolver.server("fd00::53").getPort());
        java.nio.file.Path conf = java.nio.file.Files.createTempFile("resolv", ".conf");
        java.nio.file.Files.writeString(conf, "# comment\nsearch example.org\nnameserver 10.0.0.2\nnameserver fe80::1%eth0\nnameserver bogus\n");
        assertEquals(List.of("10.0.0.2", "fe80:0:0:0:0:0:0:1"),
                HostResolver.resolvConf(conf).stream().map(a -> a.getAddress().getHostAddress()).toList());
        java.nio.file.Files.delete(conf);
    }
}
