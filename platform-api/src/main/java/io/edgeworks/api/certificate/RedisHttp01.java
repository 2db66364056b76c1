package io.edgeworks.api.certificate;

import io.edgeworks.bundle.RedisLayout;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * HTTP-01 answers through Redis: every edge node answers {@code /.well-known/acme-challenge/<token>} with
 * what is published here ({@link RedisLayout#acmeHttp01Key}), for 10 minutes at most. Blocking.
 */
@ApplicationScoped
public class RedisHttp01 implements AcmeIssuer.Http01 {
    static final long TTL_SECONDS = 600;

    private final ValueCommands<String, String> values;

    public RedisHttp01(RedisDataSource redis) {
        this.values = redis.value(String.class, String.class);
    }

    @Override
    public void publish(String token, String keyAuthorization) {
        values.setex(RedisLayout.acmeHttp01Key(token), TTL_SECONDS, keyAuthorization);
    }

    @Override
    public void withdraw(String token) {
        values.getdel(RedisLayout.acmeHttp01Key(token));
    }
}
