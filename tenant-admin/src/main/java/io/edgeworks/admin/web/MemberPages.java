package io.edgeworks.admin.web;

import io.edgeworks.admin.client.ApiException;
import io.edgeworks.admin.client.PlatformApi;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;

import java.util.List;
import java.util.Map;

import static io.edgeworks.admin.web.AccountPages.trim;
import static io.edgeworks.admin.web.Portal.enc;

/** Members of an account and their roles. */
@Path("/accounts/{account}/members")
@Produces(MediaType.TEXT_HTML)
public class MemberPages {
    static final List<String> ROLES = List.of("viewer", "developer", "admin", "owner");
    private final PlatformApi api;
    private final Portal portal;
    private final Template members;

    @Inject
    public MemberPages(PlatformApi api, Portal portal, Template members) {
        this.api = api;
        this.portal = portal;
        this.members = members;
    }

    @GET
    public TemplateInstance list(@PathParam("account") String a, @QueryParam("notice") String notice) {
        return page(a, Form.NONE, notice);
    }

    @POST
    public Response put(@PathParam("account") String a, @RestForm String username, @RestForm String role) {
        String u = trim(username);
        String r = trim(role);
        try {
            if (u.isEmpty()) {
                throw new ApiException(400, "Enter the username of the person to add.",
                        List.of(new ApiException.FieldError("username", "must not be empty")));
            }
            api.putMember(a, u, r);
            return Portal.seeOther("/accounts/" + enc(a) + "/members", u + " is now " + r + " of " + a + ".");
        } catch (ApiException e) {
            Form form = Form.failed("member", Map.of("username", u, "role", r), e);
            return Portal.refused(page(a, form, null), form);
        }
    }

    @POST
    @Path("{username}/delete")
    public Response remove(@PathParam("account") String a, @PathParam("username") String username) {
        try {
            api.removeMember(a, username);
            return Portal.seeOther("/accounts/" + enc(a) + "/members", username + " was removed from " + a + ".");
        } catch (ApiException e) {
            Form form = Form.failed("remove-member", Map.of(), e);
            return Portal.refused(page(a, form, null), form);
        }
    }

    private TemplateInstance page(String a, Form form, String notice) {
        return portal.page(members.data("account", a).data("members", api.members(a)).data("roles", ROLES)
                .data("form", form), a, "members", notice);
    }
}
