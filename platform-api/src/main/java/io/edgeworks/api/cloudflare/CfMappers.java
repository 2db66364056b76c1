package io.edgeworks.api.cloudflare;

import io.edgeworks.api.common.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Errors of {@code /client/v4} in Cloudflare's envelope, and only there ({@code /api} keeps problem+json):
 * {@link CfException} directly, and every problem+json answer of the shared services (tenancy, validation,
 * quotas, authentication) rewritten by status into the envelope, with the code wrangler expects for it.
 */
public class CfMappers {
    static final String PREFIX = "client/v4";

    @ServerExceptionMapper
    public Response cloudflare(CfException e) {
        return CfEnvelope.errorResponse(e.status(), e.code(), e.getMessage());
    }

    @ServerResponseFilter
    public void envelope(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(response.getEntity() instanceof Problem problem) || !onClientApi(request.getUriInfo().getPath())) {
            return;
        }
        String path = request.getUriInfo().getPath();
        StringBuilder message = new StringBuilder(problem.detail() == null ? problem.title() : problem.detail());
        if (problem.errors() != null) {
            problem.errors().stream().map(f -> f.field() + ": " + f.message())
                    .filter(text -> message.indexOf(text) < 0).forEach(text -> message.append("; ").append(text));
        }
        response.setEntity(CfEnvelope.error(code(response.getStatus(), path), message.toString()), null, MediaType.APPLICATION_JSON_TYPE);
        response.getHeaders().putSingle("Content-Type", MediaType.APPLICATION_JSON);
    }

    static boolean onClientApi(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.equals(PREFIX) || p.startsWith(PREFIX + "/");
    }

    /** The Cloudflare error code for a problem status on {@code path}. */
    static int code(int status, String path) {
        return switch (status) {
            case 400, 409, 413 -> CfException.VALIDATION;
            case 401 -> CfException.AUTHENTICATION;
            case 403 -> CfException.FORBIDDEN;
            case 404 -> path.contains("/workers/scripts/") || path.contains("/workers/services/") ? CfException.SCRIPT_NOT_FOUND
                    : path.contains("/storage/kv/") ? CfException.KV_NOT_FOUND : CfException.NOT_FOUND;
            case 429 -> 10429;
            default -> CfException.INTERNAL;
        };
    }
}
