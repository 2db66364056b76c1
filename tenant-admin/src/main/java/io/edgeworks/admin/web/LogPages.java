package io.edgeworks.admin.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeworks.admin.client.ApiModel.Environment;
import io.edgeworks.admin.client.PlatformApi;
import io.edgeworks.admin.client.TailClient;
import io.edgeworks.admin.client.TailQuery;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.jboss.logging.Logger;

/**
 * An environment's live logs: a page that shows requests (time, method, URL, status, outcome, CPU) and their
 * {@code console.*} lines as they happen on every edge node, and the relay it reads them from. The browser is signed
 * in to the portal, not to platform-api, so {@code …/logs/stream} opens platform-api's tail stream (the one
 * {@code wrangler tail} uses) with the person's access token and forwards each event as an SSE {@code trace} event.
 * A refusal (403, 404, 429, a bad filter) becomes one {@code problem} event; the end of the stream an {@code end} event
 * (the page then stops, rather than letting {@code EventSource} reconnect). When the browser goes away, the
 * subscription is cancelled, which closes the upstream connection, which ends the tail in platform-api: nobody
 * watching costs the edge nothing. A browser that reads slower than events come is cut off after {@link #BUFFER}.
 */
@Path("/accounts/{account}/services/{service}/environments/{environment}/logs")
public class LogPages {
    private static final Logger LOG = Logger.getLogger(LogPages.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Events the relay queues for a browser that reads slowly before it ends the stream. */
    static final int BUFFER = 256;

    private final PlatformApi api;
    private final TailClient tails;
    private final Portal portal;
    private final Template logs;
    private final SecurityIdentity identity;

    @PathParam("account")
    String a;
    @PathParam("service")
    String s;
    @PathParam("environment")
    String e;

    @Inject
    public LogPages(PlatformApi api, TailClient tails, Portal portal, @Location("environment-logs.html") Template logs,
            SecurityIdentity identity) {
        this.api = api;
        this.tails = tails;
        this.portal = portal;
        this.logs = logs;
        this.identity = identity;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance show() {
        Environment env = api.environment(a, s, e);
        String base = EnvironmentPages.path(a, s, e);
        return portal.page(logs.data("account", a).data("service", s).data("env", env).data("base", base)
                .data("limit", 500), a, "services", null);
    }

    @GET
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> stream(@QueryParam("status") String status, @QueryParam("method") String method,
            @QueryParam("search") String search, @QueryParam("sampling") String sampling, @Context Sse sse) {
        TailQuery query;
        try {
            query = TailQuery.of(status, method, search, sampling);
        } catch (IllegalArgumentException bad) {
            return Multi.createFrom().items(problem(sse, 400, bad.getMessage()), end(sse, "The filters were refused."));
        }
        AccessTokenCredential token = identity.isAnonymous() ? null : identity.getCredential(AccessTokenCredential.class);
        Multi<OutboundSseEvent> events = tails.events(token == null ? null : token.getToken(), a, s, e, query)
                .onOverflow().buffer(BUFFER)
                .map(json -> forward(sse, json))
                .onFailure().recoverWithItem(failure -> problem(sse, status(failure), message(failure)));
        return Multi.createBy().concatenating().streams(events,
                Multi.createFrom().item(() -> end(sse, "The stream ended.")));
    }

    /** One upstream item: a trace event (passed on as it is, the page renders it as text), or the API's refusal. */
    private static OutboundSseEvent forward(Sse sse, String json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node != null && node.isObject() && !node.has("outcome") && node.path("status").isInt() && node.has("detail")) {
                int status = node.path("status").asInt();
                return problem(sse, status, refusal(status, node.path("detail").asText()));
            }
        } catch (java.io.IOException notJson) {
            LOG.debugf("tail item is not JSON: %s", notJson.getMessage());
        }
        return sse.newEventBuilder().name("trace").data(json).build();
    }

    static String refusal(int status, String detail) {
        return switch (status) {
            case 403 -> "You may not watch the live logs of this environment: it needs the developer role or higher ("
                    + detail + ").";
            case 404 -> "This environment does not exist, or you are not a member of its account (" + detail + ").";
            case 429 -> "Too many live tails are open on this environment right now; close one and try again (" + detail + ").";
            default -> detail;
        };
    }

    private static int status(Throwable failure) {
        if (failure instanceof WebApplicationException web && web.getResponse() != null) {
            return web.getResponse().getStatus();
        }
        if (failure instanceof io.smallrye.mutiny.subscription.BackPressureFailure) {
            return 429;
        }
        return 503;
    }

    private static String message(Throwable failure) {
        int status = status(failure);
        return switch (status) {
            case 401 -> "Your session has expired: reload the page to sign in again.";
            case 429 -> "The page fell too far behind the events and was disconnected; resume to continue.";
            case 503 -> "The platform API cannot be reached right now; resume in a moment.";
            default -> refusal(status, "HTTP " + status);
        };
    }

    private static OutboundSseEvent problem(Sse sse, int status, String detail) {
        return sse.newEventBuilder().name("problem").mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(JSON.createObjectNode().put("status", status).put("detail", detail).toString()).build();
    }

    private static OutboundSseEvent end(Sse sse, String reason) {
        return sse.newEventBuilder().name("end").data(reason).build();
    }
}
