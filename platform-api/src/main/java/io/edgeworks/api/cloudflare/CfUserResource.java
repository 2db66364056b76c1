package io.edgeworks.api.cloudflare;

import io.edgeworks.api.account.AccountService;
import io.edgeworks.api.security.AccessGuard;
import io.edgeworks.api.security.TokenGrant;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The caller, their accounts and zones on the Cloudflare-compatible API ({@code wrangler whoami}, account discovery,
 * route checks). Cloudflare's account id is our account slug.
 */
@Path("/client/v4")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class CfUserResource {
    /** SecurityIdentity attribute an account API token sets (its id), read by {@code /user/tokens/verify}. */
    public static final String TOKEN_ID = TokenGrant.ID;
    /** SecurityIdentity attribute an account API token sets (its expiry, an Instant; absent when it never expires). */
    public static final String TOKEN_EXPIRES_AT = TokenGrant.EXPIRES_AT;

    private final SecurityIdentity identity;
    private final AccessGuard guard;
    private final AccountService accounts;
    private final Zones zones;

    public CfUserResource(SecurityIdentity identity, AccessGuard guard, AccountService accounts, Zones zones) {
        this.identity = identity;
        this.guard = guard;
        this.accounts = accounts;
        this.zones = zones;
    }

    /** An account API token: its id, status and expiry; a user's token (Keycloak JWT): a success with the token's id and expiry too. */
    @GET
    @Path("/user/tokens/verify")
    public Map<String, Object> verify() {
        String username = guard.username();
        Map<String, Object> result = new LinkedHashMap<>();
        Object tokenId = identity.getAttribute(TOKEN_ID);
        if (tokenId instanceof String id) {
            Object expires = identity.getAttribute(TOKEN_EXPIRES_AT);
            result.put("id", id);
            result.put("status", "active");
            result.put("expires_on", expires instanceof Instant at ? at.toString() : null);
        } else {
            JsonWebToken jwt = identity.getPrincipal() instanceof JsonWebToken t ? t : null;
            result.put("id", jwt != null && jwt.getTokenID() != null ? jwt.getTokenID() : username);
            result.put("status", "active");
            result.put("expires_on", jwt != null && jwt.getExpirationTime() > 0 ? Instant.ofEpochSecond(jwt.getExpirationTime()).toString() : null);
        }
        return CfEnvelope.ok(result);
    }

    @GET
    @Path("/user")
    public Map<String, Object> user() {
        String username = guard.username();
        Object email = identity.getPrincipal() instanceof JsonWebToken jwt ? jwt.getClaim("email") : null;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("id", username);
        result.put("email", email != null && !email.toString().isBlank() ? email.toString() : username);
        result.put("username", username);
        return CfEnvelope.ok(result);
    }

    @GET
    @Path("/accounts")
    public Uni<Map<String, Object>> accounts(@QueryParam("page") @DefaultValue("1") int page,
                                             @QueryParam("per_page") @DefaultValue("20") int perPage) {
        return accounts.listMine().map(list -> CfEnvelope.page(list.stream().map(a -> {
            Map<String, Object> account = new LinkedHashMap<>();
            account.put("id", a.slug());
            account.put("name", a.name());
            return account;
        }).toList(), page, clamp(perPage)));
    }

    @GET
    @Path("/memberships")
    public Uni<Map<String, Object>> memberships(@QueryParam("page") @DefaultValue("1") int page,
                                                @QueryParam("per_page") @DefaultValue("20") int perPage) {
        return accounts.listMine().map(list -> CfEnvelope.page(list.stream().map(a -> {
            Map<String, Object> membership = new LinkedHashMap<>();
            membership.put("id", a.slug());
            membership.put("account", Map.of("id", a.slug(), "name", a.name()));
            membership.put("roles", List.of(a.role().id()));
            membership.put("status", "accepted");
            return membership;
        }).toList(), page, clamp(perPage)));
    }

    /** {@code ?name=&account.id=}: the account's active custom domain of that name. */
    @GET
    @Path("/zones")
    public Uni<Map<String, Object>> zones(@QueryParam("name") String name, @QueryParam("account.id") String account,
                                          @QueryParam("page") @DefaultValue("1") int page,
                                          @QueryParam("per_page") @DefaultValue("20") int perPage) {
        return zones.find(account, name).map(list -> CfEnvelope.page(list, page, clamp(perPage)));
    }

    @GET
    @Path("/zones/{zone}/workers/routes")
    public Uni<Map<String, Object>> zoneRoutes(@PathParam("zone") String zone) {
        return zones.zoneRoutes(zone).map(CfEnvelope::ok);
    }

    static int clamp(int perPage) {
        return Math.max(1, Math.min(perPage, 1000));
    }
}
