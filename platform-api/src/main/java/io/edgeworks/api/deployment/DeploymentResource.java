package io.edgeworks.api.deployment;

import io.edgeworks.api.common.PageRequest;
import io.edgeworks.api.config.PlatformConfig;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

import java.util.List;

@Path("/api/accounts/{account}/services/{service}/environments/{environment}/deployments")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Deployments", description = "Which versions of an environment serve traffic")
public class DeploymentResource {
    private final DeploymentService deployments;
    private final PlatformConfig config;

    public DeploymentResource(DeploymentService deployments, PlatformConfig config) {
        this.deployments = deployments;
        this.config = config;
    }

    @POST
    @ResponseStatus(201)
    @Operation(summary = "Deploy versions",
            description = "Developers and up. One version at 100, or two whose percentages sum to 100 (gradual deployment; a side at 0 serves only requests that choose it with the Edgeworks-Version-Overrides header). Rollback is a deployment of an older number at 100. 400 naming the field when a number does not exist or the percentages are wrong.")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeploymentView.class)))
    public Uni<DeploymentView> deploy(@PathParam("account") String account, @PathParam("service") String service,
                                      @PathParam("environment") String environment, CreateDeployment body) {
        return deployments.deploy(account, service, environment, body);
    }

    @GET
    @Operation(summary = "Deployment history", description = "Newest first; the first entry is current. Page with `limit` and `before` (the `sequence` of the last entry received).")
    public Uni<List<DeploymentView>> history(@PathParam("account") String account, @PathParam("service") String service,
                                             @PathParam("environment") String environment,
                                             @QueryParam("limit") Integer limit, @QueryParam("before") String before) {
        return deployments.history(account, service, environment, PageRequest.of(limit, before, config));
    }
}
