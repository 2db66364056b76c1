package io.edgeworks.api.tail;

import io.edgeworks.api.common.ProblemException;
import io.edgeworks.api.config.PlatformConfig;
import io.edgeworks.bundle.TailFilters;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

@Path("/api/accounts/{account}/services/{service}/environments/{environment}")
@Authenticated
@Tag(name = "Live tail", description = "Per-request trace events (logs, exceptions, request and outcome) of an environment, live")
public class TailResource {
    private static final String EVENT = "Each event is Cloudflare's tail event: `outcome` (`ok`, `exception`, `exceededCpu`, "
            + "`exceededMemory`, `canceled`, `unknown`), `scriptName`, `scriptVersion.id`, `eventTimestamp`, `event` "
            + "(`{request:{url,method,headers},response:{status}}`, `{cron,scheduledTime}` or `{rpcMethod}`), `logs` "
            + "(`[{message:[text],level,timestamp}]`), `exceptions` (`[{name,message,stack,timestamp}]`), "
            + "`diagnosticsChannelEvents` and `truncated`. Header values of `authorization`, `cookie`, `set-cookie` and of "
            + "headers named like a credential (token, secret, key, password, session, auth), and the environment's secret "
            + "values wherever they appear in the URL or headers, are `REDACTED`.";

    private final TailService tails;
    private final TailStreams streams;
    private final PlatformConfig config;

    public TailResource(TailService tails, TailStreams streams, PlatformConfig config) {
        this.tails = tails;
        this.streams = streams;
        this.config = config;
    }

    @POST
    @Path("/tails")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.WILDCARD})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a live tail", description = "Developers and up. Body (optional): wrangler's filters, "
            + "`{\"filters\":[{\"outcome\":[\"exception\"]},{\"method\":[\"GET\"]},{\"header\":{\"key\":\"x-a\",\"query\":\"b\"}},"
            + "{\"client_ip\":[\"self\"]},{\"query\":\"text\"},{\"sampling_rate\":0.5},{\"scriptVersion\":\"<version id>\"}]}`, "
            + "applied by the edge nodes. Returns a WebSocket URL (subprotocol `trace-v1`, one JSON text message per event) "
            + "that is the only credential its socket needs: 256 random bits, valid until `expires_at` "
            + "(`platform.tail.ttl`), ended when its socket disconnects or nobody connects within `platform.tail.connect-grace`. "
            + "429 when the environment has `platform.tail.max-per-environment` live tails. Audited as `tail.start`. " + EVENT)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.OBJECT,
            example = "{\"filters\":[{\"outcome\":[\"exception\"]}]}")))
    @APIResponse(responseCode = "201", description = "Started", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = TailView.class)))
    public Uni<RestResponse<TailView>> start(@PathParam("account") String account, @PathParam("service") String service,
                                             @PathParam("environment") String environment, String body,
                                             @Context HttpServerRequest request) {
        TailFilters filters = parse(body, "body");
        return tails.start(account, service, environment, filters, callerIp(request), "api").map(view -> RestResponse.ResponseBuilder
                .<TailView>created(URI.create("/api/accounts/" + account + "/services/" + service + "/environments/" + environment
                        + "/tails/" + view.id())).entity(view).build());
    }

    @DELETE
    @Path("/tails/{id}")
    @ResponseStatus(204)
    @Operation(summary = "Stop a live tail", description = "Developers and up. Closes its socket or stream; the edges stop "
            + "sending within `edge.tail.poll-ms`. 404 when it already ended. Audited as `tail.stop`.")
    public Uni<Void> stop(@PathParam("account") String account, @PathParam("service") String service,
                          @PathParam("environment") String environment, @PathParam("id") String id) {
        return tails.stop(account, service, environment, id);
    }

    @GET
    @Path("/tail")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    @Operation(summary = "Stream live trace events (SSE)", description = "Developers and up. A tail for as long as the "
            + "response is open (at most `platform.tail.ttl`), with the same filters as query parameters: `outcome` and "
            + "`method` (repeatable), `header` (`name` or `name:text`, repeatable), `client_ip` (repeatable; `self` is the "
            + "caller), `query`, `sampling_rate`, `script_version`. Each SSE `data:` line is one event (JSON). A client that "
            + "reads slower than events arrive (more than `platform.tail.client-queue` queued) is disconnected. Audited as "
            + "`tail.start` and `tail.stop`. The stream starts before the access check ends: a refusal is its only event, "
            + "`{\"type\":\"about:blank\",\"status\":403|404|429,\"detail\":…}`, and the stream ends. " + EVENT)
    public Multi<String> stream(@PathParam("account") String account, @PathParam("service") String service,
                                @PathParam("environment") String environment, @QueryParam("outcome") List<String> outcome,
                                @QueryParam("method") List<String> method, @QueryParam("header") List<String> header,
                                @QueryParam("client_ip") List<String> clientIp, @QueryParam("query") String query,
                                @QueryParam("sampling_rate") Double samplingRate, @QueryParam("script_version") String scriptVersion,
                                @Context HttpServerRequest request) {
        TailFilters filters;
        try {
            List<TailFilters.Header> headers = new ArrayList<>();
            for (String h : header == null ? List.<String>of() : header) {
                int colon = h.indexOf(':');
                headers.add(colon < 0 ? new TailFilters.Header(h, null) : new TailFilters.Header(h.substring(0, colon), h.substring(colon + 1)));
            }
            filters = new TailFilters(orEmpty(outcome), orEmpty(method), headers, orEmpty(clientIp), query,
                    samplingRate == null ? 1.0 : samplingRate, scriptVersion);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("query", e.getMessage());
        }
        int queue = config.tail().clientQueue();
        // SSE answers 200 before the access check completes (Quarkus REST starts the stream at once): a refusal (403,
        // 404, 429) arrives as the stream's only event, a problem+json object with its status and detail.
        return tails.startStream(account, service, environment, filters, callerIp(request)).toMulti()
                .flatMap(tail -> Multi.createFrom().<String>emitter(emitter -> {
                    emitter.onTermination(() -> streams.detach(tail.id(), "the stream closed"));
                    streams.attach(tail, new TailStreams.Sink() {
                        @Override
                        public boolean offer(String event) {
                            emitter.emit(event);
                            return true;
                        }

                        @Override
                        public void end(String reason) {
                            emitter.complete();
                        }
                    }).subscribe().with(v -> { }, emitter::fail);
                }).onOverflow().buffer(queue))
                .onFailure(ProblemException.class).recoverWithMulti(e -> Multi.createFrom().item(problem((ProblemException) e)));
    }

    private static String problem(ProblemException e) {
        com.fasterxml.jackson.databind.node.ObjectNode body = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        body.put("type", "about:blank");
        body.put("status", e.status());
        body.put("detail", e.getMessage());
        return body.toString();
    }

    private static List<String> orEmpty(List<String> values) {
        return values == null ? List.of() : values;
    }

    static TailFilters parse(String body, String field) {
        try {
            return TailFilters.parse(body);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(field, e.getMessage());
        }
    }

    private static String callerIp(HttpServerRequest request) {
        return request == null || request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    }
}
