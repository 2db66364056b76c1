package io.edgeworks.api.route;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestResponse;

import java.net.URI;
import java.util.List;

@Path("/api/accounts/{account}/routes")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Routes", description = "Custom routes on the account's domains")
public class RouteResource {
    private final RouteService routes;

    public RouteResource(RouteService routes) {
        this.routes = routes;
    }

    @POST
    @Operation(summary = "Add a route", description = "Admins and up. 400 when the pattern is malformed or its host is not under a domain the account holds; 409 when the same pattern exists.")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RouteView.class)))
    public Uni<RestResponse<RouteView>> create(@PathParam("account") String account, CreateRoute body) {
        return routes.create(account, body).map(view -> RestResponse.ResponseBuilder
                .<RouteView>created(URI.create("/api/accounts/" + account + "/routes/" + view.id())).entity(view).build());
    }

    @GET
    @Operation(summary = "List routes", description = "Sorted by pattern.")
    public Uni<List<RouteView>> list(@PathParam("account") String account) {
        return routes.list(account);
    }

    @DELETE
    @Path("/{id}")
    @ResponseStatus(204)
    @Operation(summary = "Remove a route", description = "Admins and up.")
    public Uni<Void> delete(@PathParam("account") String account, @PathParam("id") String id) {
        return routes.delete(account, id);
    }
}
