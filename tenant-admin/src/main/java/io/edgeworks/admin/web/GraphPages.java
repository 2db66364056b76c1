package io.edgeworks.admin.web;

import io.edgeworks.admin.client.Graph;
import io.edgeworks.admin.client.PlatformApi;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * The binding graph of an environment as a picture: every environment it reaches through service bindings,
 * transitively, as platform-api resolves them now ({@code GET …/graph}). The page lists the environments and the
 * bindings as tables (the text alternative, and the data {@code binding-graph.js} draws from with Cytoscape.js laid out
 * by dagre); each environment links to its page.
 */
@Path("/accounts/{account}/services/{service}/environments/{environment}/graph")
@Produces(MediaType.TEXT_HTML)
public class GraphPages {
    private final PlatformApi api;
    private final Portal portal;
    private final Template graph;

    @Inject
    public GraphPages(PlatformApi api, Portal portal, @Location("binding-graph.html") Template graph) {
        this.api = api;
        this.portal = portal;
        this.graph = graph;
    }

    @GET
    public TemplateInstance show(@PathParam("account") String a, @PathParam("service") String s, @PathParam("environment") String e) {
        Graph g = api.graph(a, s, e);
        return page(portal, graph, a, g, "Binding graph of " + s + "/" + e, EnvironmentPages.path(a, s, e),
                "Environment " + s + "/" + e);
    }

    /** The graph page for {@code g}; {@code back} and {@code backLabel} link to where it was opened from. */
    static TemplateInstance page(Portal portal, Template graph, String account, Graph g, String title, String back, String backLabel) {
        List<NodeView> nodes = g.nodes().stream().map(n -> new NodeView(n.id(), n.service(), n.environment(), n.live(),
                n.exists() ? EnvironmentPages.path(account, n.service(), n.environment()) : null, n.id().equals(g.root()))).toList();
        return portal.page(graph.data("account", account).data("title", title).data("back", back).data("backLabel", backLabel)
                .data("nodes", nodes).data("edges", g.edges()).data("truncated", g.truncated()), account, "services", null);
    }

    /** A node as the page shows it: {@code href} null when the environment does not exist. */
    @TemplateData
    public record NodeView(String id, String service, String environment, String live, String href, boolean root) {
    }

    /** Lets the template read the graph's edges. */
    @TemplateData(target = Graph.Edge.class)
    static final class Types {
        private Types() {
        }
    }
}
