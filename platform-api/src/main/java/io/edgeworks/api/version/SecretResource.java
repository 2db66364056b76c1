package io.edgeworks.api.version;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/api/accounts/{account}/services/{service}/environments/{environment}/secrets")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Versions")
public class SecretResource {
    private final VersionService versions;

    public SecretResource(VersionService versions) {
        this.versions = versions;
    }

    @PUT
    @Path("/{name}")
    @Operation(summary = "Set a secret", description = "Developers and up. Encrypted at rest, never returned. Creates the next version, deployed at 100% (201); "
            + "200 when the value is unchanged; 409 before the first version.")
    @APIResponse(responseCode = "201", description = "A new version", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VersionView.class)))
    @APIResponse(responseCode = "200", description = "Nothing changed: the latest version")
    public Uni<RestResponse<VersionView>> put(@PathParam("account") String account, @PathParam("service") String service,
                                              @PathParam("environment") String environment, @PathParam("name") String name, PutSecret body) {
        return versions.putSecret(account, service, environment, name, body).map(VersionResource::respond);
    }

    @DELETE
    @Path("/{name}")
    @Operation(summary = "Remove a secret", description = "Developers and up. Creates the next version without it, deployed at 100% (201); 404 when not set.")
    @APIResponse(responseCode = "201", description = "A new version without the secret", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VersionView.class)))
    public Uni<RestResponse<VersionView>> delete(@PathParam("account") String account, @PathParam("service") String service,
                                                 @PathParam("environment") String environment, @PathParam("name") String name) {
        return versions.deleteSecret(account, service, environment, name).map(VersionResource::respond);
    }
}
