package io.edgeworks.api.token;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records {@code last_used_at} cheaply: per token, at most one write per {@code platform.tokens.last-used-interval}
 * on this replica (and none while the stored value is younger than that, which also covers other replicas' recent
 * writes). The write is fire-and-forget: a lost one only makes {@code last_used_at} older, never fails a request.
 * The map holds one instant per token used since start, and is dropped whole if it ever exceeds
 * {@value #MAX_TRACKED} entries (the next uses then write once more).
 */
@ApplicationScoped
class ApiTokenUsage {
    private static final Logger LOG = Logger.getLogger(ApiTokenUsage.class);
    static final int MAX_TRACKED = 100_000;

    private final ApiTokenRepository repository;
    private final Duration interval;
    private final Map<UUID, Instant> recorded = new ConcurrentHashMap<>();

    ApiTokenUsage(ApiTokenRepository repository, ApiTokenConfig config) {
        this.repository = repository;
        this.interval = config.lastUsedInterval();
    }

    /** A successful authentication with token {@code id}, whose stored last use is {@code storedLastUse}. */
    void used(UUID id, Instant storedLastUse, Instant now) {
        if (recorded.size() > MAX_TRACKED) {
            recorded.clear();
        }
        boolean[] write = {false};
        recorded.compute(id, (key, previous) -> {
            Instant last = previous == null ? storedLastUse : storedLastUse == null || previous.isAfter(storedLastUse) ? previous : storedLastUse;
            if (last != null && Duration.between(last, now).compareTo(interval) < 0) {
                return last;
            }
            write[0] = true;
            return now;
        });
        if (write[0]) {
            repository.touch(id, now).subscribe().with(ok -> { }, failure -> LOG.debugf(failure, "could not record the use of API token %s", id));
        }
    }

    /** Forgets a revoked token. */
    void forget(UUID id) {
        recorded.remove(id);
    }
}
