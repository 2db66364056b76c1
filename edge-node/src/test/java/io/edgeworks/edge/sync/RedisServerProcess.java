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
final class RedisServerProcess implements AutoCloseable {
    final int port;
    private final Path dir;
    private Process process;

    RedisServerProcess(int port) throws IOException {
        this.port = port;
        this.dir = Files.createTempDirectory("edge-redis-");
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    void start() throws Exception {
        List<String> command = List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--appendonly", "yes", "--save", "", "--protected-mode", "no");
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

    void stop() throws InterruptedException {
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
