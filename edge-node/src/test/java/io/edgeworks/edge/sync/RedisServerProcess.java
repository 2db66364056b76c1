package io.edgeworks.edge.sync;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A private redis-server for tests that flush, stop and restart it (port 6397 by default, data in a
 * temporary directory with AOF on, so a restart keeps the data). Fails fast, naming the command, when
 * redis-server is not installed.
 */
public final class RedisServerProcess implements AutoCloseable {
    /**
     * Added to every fixed test Redis port ({@code -Dedgeworks.test.redis-port-offset=N}, default 0), so test runs
     * of two checkouts on one machine do not share servers.
     */
    public static final int PORT_OFFSET = Integer.getInteger("edgeworks.test.redis-port-offset", 0);

    final int port;
    final Path dir;
    private final List<String> listen;
    private Process process;

    public RedisServerProcess(int port) throws IOException {
        this(port, List.of("--port", Integer.toString(port)));
    }

    /** A server with its own listening and access arguments (e.g. {@code --port 0 --tls-port N}, {@code --user ...}). */
    RedisServerProcess(int port, List<String> listen) throws IOException {
        this.port = port;
        this.listen = listen;
        this.dir = Files.createTempDirectory("edge-redis-");
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public void start() throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("redis-server", "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--appendonly", "yes", "--save", "", "--protected-mode", "no"));
        command.addAll(listen);
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start `" + String.join(" ", command) + "`: install redis-server (apt-get install redis-server)", e);
        }
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("redis-server on port " + port + " did not start; log: " + dir.resolve("redis.log"));
    }

    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor();
            process = null;
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
