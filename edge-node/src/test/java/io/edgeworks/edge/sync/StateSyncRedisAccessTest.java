package io.edgeworks.edge.sync;

import io.edgeworks.bundle.BundleVerifier;
import io.edgeworks.bundle.Ed25519Keys;
import io.edgeworks.edge.graph.GraphBuilder;
import io.edgeworks.edge.graph.LiveGraph;
import io.edgeworks.edge.graph.SecretOpener;
import io.edgeworks.edge.metrics.EdgeMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemTrustOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The state sync against Redis with access control, as production runs it: an ACL user with a password
 * (default user off), and a TLS-only server with {@code requirepass} and a certificate from a CA generated
 * here with openssl. Right settings → the node loads the state; wrong password or untrusted certificate →
 * no load, and a failure that names the setting to check.
 */
class StateSyncRedisAccessTest {
    private static final int ACL_PORT = 6398 + RedisServerProcess.PORT_OFFSET;
    private static final int TLS_PORT = 6399 + RedisServerProcess.PORT_OFFSET;
    private static final String PASSWORD = "edge-password-for-tests";
    static RedisServerProcess acl;
    static RedisServerProcess tls;
    static Vertx vertx;
    static Path ca;

    @BeforeAll
    static void start() throws Exception {
        acl = new RedisServerProcess(ACL_PORT, List.of("--port", Integer.toString(ACL_PORT), "--user", "default", "off",
                "--user", "edge-node", "on", ">" + PASSWORD, "~*", "&*", "+@all"));
        acl.start();
        Path certs = Files.createTempDirectory("edge-redis-tls-");
        certificates(certs);
        ca = certs.resolve("ca.pem");
        tls = new RedisServerProcess(TLS_PORT, List.of("--port", "0", "--tls-port", Integer.toString(TLS_PORT),
                "--tls-cert-file", certs.resolve("server.pem").toString(), "--tls-key-file", certs.resolve("server.key").toString(),
                "--tls-ca-cert-file", ca.toString(), "--tls-auth-clients", "no", "--requirepass", PASSWORD));
        tls.start();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        acl.close();
        tls.close();
    }

    private static StateSync sync(RedisAccess access) {
        GraphBuilder builder = new GraphBuilder(v -> CompletableFuture.failedFuture(new IllegalStateException("no versions here")),
                new SecretOpener(null), 1 << 20, 30_000);
        StateSync sync = new StateSync(vertx, access, new BundleVerifier(Map.of("k1", Ed25519Keys.generate().getPublic())),
                builder, new LiveGraph(), new EdgeMetrics(new SimpleMeterRegistry()), 50, 200);
        sync.start();
        return sync;
    }

    private static boolean within(long millis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    @Test
    void anAclUserWithItsPasswordLoadsTheState() throws Exception {
        StateSync sync = sync(new RedisAccess("redis://127.0.0.1:" + ACL_PORT + "?user=edge-node", PASSWORD, null, true));
        try {
            assertTrue(within(10_000, sync::loaded), "not loaded: " + sync.lastFailure());
        } finally {
            sync.close();
        }
    }

    @Test
    void aWrongPasswordIsNamedAsRefusedCredentials() throws Exception {
        StateSync sync = sync(new RedisAccess("redis://127.0.0.1:" + ACL_PORT + "?user=edge-node", "wrong", null, true));
        try {
            assertTrue(within(10_000, () -> sync.lastFailure() != null), "no failure reported");
            String failure = sync.lastFailure();
            assertTrue(failure.contains("refused the credentials") && failure.contains("WRONGPASS")
                    && failure.contains("EDGE_REDIS_PASSWORD"), failure);
            assertTrue(failure.contains("as user edge-node") && !failure.contains("wrong"), "names the user, never the password: " + failure);
            assertFalse(sync.loaded());
        } finally {
            sync.close();
        }
    }

    @Test
    void tlsWithTheTrustedCaLoadsTheState() throws Exception {
        StateSync sync = sync(new RedisAccess("rediss://localhost:" + TLS_PORT, PASSWORD,
                new PemTrustOptions().addCertPath(ca.toString()), true));
        try {
            assertTrue(within(10_000, sync::loaded), "not loaded over TLS: " + sync.lastFailure());
        } finally {
            sync.close();
        }
    }

    @Test
    void anUntrustedCertificateIsATlsFailure() throws Exception {
        StateSync sync = sync(new RedisAccess("rediss://localhost:" + TLS_PORT, PASSWORD, null, true));
        try {
            assertTrue(within(10_000, () -> sync.lastFailure() != null), "no failure reported");
            assertTrue(sync.lastFailure().contains("TLS handshake"), sync.lastFailure());
            assertFalse(sync.loaded());
        } finally {
            sync.close();
        }
    }

    @Test
    void aUserWrittenAsUserinfoIsRefusedBecauseTheClientWouldIgnoreIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RedisAccess.of("redis://edge-node@127.0.0.1:6379"));
        assertTrue(e.getMessage().contains("?user="), e.getMessage());
    }

    /** A CA and a server certificate for localhost / 127.0.0.1 signed by it, in {@code dir}. */
    static void certificates(Path dir) throws Exception {
        Files.writeString(dir.resolve("ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        run(dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "ca.key", "-out", "ca.pem", "-days", "1", "-subj", "/CN=edgeworks-test-ca");
        run(dir, "openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
        run(dir, "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.pem", "-days", "1", "-extfile", "ext");
    }

    private static void run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }
}
