package io.edgeworks.api.publish;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A redis-server of the publication tests' own, on a private port (system property
 * {@code publish.test.redis-port}, default 6391), without persistence, so tests may flush, stop and
 * restart it without touching the development Redis on 6379. Started before Quarkus, stopped after.
 */
public class TestRedisServer implements QuarkusTestResourceLifecycleManager {
    static final int PORT = Integer.getInteger("publish.test.redis-port", 6391 + Integer.getInteger("edgeworks.test.redis-port-offset", 0));
    private static final Path DATA = Path.of(System.getProperty("java.io.tmpdir"), "publish-test-redis-" + PORT + ".rdb");
    private static Process process;
    private static Path log;

    @Override
    public Map<String, String> start() {
        deleteData();
        startServer();
        // KV values (client "kv") on the same server, as in a default deployment
        return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + PORT, "quarkus.redis.kv.hosts", "redis://127.0.0.1:" + PORT);
    }

    @Override
    public void stop() {
        stopServer(false);
    }

    static synchronized void startServer() {
        if (process != null && process.isAlive()) {
            return;
        }
        if (reachable()) {
            throw new IllegalStateException("port " + PORT + " is already in use; stop what listens there or run with -Dpublish.test.redis-port=<free port>");
        }
        try {
            log = Files.createTempFile("publish-test-redis", ".log");
            process = new ProcessBuilder("redis-server", "--port", String.valueOf(PORT), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no",
                    "--dir", DATA.getParent().toString(), "--dbfilename", DATA.getFileName().toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis-server (install it: apt-get install redis-server): " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!reachable()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-server on port " + PORT + " did not start; see " + log);
            }
            sleep(20);
        }
    }

    /**
     * Stops the server. With {@code keepData} it saves a snapshot first that the next start loads (an
     * outage without data loss); without, the next start is empty (Redis lost its data).
     */
    static synchronized void stopServer(boolean keepData) {
        if (process == null) {
            return;
        }
        if (keepData) {
            try (Socket socket = new Socket("127.0.0.1", PORT)) {
                socket.getOutputStream().write("SHUTDOWN SAVE\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                socket.getInputStream().read();
            } catch (IOException e) {
                // the connection closes as the server exits
            }
        } else {
            process.destroy();
        }
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
        while (reachable()) {
            sleep(20);
        }
        if (!keepData) {
            deleteData();
        }
    }

    private static void deleteData() {
        try {
            Files.deleteIfExists(DATA);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean reachable() {
        try (Socket ignored = new Socket("127.0.0.1", PORT)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

}
