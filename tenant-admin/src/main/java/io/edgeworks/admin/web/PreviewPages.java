package io.edgeworks.admin.web;

import io.edgeworks.admin.client.ApiException;
import io.edgeworks.admin.client.PlatformApi;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.edgeworks.admin.web.AccountPages.trim;
import static io.edgeworks.admin.web.Portal.enc;

/** Full-stack previews of an account: the list with each preview's hostnames, create (services + from), delete. */
@Path("/accounts/{account}/previews")
@Produces(MediaType.TEXT_HTML)
public class PreviewPages {
    private final PlatformApi api;
    private final Portal portal;
    private final Template previews;

    private final Template graph;

    @Inject
    public PreviewPages(PlatformApi api, Portal portal, Template previews,
            @io.quarkus.qute.Location("binding-graph.html") Template graph) {
        this.api = api;
        this.portal = portal;
        this.previews = previews;
        this.graph = graph;
    }

    /** The binding graph of a preview: the union of its environments' graphs. */
    @GET
    @Path("{name}/graph")
    public TemplateInstance graph(@PathParam("account") String a, @PathParam("name") String name) {
        var preview = api.previews(a).stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new ApiException(404, "preview " + name + " does not exist in account " + a, List.of()));
        List<io.edgeworks.admin.client.Graph> graphs = preview.environments().stream()
                .map(e -> api.graph(a, e.service(), e.environment())).toList();
        String root = preview.environments().isEmpty() ? null
                : preview.environments().getFirst().service() + "/" + preview.environments().getFirst().environment();
        return GraphPages.page(portal, graph, a, io.edgeworks.admin.client.Graph.union(root, graphs),
                "Binding graph of preview " + name, self(a), "Previews of " + a);
    }

    @GET
    public TemplateInstance list(@PathParam("account") String a, @QueryParam("notice") String notice) {
        return page(a, Form.NONE, notice);
    }

    @POST
    public Response create(@PathParam("account") String a, @RestForm String name, @RestForm String from, @RestForm String services) {
        String n = trim(name);
        String f = trim(from).isEmpty() ? "production" : trim(from);
        List<String> list = Arrays.stream(trim(services).split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
        try {
            var created = api.createPreview(a, n, f, list);
            int count = created.environments().size();
            return Portal.seeOther(self(a), "Preview " + n + " created: " + count + (count == 1 ? " environment" : " environments")
                    + " cloned from " + f + ", bindings following into the preview.");
        } catch (ApiException e) {
            Form form = Form.failed("preview", Map.of("name", n, "from", f, "services", String.join(", ", list)), e);
            return Portal.refused(page(a, form, null), form);
        }
    }

    @POST
    @Path("{name}/delete")
    public Response delete(@PathParam("account") String a, @PathParam("name") String name) {
        try {
            api.deletePreview(a, name);
            return Portal.seeOther(self(a), "Preview " + name + " deleted with its environments.");
        } catch (ApiException e) {
            Form form = Form.failed("preview", Map.of(), e);
            return Portal.refused(page(a, form, null), form);
        }
    }

    private static String self(String a) {
        return "/accounts/" + enc(a) + "/previews";
    }

    private TemplateInstance page(String a, Form form, String notice) {
        return portal.page(previews.data("account", a).data("previews", api.previews(a)).data("services", api.services(a))
                .data("form", form), a, "previews", notice);
    }
}
