package io.edgeworks.systemtests.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One more replica of a packaged app ({@code <module>/target/quarkus-app/quarkus-run.jar}, what up.sh runs) started by a
 * test beside the stack's, with the environment the test gives it and its log in {@code target/<name>.log}. Used by
 * {@link EdgeNodeProcess} and {@link ApiProcess}. {@link #terminate()} sends SIGTERM (the graceful shutdown),
 * {@link #kill()} SIGKILL, {@link #close()} stops it either way.
 */
public final class AppProcess implements AutoCloseable {
    private static final Duration READY = Duration.ofSeconds(120);

    private final String name;
    private final Process process;
    private final Path log;

    private AppProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** The packaged app of {@code module}, or the jar the system property {@code property} names. */
    static Path jar(String module, String property) {
        Path jar = Path.of(System.getProperty(property, "../" + module + "/target/quarkus-app/quarkus-run.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("no packaged " + module + " at " + jar.toAbsolutePath() + ": build it with ./mvnw -B -DskipTests package"
                    + " (deploy/local/up.sh does)");
        }
        return jar;
    }

    /** One of up.sh's development keys ({@code edgeworks.it.keys-dir}, default {@code ../.state/keys}). */
    static String key(String file) throws IOException {
        Path path = Path.of(System.getProperty("edgeworks.it.keys-dir", "../.state/keys")).resolve(file);
        if (!Files.isReadable(path)) {
            throw new AssertionError(path.toAbsolutePath() + " is missing: a replica started by a test needs up.sh's keys (edgeworks.it.keys-dir)");
        }
        return Files.readString(path).trim();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * Starts {@code java -jar <jar>} with {@code env} added to this JVM's environment and waits until
     * {@code readyUrl/q/health/ready} answers 200.
     */
    static AppProcess start(String name, Path jar, Map<String, String> env, String readyUrl) throws IOException {
        Path log = Path.of("target", name + ".log");
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        AppProcess app = new AppProcess(name, builder.start(), log);
        // a test JVM that ends without the test's close (a failed @BeforeAll, a fork stopped by its timeout) must not
        // leave the replica running: a platform-api left behind is one more outbox relay for every later test
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("stop " + name).unstarted(app.process::destroyForcibly));
        try {
            Poll.until(READY, () -> app.process.isAlive() ? Http.call("GET", readyUrl, "/q/health/ready", Map.of(), null) : null,
                    reply -> reply == null || reply.status() == 200,
                    name + " (" + jar + ") to answer 200 on " + readyUrl + "/q/health/ready; its log: " + log.toAbsolutePath());
            if (!app.process.isAlive()) {
                throw new AssertionError(name + " exited during start; its log: " + log.toAbsolutePath() + "\n" + app.tail());
            }
        } catch (AssertionError e) {
            app.close();
            throw e;
        }
        return app;
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** SIGTERM: the graceful shutdown; returns at once. */
    public void terminate() {
        process.destroy();
    }

    /** SIGKILL, and waits until the process is gone. */
    public void kill() {
        process.destroyForcibly();
        exitedWithin(Duration.ofSeconds(10));
    }

    /** Whether the process exited within {@code timeout}. */
    public boolean exitedWithin(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** The whole log so far. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(45, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
