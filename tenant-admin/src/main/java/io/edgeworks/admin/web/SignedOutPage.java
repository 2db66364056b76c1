package io.edgeworks.admin.web;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Where sign-out lands (public): Keycloak's session has ended too. */
@Path("/signed-out")
public class SignedOutPage {
    private final Template signedOut;

    @Inject
    public SignedOutPage(@Location("signed-out.html") Template signedOut) {
        this.signedOut = signedOut;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance get() {
        return signedOut.instance();
    }
}
