package io.edgeworks.systemtests.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Another edge node beside the stack's, started by a test ({@link AppProcess}): the packaged edge-node
 * ({@code edgeworks.it.edge-jar}, default {@code ../edge-node/target/quarkus-app/quarkus-run.jar}, what up.sh runs) with
 * its own free HTTP and management ports, HTTPS off, no shutdown delay unless asked, and the stack's Redis
 * ({@value Stack#REDIS_URL}) and keys (up.sh's key folder {@code edgeworks.it.keys-dir}, default {@code ../.state/keys}),
 * exactly as a second node of a cluster would be. Its log is {@code target/<name>.log}. {@link #close()} stops it.
 */
public final class EdgeNodeProcess implements AutoCloseable {
    private final int httpPort;
    private final int managementPort;
    private final AppProcess app;

    private EdgeNodeProcess(int httpPort, int managementPort, AppProcess app) {
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.app = app;
    }

    /** Starts the node and waits until it answers 200 on {@code /q/health/ready} (it loaded the published state). */
    public static EdgeNodeProcess start(String name) throws IOException {
        return start(name, Map.of());
    }

    /** The same, with more environment variables (e.g. {@code EDGE_SHUTDOWN_DELAY}); they win over the defaults. */
    public static EdgeNodeProcess start(String name, Map<String, String> moreEnv) throws IOException {
        Path jar = AppProcess.jar("edge-node", "edgeworks.it.edge-jar");
        int http = AppProcess.freePort();
        int management = AppProcess.freePort();
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(http));
        env.put("EDGE_MANAGEMENT_PORT", Integer.toString(management));
        env.put("EDGE_TLS_PORT", "0");
        env.put("EDGE_REDIS_URL", System.getProperty(Stack.REDIS_URL, "redis://127.0.0.1:6379"));
        env.put("EDGEWORKS_SIGNING_PUBLIC_KEYS", AppProcess.key("signing-key.id") + "=" + AppProcess.key("signing-key.pub.b64"));
        env.put("EDGEWORKS_BUNDLE_SECRET_KEY", AppProcess.key("secret-key.b64"));
        env.put("EDGE_CRON_NODE_ID", name);
        env.put("EDGE_SHUTDOWN_DELAY", "0s");
        env.putAll(moreEnv);
        return new EdgeNodeProcess(http, management, AppProcess.start(name, jar, env, "http://127.0.0.1:" + management));
    }

    public String name() {
        return app.name();
    }

    /** The process (signals, exit, log). */
    public AppProcess process() {
        return app;
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

    /** {@code GET /q/health/ready} on this node's management port. */
    public Reply readiness() {
        return Http.call("GET", managementUrl(), "/q/health/ready", Map.of(), null);
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
        return app.tail();
    }

    @Override
    public void close() {
        app.close();
    }
}
