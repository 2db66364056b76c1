package io.edgeworks.api.quota;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * API requests per minute per token ({@code platform.quotas.api-requests-per-minute}), counted in Redis so the
 * limit holds however many API replicas serve the token. A fixed window per token: the first request of a window
 * creates the counter with a 60 s expiry, every request increments it, in one script ({@link #SCRIPT}: INCR, then
 * PEXPIRE when the counter has none), so a crash between the two cannot leave a counter that never expires. One
 * Redis round trip per request. Beyond the limit: 429 with {@code Retry-After} = the window's remaining seconds.
 *
 * <p>When Redis does not answer within {@link #TIMEOUT} the request is let through (logged at most once a minute):
 * the control plane keeps working through a Redis outage, as its outbox does.
 */
@ApplicationScoped
public class ApiRateLimiter {
    static final String KEY_PREFIX = "edgeworks:ratelimit:api:";
    static final long WINDOW_MILLIS = 60_000;
    static final Duration TIMEOUT = Duration.ofMillis(500);
    static final String SCRIPT = """
            local n = redis.call('INCR', KEYS[1])
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl < 0 then
              redis.call('PEXPIRE', KEYS[1], ARGV[1])
              ttl = tonumber(ARGV[1])
            end
            return {n, ttl}
            """;
    private static final Logger LOG = Logger.getLogger(ApiRateLimiter.class);

    private final Redis redis;
    private final int limit;
    private final AtomicLong lastWarning = new AtomicLong();

    public ApiRateLimiter(Redis redis, QuotaConfig config) {
        this.redis = redis;
        this.limit = config.apiRequestsPerMinute();
    }

    public boolean enabled() {
        return limit > 0;
    }

    /** The outcome for one request of {@code token}: allowed, or refused with the seconds to wait. */
    public record Decision(boolean allowed, long count, int limit, long retryAfterSeconds) {
    }

    /** Counts one request of {@code token} (its subject and authorized party) in the current window. */
    public Uni<Decision> hit(String token) {
        return redis.send(Request.cmd(Command.EVAL).arg(SCRIPT).arg(1).arg(KEY_PREFIX + token).arg(WINDOW_MILLIS))
                .ifNoItem().after(TIMEOUT).fail()
                .map(reply -> {
                    long count = reply.get(0).toLong();
                    long ttl = reply.get(1).toLong();
                    return new Decision(count <= limit, count, limit, Math.max(1, (ttl + 999) / 1000));
                })
                .onFailure().recoverWithItem(e -> {
                    long now = System.currentTimeMillis();
                    long last = lastWarning.get();
                    if (now - last > WINDOW_MILLIS && lastWarning.compareAndSet(last, now)) {
                        LOG.warnf("API rate limit not applied: Redis did not answer (%s); requests pass until it does", e.toString());
                    }
                    return new Decision(true, 0, limit, 0);
                });
    }
}
