package io.edgeworks.api.version;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PATCH;
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

import java.util.Map;

@Path("/api/accounts/{account}/services/{service}/environments/{environment}/vars")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Versions")
public class VarsResource {
    private final VersionService versions;

    public VarsResource(VersionService versions) {
        this.versions = versions;
    }

    @PATCH
    @Operation(summary = "Change vars", description = "Developers and up. Merges `{\"K\": \"v\", \"OLD\": null}` (null removes) into the latest version's vars "
            + "and creates the next version, deployed at 100% (201); 200 when nothing changes; 409 before the first version.")
    @APIResponse(responseCode = "201", description = "A new version", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VersionView.class)))
    @APIResponse(responseCode = "200", description = "Nothing changed: the latest version")
    public Uni<RestResponse<VersionView>> patch(@PathParam("account") String account, @PathParam("service") String service,
                                                @PathParam("environment") String environment, Map<String, String> vars) {
        return versions.patchVars(account, service, environment, vars).map(VersionResource::respond);
    }
}
