package io.edgeworks.edge.server;

import io.edgeworks.bundle.RedisLayout;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Answers ACME HTTP-01 challenges ({@code GET /.well-known/acme-challenge/<token>}, RFC 8555 §8.3) for the
 * certificates platform-api orders for custom domains: the key authorization is in Redis while the order
 * validates ({@link RedisLayout#acmeHttp01Key}). A token Redis does not know falls through to the tenant's
 * own routes, so a worker may still answer challenges of a CA of its own.
 */
@ApplicationScoped
public class AcmeChallenges {
    static final String PATH_PREFIX = "/.well-known/acme-challenge/";

    private final ReactiveValueCommands<String, String> values;

    public AcmeChallenges(ReactiveRedisDataSource redis) {
        this.values = redis.value(String.class, String.class);
    }

    /** The token of a challenge path, or null when {@code path} is not one. */
    static String token(String path) {
        if (path == null || !path.startsWith(PATH_PREFIX)) {
            return null;
        }
        String token = path.substring(PATH_PREFIX.length());
        return RedisLayout.isAcmeToken(token) ? token : null;
    }

    /** The key authorization for {@code token}, or null (none pending, or Redis unreachable within 2 s). */
    Uni<String> answer(String token) {
        return values.get(RedisLayout.acmeHttp01Key(token))
                .ifNoItem().after(Duration.ofSeconds(2)).recoverWithItem((String) null)
                .onFailure().recoverWithNull();
    }
}
