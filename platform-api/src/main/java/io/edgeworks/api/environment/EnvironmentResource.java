package io.edgeworks.api.environment;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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

@Path("/api/accounts/{account}/services/{service}/environments")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Environments", description = "Environments of a service, each with its own hostname, versions and deployment")
public class EnvironmentResource {
    private final EnvironmentService environments;

    public EnvironmentResource(EnvironmentService environments) {
        this.environments = environments;
    }

    @POST
    @Operation(summary = "Create an environment",
            description = "Developers and up. Hostname `<env>-<service>.<account>.<base-domain>`. With `clone_from`, the source's latest code, vars, secrets and bindings become version 1, deployed at 100%. 409 when the name or hostname is taken.")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EnvironmentView.class)))
    public Uni<RestResponse<EnvironmentView>> create(@PathParam("account") String account, @PathParam("service") String service,
                                                     CreateEnvironment body) {
        return environments.create(account, service, body).map(view -> RestResponse.ResponseBuilder
                .<EnvironmentView>created(URI.create("/api/accounts/" + account + "/services/" + service + "/environments/" + view.name()))
                .entity(view).build());
    }

    @GET
    @Operation(summary = "List environments", description = "Production first, then by name.")
    public Uni<List<EnvironmentView>> list(@PathParam("account") String account, @PathParam("service") String service) {
        return environments.list(account, service);
    }

    @GET
    @Path("/{environment}")
    @Operation(summary = "Get an environment", description = "With its hostname, latest version number, current deployment, version-overrides switch, and the service bindings of its deployed versions with the environment and versions each reaches now.")
    public Uni<EnvironmentView> get(@PathParam("account") String account, @PathParam("service") String service,
                                    @PathParam("environment") String environment) {
        return environments.get(account, service, environment);
    }

    @GET
    @Path("/{environment}/graph")
    @Operation(summary = "Get an environment's binding graph",
            description = "Read-only. The environment and every environment it reaches through the service bindings of deployed "
                    + "versions, transitively (each environment once; cycles end there; at most " + GraphView.MAX_NODES + "), each "
                    + "binding resolved as publication resolves it now: a following binding lands on the target's environment named "
                    + "like the caller's when that is deployed, else on its production. Nodes carry the versions their deployment "
                    + "serves with the split percentages; edges the binding's name, entrypoint, pinned version and whether it follows.")
    @APIResponse(responseCode = "200", description = "The graph", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = GraphView.class)))
    public Uni<GraphView> graph(@PathParam("account") String account, @PathParam("service") String service,
                                @PathParam("environment") String environment) {
        return environments.graph(account, service, environment);
    }

    @PATCH
    @Path("/{environment}")
    @Operation(summary = "Rename an environment or switch its version overrides",
            description = "`name`: the hostname follows; `production` cannot be renamed (409); neither can an environment that deployed versions bind to explicitly (409); bindings that follow re-resolve. `version_overrides`: whether requests may choose this environment's version with the `Edgeworks-Version-Overrides` header (audit `environment.update`).")
    public Uni<EnvironmentView> rename(@PathParam("account") String account, @PathParam("service") String service,
                                       @PathParam("environment") String environment, UpdateEnvironment body) {
        return environments.update(account, service, environment, body);
    }

    @DELETE
    @Path("/{environment}")
    @ResponseStatus(204)
    @Operation(summary = "Delete an environment", description = "`production` cannot be deleted (409); neither can an environment that deployed versions bind to explicitly (409). Bindings that follow re-resolve (to the target's production) at the publication the deletion triggers.")
    public Uni<Void> delete(@PathParam("account") String account, @PathParam("service") String service,
                            @PathParam("environment") String environment) {
        return environments.delete(account, service, environment);
    }
}
