package io.edgeworks.api.version;

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
import org.jboss.resteasy.reactive.RestResponse;

import java.util.List;

@Path("/api/accounts/{account}/services/{service}/environments/{environment}/versions")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Versions", description = "Immutable versions of an environment: code, vars, secrets, bindings, limits")
public class VersionResource {
    private final VersionService versions;
    private final PlatformConfig config;

    public VersionResource(VersionService versions, PlatformConfig config) {
        this.versions = versions;
        this.config = config;
    }

    @POST
    @Operation(summary = "Create the next version (and deploy it)",
            description = "Developers and up. Omitted fields carry over from the latest version; the first version needs `modules`. "
                    + "Modules are parsed (400 naming module, line and column on a syntax error); imports must be relative and resolve to "
                    + "a module of the version. Deployed at 100% unless `deploy` is false. 201 with the new version; 200 with the latest "
                    + "when nothing changed (same content digest). 413 when the modules exceed the size limit.")
    @APIResponse(responseCode = "201", description = "A new version", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VersionView.class)))
    @APIResponse(responseCode = "200", description = "Nothing changed: the latest version")
    public Uni<RestResponse<VersionView>> create(@PathParam("account") String account, @PathParam("service") String service,
                                                 @PathParam("environment") String environment, CreateVersion body) {
        return versions.create(account, service, environment, body).map(VersionResource::respond);
    }

    @GET
    @Operation(summary = "List versions", description = "Newest first. Page with `limit` and `before` (the `number` of the last version received).")
    public Uni<List<VersionView>> list(@PathParam("account") String account, @PathParam("service") String service,
                                       @PathParam("environment") String environment,
                                       @QueryParam("limit") Integer limit, @QueryParam("before") String before) {
        return versions.list(account, service, environment, PageRequest.of(limit, before, config));
    }

    @GET
    @Path("/{number}")
    @Operation(summary = "Get one version", description = "With main module, modules, vars, bindings, limits and secret names (never values).")
    public Uni<VersionDetail> get(@PathParam("account") String account, @PathParam("service") String service,
                                  @PathParam("environment") String environment, @PathParam("number") int number) {
        return versions.get(account, service, environment, number);
    }

    static RestResponse<VersionView> respond(VersionService.Outcome outcome) {
        return RestResponse.status(outcome.created() ? RestResponse.Status.CREATED : RestResponse.Status.OK, outcome.version());
    }
}
