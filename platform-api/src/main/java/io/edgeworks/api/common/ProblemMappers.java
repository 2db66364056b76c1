package io.edgeworks.api.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.stream.Collectors;

/** Turns every failure of a request into {@code application/problem+json}. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response response = respond(e.status(), e.getMessage(), e.errors(), e.quota());
        return e.retryAfterSeconds() > 0
                ? Response.fromResponse(response).header("Retry-After", Long.toString(e.retryAfterSeconds())).build()
                : response;
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        String field = e instanceof JsonMappingException m ? path(m) : "";
        String message = e instanceof UnrecognizedPropertyException u
                ? "is not a known field (known: " + u.getKnownPropertyIds().stream().map(Object::toString)
                        .sorted().collect(Collectors.joining(", ")) + ")"
                : e.getOriginalMessage();
        String detail = "the request body is not valid JSON for this call"
                + (field.isEmpty() ? ": " + message : ": " + field + " " + message);
        return respond(400, detail, field.isEmpty() ? List.of() : List.of(new FieldError(field, message)));
    }

    @ServerExceptionMapper({io.quarkus.security.AuthenticationFailedException.class, io.quarkus.security.UnauthorizedException.class,
            io.quarkus.security.AuthenticationCompletionException.class})
    public Response unauthenticated(RuntimeException e) {
        if (e instanceof io.quarkus.security.AuthenticationFailedException failed
                && failed.getAttribute(io.edgeworks.api.security.AllowedClients.REFUSAL) instanceof String refusal) {
            // a valid token issued to a client platform-api does not accept: the reason, and RFC 6750's invalid_token
            return Response.fromResponse(respond(401, refusal
                            + "; get a token through a client the platform accepts (platform.auth.allowed-clients)", List.of()))
                    .header("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"token issued to a client that is not accepted\"")
                    .build();
        }
        if (e instanceof io.quarkus.security.AuthenticationFailedException failed
                && failed.getAttribute(io.edgeworks.api.security.TokenGrant.REFUSAL) instanceof String refusal) {
            // an account API token that is unknown, expired or revoked: say which and why
            return Response.fromResponse(respond(401, refusal, List.of()))
                    .header("WWW-Authenticate", "Bearer error=\"invalid_token\"").build();
        }
        return Response.fromResponse(respond(401, "a valid bearer token is required (Authorization: Bearer <token>)", List.of()))
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response parse(com.fasterxml.jackson.core.JsonParseException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response mismatch(com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String detail = switch (status) {
            case 404 -> "no such resource";
            case 405 -> "this method is not allowed here";
            case 415 -> "unsupported content type; send application/json";
            case 406 -> "cannot produce the requested content type";
            default -> e.getMessage();
        };
        return respond(status, detail, List.of());
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        if (isUniqueViolation(e)) {
            return respond(409, "the name is already taken (a concurrent request created it)", List.of());
        }
        if (isUnavailable(e)) {
            // PostgreSQL or Redis restarting, failing over or unreachable: the client may try again shortly
            LOG.warnf("a backing service is unavailable: %s", e);
            return Response.fromResponse(respond(503, "PostgreSQL or Redis is unavailable for a moment (restarting or failing over); "
                    + "nothing was changed unless the request is retried and succeeds; try again shortly", List.of()))
                    .header("Retry-After", "1").build();
        }
        if (isConcurrencyAbort(e)) {
            // PostgreSQL broke a deadlock or a serialization conflict by aborting this request's transaction
            LOG.warnf("a transaction was aborted by a concurrent one: %s", e);
            return Response.fromResponse(respond(503, "a concurrent change conflicted with this request and PostgreSQL aborted it; "
                    + "nothing was changed; try again", List.of()))
                    .header("Retry-After", "1").build();
        }
        LOG.error("unexpected failure", e);
        return respond(500, "internal error; the server log has the details", List.of());
    }

    /**
     * A connection to PostgreSQL or Redis refused or closed, or PostgreSQL shutting down or starting (SQLSTATE class 08,
     * 57P01-57P03) somewhere in the cause chain: a passing outage (chaos.sh's PostgreSQL restart and Redis failover),
     * answered 503 with {@code Retry-After} rather than 500.
     */
    static boolean isUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.nio.channels.ClosedChannelException
                    || t.getClass().getSimpleName().equals("ClosedConnectionException")) {
                return true;
            }
            if (t instanceof io.vertx.pgclient.PgException pg && pg.getSqlState() != null
                    && (pg.getSqlState().startsWith("08") || pg.getSqlState().matches("57P0[123]"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * A transaction PostgreSQL aborted to break a deadlock (SQLSTATE 40P01) or a serialization conflict (40001) somewhere
     * in the cause chain: it changed nothing and the same request may succeed when sent again.
     */
    static boolean isConcurrencyAbort(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String state = t instanceof io.vertx.pgclient.PgException pg ? pg.getSqlState()
                    : t instanceof org.hibernate.JDBCException j ? j.getSQLState() : null;
            if ("40P01".equals(state) || "40001".equals(state)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** A unique constraint of PostgreSQL (SQLSTATE 23505) somewhere in the cause chain. */
    static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState())) {
                return true;
            }
            if (t instanceof org.hibernate.exception.ConstraintViolationException c
                    && "23505".equals(c.getSQLState())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static Response respond(int status, String detail, List<FieldError> errors) {
        return respond(status, detail, errors, null);
    }

    private static Response respond(int status, String detail, List<FieldError> errors, QuotaDetail quota) {
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : "Error";
        return Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(new Problem("about:blank", title, status, detail, errors, quota))
                .build();
    }
}
