package io.edgeworks.api.service;

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

@Path("/api/accounts/{account}/services")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Services", description = "Services of an account; each has a production environment")
public class ServiceResource {
    private final ServiceCatalog catalog;

    public ServiceResource(ServiceCatalog catalog) {
        this.catalog = catalog;
    }

    @POST
    @Operation(summary = "Create a service", description = "Developers and up. Creates its `production` environment (no version yet) at `<service>.<account>.<base-domain>`. 409 when the name or hostname is taken.")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ServiceView.class)))
    public Uni<RestResponse<ServiceView>> create(@PathParam("account") String account, CreateService body) {
        return catalog.create(account, body).map(view -> RestResponse.ResponseBuilder
                .<ServiceView>created(URI.create("/api/accounts/" + account + "/services/" + view.name())).entity(view).build());
    }

    @GET
    @Operation(summary = "List services", description = "Sorted by name, each with its environments.")
    public Uni<List<ServiceView>> list(@PathParam("account") String account) {
        return catalog.list(account);
    }

    @GET
    @Path("/{service}")
    @Operation(summary = "Get a service")
    public Uni<ServiceView> get(@PathParam("account") String account, @PathParam("service") String service) {
        return catalog.get(account, service);
    }

    @DELETE
    @Path("/{service}")
    @ResponseStatus(204)
    @Operation(summary = "Delete a service", description = "Admins and up. Deletes its environments, versions and routes. 409 while a deployed version of another service binds to it.")
    public Uni<Void> delete(@PathParam("account") String account, @PathParam("service") String service) {
        return catalog.delete(account, service);
    }
}
