package io.edgeworks.api.preview;

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

@Path("/api/accounts/{account}/previews")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Previews", description = "Full-stack previews: a whole service-binding graph cloned into environments of one name, in one call")
public class PreviewResource {
    private final PreviewService previews;

    public PreviewResource(PreviewService previews) {
        this.previews = previews;
    }

    @POST
    @Operation(summary = "Create a full-stack preview",
            description = "Developers and up. Clones the `from` environment (default production) of each named service and of every "
                    + "service they reach through service bindings that follow or name `from` (a service without `from`: its production) "
                    + "into an environment called `name`, each at its own hostname `<name>-<service>.<account>.<base-domain>`, version 1 "
                    + "deployed, every such binding following (without a version pin) so that calls land in the preview. One transaction: "
                    + "409 when the preview or any of those environments exists, nothing created. Audit `preview.create`.")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PreviewView.class)))
    public Uni<RestResponse<PreviewView>> create(@PathParam("account") String account, CreatePreview body) {
        return previews.create(account, body).map(view -> RestResponse.ResponseBuilder
                .<PreviewView>created(URI.create("/api/accounts/" + account + "/previews/" + view.name())).entity(view).build());
    }

    @GET
    @Operation(summary = "List previews", description = "Newest first, each with its environments and hostnames.")
    public Uni<List<PreviewView>> list(@PathParam("account") String account) {
        return previews.list(account);
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "Get a preview")
    public Uni<PreviewView> get(@PathParam("account") String account, @PathParam("name") String name) {
        return previews.get(account, name);
    }

    @DELETE
    @Path("/{name}")
    @ResponseStatus(204)
    @Operation(summary = "Delete a preview", description = "Developers and up. Deletes every environment the preview still holds, "
            + "in one transaction; 409 while deployed versions outside the preview bind one of them explicitly. Audit `preview.delete`.")
    public Uni<Void> delete(@PathParam("account") String account, @PathParam("name") String name) {
        return previews.delete(account, name);
    }
}
