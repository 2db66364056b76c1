package io.edgeworks.admin.security;

import io.quarkus.oidc.OIDCException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.net.ConnectException;

/**
 * When Keycloak cannot be reached, sign-in fails before any page runs: answer 503 with words a person can
 * act on instead of a bare 500. (Readiness does not depend on Keycloak; see application.properties.)
 */
@ApplicationScoped
public class SignInUnavailable {
    static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Sign-in unavailable · Edgeworks</title>
            <link rel="stylesheet" href="/static/portal.css"></head>
            <body><main id="main"><h1>Sign-in is unavailable right now</h1>
            <p role="alert">The identity provider (Keycloak) cannot be reached, so nobody can sign in at the moment.
            Nothing was changed. Try again in a minute; if it persists, tell your operator.</p>
            <p><a href="/accounts">Try again</a></p></main></body></html>
            """;

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::handle);
    }

    void handle(RoutingContext ctx) {
        if (!identityProviderUnreachable(ctx.failure()) || ctx.response().headWritten()) {
            ctx.next();
            return;
        }
        ctx.response().setStatusCode(503).putHeader("Content-Type", "text/html;charset=UTF-8")
                .putHeader("Retry-After", "30").end(PAGE);
    }

    static boolean identityProviderUnreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof OIDCException && String.valueOf(t.getMessage()).contains("not available")) {
                return true;
            }
        }
        return false;
    }
}
