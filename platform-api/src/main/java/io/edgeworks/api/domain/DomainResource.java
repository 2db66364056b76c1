package io.edgeworks.api.domain;

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

@Path("/api/accounts/{account}/domains")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Domains", description = "Domains an account holds, for custom routes")
public class DomainResource {
    private final DomainService domains;

    public DomainResource(DomainService domains) {
        this.domains = domains;
    }

    @POST
    @Operation(summary = "Add a domain", description = "Admins and up. 409 when another account holds it, a parent or a subdomain of it.")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DomainView.class)))
    public Uni<RestResponse<DomainView>> create(@PathParam("account") String account, CreateDomain body) {
        return domains.create(account, body).map(view -> RestResponse.ResponseBuilder
                .<DomainView>created(URI.create("/api/accounts/" + account + "/domains/" + view.name())).entity(view).build());
    }

    @GET
    @Operation(summary = "List domains")
    public Uni<List<DomainView>> list(@PathParam("account") String account) {
        return domains.list(account);
    }

    @DELETE
    @Path("/{name}")
    @ResponseStatus(204)
    @Operation(summary = "Remove a domain", description = "Admins and up. 409 while routes need it.")
    public Uni<Void> delete(@PathParam("account") String account, @PathParam("name") String name) {
        return domains.delete(account, name);
    }
}
