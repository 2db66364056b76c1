package io.edgeworks.api.account;

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

@Path("/api/accounts")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Accounts", description = "Tenants; the caller's memberships")
public class AccountResource {
    private final AccountService accounts;

    public AccountResource(AccountService accounts) {
        this.accounts = accounts;
    }

    @POST
    @Operation(summary = "Create an account", description = "The caller becomes its owner. 409 when the slug is taken, or held back after its account was deleted "
            + "(platform.quotas.slug-cooldown; the deleted account's owners may re-create it); 400 when the slug is reserved or the "
            + "caller owns platform.quotas.accounts-per-user accounts.")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AccountView.class)))
    public Uni<RestResponse<AccountView>> create(CreateAccount body) {
        return accounts.create(body).map(view -> RestResponse.ResponseBuilder
                .<AccountView>created(URI.create("/api/accounts/" + view.slug())).entity(view).build());
    }

    @GET
    @Operation(summary = "List the accounts the caller belongs to", description = "Sorted by slug, with the caller's role.")
    public Uni<List<AccountView>> list() {
        return accounts.listMine();
    }

    @GET
    @Path("/{account}")
    @Operation(summary = "Get an account", description = "404 when the caller is not a member.")
    public Uni<AccountView> get(@PathParam("account") String account) {
        return accounts.get(account);
    }

    @DELETE
    @Path("/{account}")
    @ResponseStatus(204)
    @Operation(summary = "Delete an account", description = "Owners only. Deletes every service, environment, version, route, domain and KV namespace of the account. "
            + "Its slug stays held back for others for platform.quotas.slug-cooldown.")
    public Uni<Void> delete(@PathParam("account") String account) {
        return accounts.delete(account);
    }
}
