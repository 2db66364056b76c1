package io.edgeworks.api.account;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/me")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Accounts")
public class MeResource {
    private final AccountService accounts;

    public MeResource(AccountService accounts) {
        this.accounts = accounts;
    }

    @GET
    @Operation(summary = "Who am I", description = "The username from the token and the caller's accounts with roles.")
    public Uni<MeView> me() {
        return accounts.me();
    }
}
