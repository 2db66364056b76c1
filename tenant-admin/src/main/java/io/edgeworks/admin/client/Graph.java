package io.edgeworks.admin.client;

import io.edgeworks.admin.client.ApiModel.Slice;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET …/environments/{e}/graph}: the environments an environment reaches through service bindings,
 * transitively (nodes, the root first), and the bindings themselves (edges), as platform-api resolves them now.
 */
public record Graph(String root, List<Node> nodes, List<Edge> edges, boolean truncated) {
    public Graph {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        edges = edges == null ? List.of() : List.copyOf(edges);
    }

    /** An environment: {@code id} is {@code service/environment}; {@code versions} its deployment (empty: not deployed). */
    public record Node(String id, String service, String environment, String hostname, boolean exists, List<Slice> versions) {
        public Node {
            versions = versions == null ? List.of() : List.copyOf(versions);
        }

        /** "v3 90%, v4 10%", "v3", "not deployed" or "does not exist". */
        public String live() {
            if (!exists) {
                return "does not exist";
            }
            if (versions.isEmpty()) {
                return "not deployed";
            }
            if (versions.size() == 1) {
                return "v" + versions.getFirst().number();
            }
            return String.join(", ", versions.stream().map(v -> "v" + v.number() + " " + v.percentage() + "%").toList());
        }
    }

    /** A service binding of a deployed version of {@code from} reaching {@code to}. */
    public record Edge(String from, String to, int inVersion, String name, String entrypoint, Integer version, boolean follows,
            List<Slice> versions) {
        public Edge {
            versions = versions == null ? List.of() : List.copyOf(versions);
        }

        /** What the binding says besides its name: "entrypoint X · pinned v3 · follows the caller's environment". */
        public String details() {
            List<String> parts = new ArrayList<>();
            if (entrypoint != null) {
                parts.add("entrypoint " + entrypoint);
            }
            if (version != null) {
                parts.add("pinned v" + version);
            }
            parts.add(follows ? "follows the caller's environment" : "fixed environment");
            return String.join(" · ", parts);
        }
    }

    /** The union of several graphs (a preview's environments): nodes and edges once each, in first-seen order. */
    public static Graph union(String root, List<Graph> graphs) {
        Map<String, Node> nodes = new LinkedHashMap<>();
        Set<Edge> edges = new LinkedHashSet<>();
        boolean truncated = false;
        for (Graph g : graphs) {
            g.nodes().forEach(n -> nodes.putIfAbsent(n.id(), n));
            edges.addAll(g.edges());
            truncated |= g.truncated();
        }
        return new Graph(root, List.copyOf(nodes.values()), List.copyOf(edges), truncated);
    }
}
