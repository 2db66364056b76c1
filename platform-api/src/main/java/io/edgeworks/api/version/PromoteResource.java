package io.edgeworks.api.version;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
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

@Path("/api/accounts/{account}/services/{service}/environments/{environment}/promote")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Environments")
public class PromoteResource {
    private final VersionService versions;

    public PromoteResource(VersionService versions) {
        this.versions = versions;
    }

    @POST
    @ResponseStatus(201)
    @Operation(summary = "Promote an environment", description = "Developers and up. The target (`to`, e.g. production) gets a new version with this "
            + "environment's latest code, vars, secrets and bindings, deployed at 100%. Answers the target's new version.")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VersionView.class)))
    public Uni<VersionView> promote(@PathParam("account") String account, @PathParam("service") String service,
                                    @PathParam("environment") String environment, Promote body) {
        return versions.promote(account, service, environment, body).map(VersionService.Outcome::version);
    }
}
