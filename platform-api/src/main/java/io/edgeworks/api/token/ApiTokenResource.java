package io.edgeworks.api.token;

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

@Path("/api/accounts/{account}/tokens")
@Authenticated
@Tag(name = "API tokens", description = "Long-lived account credentials for CI and wrangler (Authorization: Bearer ewt_...)")
public class ApiTokenResource {
    private final ApiTokenService tokens;

    public ApiTokenResource(ApiTokenService tokens) {
        this.tokens = tokens;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an API token", description = "Developers and up, with their own login (not through a token). "
            + "The answer carries the secret (`token`) this once; it is stored only as a hash. The token acts for its creator "
            + "and never with more than the creator's current role; its scopes narrow that. 400 beyond platform.quotas.tokens-per-account.")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CreatedApiToken.class)))
    public Uni<RestResponse<CreatedApiToken>> create(@PathParam("account") String account, CreateApiToken body) {
        return tokens.create(account, body).map(created -> RestResponse.ResponseBuilder
                .<CreatedApiToken>created(URI.create("/api/accounts/" + account + "/tokens/" + created.id())).entity(created).build());
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List the account's API tokens", description = "Any member. Tokens not revoked (the newest 500), newest first; never the secret.")
    public Uni<List<ApiTokenView>> list(@PathParam("account") String account) {
        return tokens.list(account);
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Get an API token", description = "Any member; revoked tokens too. Never the secret.")
    public Uni<ApiTokenView> get(@PathParam("account") String account, @PathParam("id") String id) {
        return tokens.get(account, id);
    }

    @DELETE
    @Path("/{id}")
    @ResponseStatus(204)
    @Operation(summary = "Revoke an API token", description = "Its creator or an admin, with their own login. From now on the token answers 401. "
            + "Revoking a revoked token changes nothing.")
    public Uni<Void> revoke(@PathParam("account") String account, @PathParam("id") String id) {
        return tokens.revoke(account, id);
    }
}
