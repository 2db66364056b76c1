package io.edgeworks.api.domain;

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

@Path("/api/accounts/{account}/domains")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Domains", description = "Domains an account holds, for custom routes")
public class DomainResource {
    private final DomainService domains;

    public DomainResource(DomainService domains) {
        this.domains = domains;
    }

    @POST
    @Operation(summary = "Claim a domain", description = "Admins and up. The claim starts pending with a verification token "
            + "(publish it as a DNS TXT record or an HTTP token, then verify). 400 for a public suffix or a name not under one; "
            + "409 when another account holds it (active), a parent or a subdomain of it. Pending claims of other accounts do not block.")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DomainView.class)))
    public Uni<RestResponse<DomainView>> create(@PathParam("account") String account, CreateDomain body) {
        return domains.create(account, body).map(view -> RestResponse.ResponseBuilder
                .<DomainView>created(URI.create("/api/accounts/" + account + "/domains/" + view.name())).entity(view).build());
    }

    @GET
    @Operation(summary = "List domains")
    public Uni<List<DomainView>> list(@PathParam("account") String account) {
        return domains.list(account);
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "Get a domain", description = "Its status, what to publish to verify it, and its certificate (not issued yet: status none).")
    public Uni<DomainView> get(@PathParam("account") String account, @PathParam("name") String name) {
        return domains.get(account, name);
    }

    @PATCH
    @Path("/{name}")
    @Operation(summary = "Change a domain's settings", description = "Admins and up. `https_redirect`: plain-HTTP requests "
            + "for the domain get 308 to the same URL over HTTPS while the edge holds a certificate for it (before the first "
            + "certificate is issued they are served over HTTP as before). Pending domains may be set up in advance.")
    public Uni<DomainView> update(@PathParam("account") String account, @PathParam("name") String name, UpdateDomain body) {
        return domains.update(account, name, body);
    }

    @POST
    @Path("/{name}/verify")
    @Consumes(MediaType.WILDCARD) // no body: clients may send none, or any content type
    @Operation(summary = "Verify a domain now", description = "Admins and up. Looks up the TXT record _edgeworks.<name> and "
            + "GET http://<name>/.well-known/edgeworks-challenge/<token>; either answering the token makes the domain active "
            + "(and its routes served). 409 naming what was looked up and found when neither does, when the claim expired, "
            + "or when another account holds the name, a parent or a subdomain (active). An active domain answers as is.")
    public Uni<DomainView> verify(@PathParam("account") String account, @PathParam("name") String name) {
        return domains.verify(account, name);
    }

    @DELETE
    @Path("/{name}")
    @ResponseStatus(204)
    @Operation(summary = "Remove a domain", description = "Admins and up. 409 while routes need it.")
    public Uni<Void> delete(@PathParam("account") String account, @PathParam("name") String name) {
        return domains.delete(account, name);
    }
}
