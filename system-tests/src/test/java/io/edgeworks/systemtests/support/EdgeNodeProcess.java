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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Another edge node beside the stack's, started by a test: the packaged edge-node ({@code edgeworks.it.edge-jar},
 * default {@code ../edge-node/target/quarkus-app/quarkus-run.jar}, what up.sh runs) with its own free HTTP and
 * management ports, HTTPS off, and the stack's Redis ({@value Stack#REDIS_URL}) and keys (up.sh's key folder
 * {@code edgeworks.it.keys-dir}, default {@code ../.state/keys}), exactly as a second node of a cluster would be. Its
 * log is {@code target/<name>.log}. {@link #close()} stops it.
 */
public final class EdgeNodeProcess implements AutoCloseable {
    private static final Duration READY = Duration.ofSeconds(120);

    private final String name;
    private final int httpPort;
    private final int managementPort;
    private final Process process;
    private final Path log;

    private EdgeNodeProcess(String name, int httpPort, int managementPort, Process process, Path log) {
        this.name = name;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.process = process;
        this.log = log;
    }

    /** Starts the node and waits until it answers 200 on {@code /q/health/ready} (it loaded the published state). */
    public static EdgeNodeProcess start(String name) throws IOException {
        Path jar = Path.of(System.getProperty("edgeworks.it.edge-jar", "../edge-node/target/quarkus-app/quarkus-run.jar"));
        Path keys = Path.of(System.getProperty("edgeworks.it.keys-dir", "../.state/keys"));
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("no packaged edge-node at " + jar.toAbsolutePath() + ": build it with ./mvnw -B -DskipTests package"
                    + " (deploy/local/up.sh does)");
        }
        String keyId = read(keys.resolve("signing-key.id"));
        String publicKey = read(keys.resolve("signing-key.pub.b64"));
        String secretKey = read(keys.resolve("secret-key.b64"));
        int http = freePort();
        int management = freePort();
        Path log = Path.of("target", name + ".log");
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(http));
        env.put("EDGE_MANAGEMENT_PORT", Integer.toString(management));
        env.put("EDGE_TLS_PORT", "0");
        env.put("EDGE_REDIS_URL", System.getProperty(Stack.REDIS_URL, "redis://127.0.0.1:6379"));
        env.put("EDGEWORKS_SIGNING_PUBLIC_KEYS", keyId + "=" + publicKey);
        env.put("EDGEWORKS_BUNDLE_SECRET_KEY", secretKey);
        env.put("EDGE_CRON_NODE_ID", name);
        EdgeNodeProcess node = new EdgeNodeProcess(name, http, management, builder.start(), log);
        try {
            Poll.until(READY, () -> node.process.isAlive()
                            ? Http.call("GET", node.managementUrl(), "/q/health/ready", Map.of(), null)
                            : null,
                    reply -> reply == null || reply.status() == 200,
                    name + " (" + jar + ") to answer 200 on " + node.managementUrl() + "/q/health/ready; its log: " + log.toAbsolutePath());
            if (!node.process.isAlive()) {
                throw new AssertionError(name + " exited during start; its log: " + log.toAbsolutePath() + "\n" + node.tail());
            }
        } catch (AssertionError e) {
            node.close();
            throw e;
        }
        return node;
    }

    public String name() {
        return name;
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    /** {@code GET path} on this node's public port with the Host header. */
    public Reply get(String host, String path) {
        return Http.call("GET", url(), path, Map.of("Host", host), null);
    }

    /**
     * The sum of a counter's samples on a node's {@code /q/metrics} (Prometheus text) whose labels include every one of
     * {@code labels} ({@code result="won"}); 0 when there is none yet.
     */
    public static double counter(String managementUrl, String name, String... labels) {
        Reply metrics = Http.call("GET", managementUrl, "/q/metrics", Map.of(), null);
        if (metrics.status() != 200) {
            throw new AssertionError("no metrics at " + managementUrl + "/q/metrics: " + metrics.describe());
        }
        double sum = 0;
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} ([0-9.eE+-]+)$").matcher(metrics.body());
        while (m.find()) {
            boolean all = true;
            for (String label : labels) {
                all &= m.group(1).contains(label);
            }
            if (all) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static String read(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            throw new AssertionError(file.toAbsolutePath() + " is missing: the second edge node needs up.sh's keys (edgeworks.it.keys-dir)");
        }
        return Files.readString(file).trim();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
