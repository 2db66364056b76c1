package io.edgeworks.systemtests.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cluster mode's building blocks (deploy/lib/haproxy.sh, apps.sh, cluster.sh) without starting anything: the HAProxy
 * configuration for 2 edge nodes and 3 API replicas follows the port scheme of deploy/README.md "Cluster mode" (usual
 * ports on HAProxy, replica i on the usual port + 10 i, the edge's health checks on its management port), retries only
 * idempotent requests once sent, and passes {@code haproxy -c} when HAProxy is installed; two parts that would share a
 * port are refused with both names; cluster mode turns Sentinel and Keycloak's production mode on unless the environment
 * names them.
 */
class ClusterScriptsTest {
    /** The usual ports, whatever the environment running the tests says. */
    private static final Map<String, String> PORTS = Map.ofEntries(Map.entry("PLATFORM_API_PORT", "8080"),
            Map.entry("EDGE_NODE_PORT", "8081"), Map.entry("EDGE_NODE_TLS_PORT", "8443"), Map.entry("EDGE_NODE_MANAGEMENT_PORT", "9000"),
            Map.entry("TENANT_ADMIN_PORT", "8082"), Map.entry("KEYCLOAK_PORT", "8180"), Map.entry("PLATFORM_DB_PORT", "5432"),
            Map.entry("PLATFORM_REDIS_PORT", "6379"), Map.entry("CHALLTESTSRV_DNS_PORT", "8053"),
            Map.entry("CHALLTESTSRV_MANAGEMENT_PORT", "8055"), Map.entry("PEBBLE_PORT", "14000"), Map.entry("PEBBLE_MANAGEMENT_PORT", "15000"));

    private record Run(int exit, String output) {
    }

    private static Run bash(String script) throws IOException, InterruptedException {
        return bash(script, Map.of());
    }

    private static Run bash(String script, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "set -euo pipefail; source deploy/lib/common.sh; source deploy/lib/apps.sh;"
                + " source deploy/lib/haproxy.sh; source deploy/lib/cluster.sh; " + script)
                .directory(RepoFiles.root().toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("HAPROXY_") || name.startsWith("EDGEWORKS_") || name.startsWith("KEYCLOAK_MODE"));
        builder.environment().putAll(PORTS);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "bash did not finish");
        return new Run(process.exitValue(), output);
    }

    @Test
    void theHaproxyConfigurationFollowsThePortScheme() throws Exception {
        Run run = bash("haproxy_config 2 3");
        assertEquals(0, run.exit(), run.output());
        String config = run.output();
        for (String bind : List.of("8080", "8081", "8443", "9000", "9404")) {
            assertTrue(config.contains("bind 127.0.0.1:" + bind + "\n"), "HAProxy listens on the usual port " + bind + ":\n" + config);
        }
        assertEquals(List.of("platform-api-1 127.0.0.1:8090 check", "platform-api-2 127.0.0.1:8100 check",
                "platform-api-3 127.0.0.1:8110 check"), servers(section(config, "backend platform_api_replicas")));
        assertEquals(List.of("edge-node-1 127.0.0.1:8091 check port 9010", "edge-node-2 127.0.0.1:8101 check port 9020"),
                servers(section(config, "backend edge_nodes")));
        assertEquals(List.of("edge-node-1 127.0.0.1:8453 check port 9010", "edge-node-2 127.0.0.1:8463 check port 9020"),
                servers(section(config, "backend edge_nodes_tls")));
        assertEquals(List.of("edge-node-1 127.0.0.1:9010 check", "edge-node-2 127.0.0.1:9020 check backup"),
                servers(section(config, "listen edge_node_management")));
        for (String backend : List.of("backend platform_api_replicas", "backend edge_nodes", "backend edge_nodes_tls", "listen edge_node_management")) {
            String body = section(config, backend);
            assertTrue(body.contains("http-check send meth GET uri /q/health/ready") && body.contains("http-check expect status 200"),
                    backend + " checks readiness:\n" + body);
        }
        assertTrue(section(config, "backend edge_nodes_tls").contains("mode tcp"), "TLS passes through");
        for (String frontend : List.of("frontend platform_api", "frontend edge_node")) {
            assertTrue(section(config, frontend).contains("http-request disable-l7-retry unless METH_GET || METH_HEAD || METH_OPTIONS"),
                    frontend + " retries only idempotent requests once sent");
        }
        assertTrue(config.contains("option redispatch 1") && config.contains("retries 3"), config);

        Path haproxy = Path.of("/usr/sbin/haproxy");
        if (Files.isExecutable(haproxy)) {
            Path file = Files.createTempFile("haproxy", ".cfg");
            try {
                Files.writeString(file, config);
                Process check = new ProcessBuilder(haproxy.toString(), "-c", "-f", file.toString()).redirectErrorStream(true).start();
                String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(check.waitFor(30, TimeUnit.SECONDS));
                assertEquals(0, check.exitValue(), "haproxy -c refuses the generated configuration:\n" + out);
            } finally {
                Files.delete(file);
            }
        }
    }

    @Test
    void partsThatWouldShareAPortAreRefused() throws Exception {
        assertEquals(0, bash("check_cluster_ports 9 9").exit(), "9 edge nodes and 9 API replicas fit the default ports");
        Run clash = bash("check_cluster_ports 1 10");
        assertNotEquals(0, clash.exit());
        assertTrue(clash.output().contains("platform-api-10 and Keycloak would both listen on port 8180")
                || clash.output().contains("Keycloak and platform-api-10 would both listen on port 8180"), clash.output());
    }

    @Test
    void clusterModeRunsSentinelAndKeycloakProductionUnlessTheEnvironmentSaysOtherwise() throws Exception {
        String modes = "cluster_mode_defaults; echo \"$EDGEWORKS_REDIS_SENTINEL $KEYCLOAK_MODE\"";
        assertEquals("true production", bash(modes).output().strip());
        assertEquals("false dev", bash(modes, Map.of("EDGEWORKS_REDIS_SENTINEL", "false", "KEYCLOAK_MODE", "dev")).output().strip());
        assertEquals("true dev", bash(modes, Map.of("KEYCLOAK_MODE", "dev")).output().strip());
    }

    /** The lines of one section, up to the next blank line. */
    private static String section(String config, String header) {
        int start = config.indexOf("\n" + header + "\n");
        assertTrue(start >= 0, "no section '" + header + "' in:\n" + config);
        int end = config.indexOf("\n\n", start);
        return config.substring(start, end < 0 ? config.length() : end);
    }

    private static List<String> servers(String section) {
        Matcher m = Pattern.compile("(?m)^\\s+server (.+)$").matcher(section);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(m.group(1).strip());
        }
        return out;
    }
}
