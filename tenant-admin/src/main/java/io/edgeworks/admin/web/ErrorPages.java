package io.edgeworks.admin.web;

import io.edgeworks.admin.client.ApiException;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A page the API refused to show (not a member, gone, API down): say so in the frame, with the status. */
public class ErrorPages {
    private final Portal portal;
    private final Template error;

    @Inject
    public ErrorPages(Portal portal, @Location("error.html") Template error) {
        this.portal = portal;
        this.error = error;
    }

    @ServerExceptionMapper
    public Response refused(ApiException e) {
        String title = switch (e.status()) {
            case 401 -> "Please sign in again";
            case 403 -> "Not allowed";
            case 404 -> "Not found";
            case 503 -> "The platform is unreachable";
            default -> "Something went wrong";
        };
        int status = e.status() >= 500 ? 502 : e.status();
        String body;
        try {
            body = portal.page(error.data("title", title).data("detail", e.detail()), null, "error", null).render();
        } catch (ApiException meFailed) {
            body = "<!DOCTYPE html><html lang=\"en\"><head><title>" + title + "</title></head><body><main><h1>"
                    + title + "</h1><p role=\"alert\">" + escape(e.detail()) + "</p><p><a href=\"/logout\">Sign out</a></p></main></body></html>";
        }
        return Response.status(status).entity(body).type("text/html;charset=UTF-8").build();
    }

    private static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
