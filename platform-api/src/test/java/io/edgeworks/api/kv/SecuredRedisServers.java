package io.edgeworks.api.kv;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Two redis-servers of the Redis access tests' own, as production runs them: the published state's on
 * {@value #STATE_PORT} with the default user off and an ACL user {@code platform-api}; the KV values' on
 * {@value #KV_PORT}, TLS only (a certificate of a CA generated here with openssl) with {@code requirepass}.
 * platform-api is configured with the right credentials; client "wrong" has a wrong password.
 */
public class SecuredRedisServers implements QuarkusTestResourceLifecycleManager {
    static final int STATE_PORT = Integer.getInteger("kv.test.state-redis-port", 6392 + Integer.getInteger("edgeworks.test.redis-port-offset", 0));
    static final int KV_PORT = Integer.getInteger("kv.test.kv-redis-port", 6393 + Integer.getInteger("edgeworks.test.redis-port-offset", 0));
    static final String STATE_PASSWORD = "state-password-for-tests";
    static final String KV_PASSWORD = "kv-password-for-tests";
    static Path dir;
    private final List<Process> servers = new ArrayList<>();

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("kv-test-redis");
            certificates(dir);
            servers.add(server(STATE_PORT, "--port", String.valueOf(STATE_PORT), "--user", "default", "off",
                    "--user", "platform-api", "on", ">" + STATE_PASSWORD, "~*", "&*", "+@all"));
            servers.add(server(KV_PORT, "--port", "0", "--tls-port", String.valueOf(KV_PORT),
                    "--tls-cert-file", dir.resolve("server.pem").toString(), "--tls-key-file", dir.resolve("server.key").toString(),
                    "--tls-ca-cert-file", dir.resolve("ca.pem").toString(), "--tls-auth-clients", "no",
                    "--requirepass", KV_PASSWORD));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "quarkus.redis.hosts", "redis://127.0.0.1:" + STATE_PORT + "?user=platform-api",
                "quarkus.redis.password", STATE_PASSWORD,
                "quarkus.redis.kv.hosts", "rediss://localhost:" + KV_PORT,
                "quarkus.redis.kv.password", KV_PASSWORD,
                "quarkus.redis.kv.tls-configuration-name", "redis-kv",
                "quarkus.tls.redis-kv.trust-store.pem.certs", dir.resolve("ca.pem").toString(),
                "quarkus.tls.redis-kv.hostname-verification-algorithm", "HTTPS",
                "quarkus.redis.wrong.hosts", "redis://127.0.0.1:" + STATE_PORT + "?user=platform-api",
                "quarkus.redis.wrong.password", "not-the-password");
    }

    @Override
    public void stop() {
        servers.forEach(Process::destroy);
        for (Process p : servers) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A CA and a server certificate for localhost / 127.0.0.1 signed by it, in {@code dir}. */
    static void certificates(Path dir) throws IOException {
        Files.writeString(dir.resolve("ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        run(dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "ca.key", "-out", "ca.pem", "-days", "1", "-subj", "/CN=edgeworks-test-ca");
        run(dir, "openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
        run(dir, "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.pem", "-days", "1", "-extfile", "ext");
    }

    private static void run(Path dir, String... command) throws IOException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Process server(int port, String... args) throws IOException {
        if (reachable(port)) {
            throw new IllegalStateException("port " + port + " is already in use; free it or set -Dkv.test.state-redis-port / kv-redis-port");
        }
        List<String> command = new ArrayList<>(List.of("redis-server", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"));
        command.addAll(List.of(args));
        Path log = dir.resolve("redis-" + port + ".log");
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis-server (apt-get install redis-server): " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!reachable(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-server on port " + port + " did not start: " + Files.readString(log));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return process;
    }

    private static boolean reachable(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** redis-cli against the state server (ACL user) or the KV server (TLS, requirepass); its output. */
    static String cli(boolean kv, String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("redis-cli", "--no-auth-warning", "-h", "127.0.0.1"));
        if (kv) {
            args.addAll(List.of("-p", String.valueOf(KV_PORT), "--tls", "--cacert", dir.resolve("ca.pem").toString(), "-a", KV_PASSWORD));
        } else {
            args.addAll(List.of("-p", String.valueOf(STATE_PORT), "--user", "platform-api", "--pass", STATE_PASSWORD));
        }
        args.addAll(List.of(command));
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out.strip();
    }
}
