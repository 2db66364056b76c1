package io.edgeworks.api.member;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
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

import java.util.List;

@Path("/api/accounts/{account}/members")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Members", description = "Who belongs to an account, with which role")
public class MemberResource {
    private final MemberService members;

    public MemberResource(MemberService members) {
        this.members = members;
    }

    @GET
    @Operation(summary = "List members", description = "Any member may read the list.")
    public Uni<List<MemberView>> list(@PathParam("account") String account) {
        return members.list(account);
    }

    @PUT
    @Path("/{username}")
    @Operation(summary = "Add a member or change their role",
            description = "201 when added, 200 when changed. Admins manage members; only owners grant or take away `owner`; the last owner cannot be demoted (409).")
    @APIResponse(responseCode = "201", description = "Added", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MemberView.class)))
    @APIResponse(responseCode = "200", description = "Role changed")
    public Uni<RestResponse<MemberView>> put(@PathParam("account") String account, @PathParam("username") String username, PutMember body) {
        return members.put(account, username, body).map(outcome -> RestResponse.status(
                outcome.created() ? RestResponse.Status.CREATED : RestResponse.Status.OK, outcome.member()));
    }

    @DELETE
    @Path("/{username}")
    @ResponseStatus(204)
    @Operation(summary = "Remove a member", description = "Admins only; removing an owner needs an owner; the last owner cannot be removed (409).")
    public Uni<Void> remove(@PathParam("account") String account, @PathParam("username") String username) {
        return members.remove(account, username);
    }
}
