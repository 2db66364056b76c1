package io.edgeworks.api.publish;

import io.edgeworks.bundle.RedisLayout;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes published state to Redis ({@link RedisLayout}): first the bundle envelopes the state needs
 * (content-addressed, with a TTL until the script adopts them, so an abandoned upload expires by
 * itself), then {@link PublishScript} in one atomic step, which swaps in the signed account manifests.
 */
@ApplicationScoped
class RedisPublisher {

    /** Redis no longer holds the published state: republish everything. */
    static final class StateLostException extends RuntimeException {
        StateLostException() {
            super("Redis lost the published state (epoch key missing or sequence below the recorded one)");
        }
    }

    /** Redis holds the state of another platform database: never write to it. */
    static final class ForeignStateException extends RuntimeException {
        ForeignStateException(String owner) {
            super("Redis holds the published state of another platform database (" + RedisLayout.EPOCH + " is not " + owner
                    + "); refusing to write. Point quarkus.redis.hosts at this platform's own Redis, or, if this database"
                    + " now owns that Redis, delete the key " + RedisLayout.EPOCH + " there");
        }
    }

    /** What {@link #health} finds. */
    enum Health { INTACT, LOST, FOREIGN }

    enum Mode {
        /** publish what changed (normal case) */
        RECONCILE("reconcile"),
        /** only when Redis lost its state; then rewrite everything and notify full=true */
        IF_LOST("if-lost"),
        /** rewrite everything and notify full=true */
        FULL("full");

        final String arg;

        Mode(String arg) {
            this.arg = arg;
        }
    }

    private static final List<String> KEYS = List.of(RedisLayout.ENVIRONMENTS, RedisLayout.MANIFESTS, RedisLayout.SEQUENCE, RedisLayout.ACCOUNTS, RedisLayout.EPOCH, RedisLayout.LEASE);

    private final Redis redis;
    private final PublishConfig config;

    RedisPublisher(Redis redis, PublishConfig config) {
        this.redis = redis;
        this.config = config;
    }

    /**
     * Reconciles one account's manifest and index entries with {@code publication}. Returns the new sequence
     * number, or {@link PublishScript#NOTHING_CHANGED}.
     *
     * @throws StateLostException (as the Uni's failure) when Redis lost the published state
     */
    Uni<Long> publishAccount(AccountPublication publication, StateOwner owner) {
        return publish("account", publication.slug(), Map.of(publication.slug(), publication), owner, Mode.RECONCILE);
    }

    /** Reconciles every account's entries at once (accounts missing from {@code publications} are removed). */
    Uni<Long> publishAll(Map<String, AccountPublication> publications, StateOwner owner, Mode mode) {
        return publish("all", "", publications, owner, mode);
    }

    /**
     * Whether Redis still holds the published state: the epoch key names {@code owner} and the sequence
     * is not below the recorded floor (then the owner lease is renewed). LOST when the epoch is missing,
     * the sequence went back, or another database's state was abandoned (its lease expired); FOREIGN
     * while another database's relays keep their lease.
     */
    Uni<Health> health(StateOwner owner) {
        return redis.send(Request.cmd(Command.MGET).arg(RedisLayout.EPOCH).arg(RedisLayout.SEQUENCE).arg(RedisLayout.LEASE)).chain(r -> {
            Response epoch = r.get(0);
            Response sequence = r.get(1);
            long current = sequence == null ? 0 : sequence.toLong();
            if (epoch == null) {
                return Uni.createFrom().item(Health.LOST);
            }
            if (!owner.id().equals(epoch.toString())) {
                return Uni.createFrom().item(r.get(2) == null ? Health.LOST : Health.FOREIGN);
            }
            if (current < owner.floor()) {
                return Uni.createFrom().item(Health.LOST);
            }
            return redis.send(Request.cmd(Command.SET).arg(RedisLayout.LEASE).arg(owner.id()).arg("PX").arg(config.ownerLease().toMillis()))
                    .replaceWith(Health.INTACT);
        });
    }

    private Uni<Long> publish(String scope, String slug, Map<String, AccountPublication> states, StateOwner owner, Mode mode) {
        Map<String, String> environments = new TreeMap<>();
        Map<String, byte[]> bundles = new TreeMap<>();
        states.values().forEach(p -> {
            environments.putAll(p.environments());
            bundles.putAll(p.bundles());
        });
        String desired = desired(states, environments).encode();
        Upload merged = new Upload(environments, bundles);
        return upload(merged, false)
                .chain(() -> eval(scope, slug, desired, owner, mode))
                .chain(result -> result == PublishScript.BUNDLE_MISSING
                        // a bundle vanished between upload and script (eviction, flush): upload all and try once more
                        ? upload(merged, true).chain(() -> eval(scope, slug, desired, owner, mode))
                        : Uni.createFrom().item(result))
                .map(result -> {
                    if (result == PublishScript.LOST) {
                        throw new StateLostException();
                    }
                    if (result == PublishScript.FOREIGN) {
                        throw new ForeignStateException(owner.id());
                    }
                    if (result == PublishScript.BUNDLE_MISSING) {
                        throw new IllegalStateException("bundles disappear from Redis between upload and publication (maxmemory eviction?)");
                    }
                    return result;
                });
    }

    /** The envelopes a publication needs, by the environments that use them. */
    private record Upload(Map<String, String> environments, Map<String, byte[]> bundles) {
    }

    /** Uploads the envelopes not already published for their environment (all of them when {@code all}). */
    private Uni<Void> upload(Upload state, boolean all) {
        if (state.environments().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> environments = new ArrayList<>(state.environments().keySet());
        Request hmget = Request.cmd(Command.HMGET).arg(RedisLayout.ENVIRONMENTS);
        environments.forEach(hmget::arg);
        return redis.send(hmget).chain(current -> {
            List<Request> sets = new ArrayList<>();
            for (int i = 0; i < environments.size(); i++) {
                String digest = state.environments().get(environments.get(i));
                Response published = current.get(i);
                if (all || published == null || !digest.equals(published.toString())) {
                    sets.add(Request.cmd(Command.SET).arg(RedisLayout.bundleKey(digest))
                            .arg(Buffer.buffer(state.bundles().get(digest)))
                            .arg("EX").arg(config.supersededBundleTtl().toSeconds()));
                }
            }
            return sets.isEmpty() ? Uni.createFrom().voidItem() : redis.batch(sets).replaceWithVoid();
        });
    }

    private Uni<Long> eval(String scope, String slug, String desired, StateOwner owner, Mode mode) {
        Request eval = Request.cmd(Command.EVAL).arg(PublishScript.SOURCE).arg(KEYS.size());
        KEYS.forEach(eval::arg);
        eval.arg(scope).arg(slug).arg(desired).arg(RedisLayout.BUNDLE_PREFIX).arg(config.supersededBundleTtl().toSeconds())
                .arg(RedisLayout.NOTICES).arg(owner.floor()).arg(owner.id()).arg(mode.arg)
                .arg(config.ownerLease().toMillis());
        return redis.send(eval).map(Response::toLong);
    }

    /** {"environments":{key:digest}, "manifests":{slug:envelope}, "accounts":{slug:{"environments":[…]}}} */
    private static JsonObject desired(Map<String, AccountPublication> states, Map<String, String> environments) {
        JsonObject accounts = new JsonObject();
        JsonObject manifests = new JsonObject();
        states.forEach((slug, state) -> {
            if (state.manifest() != null) {
                // the envelope is canonical JSON (ASCII: base64 and key id), so it travels as a string
                manifests.put(slug, new String(state.envelope(), StandardCharsets.UTF_8));
                accounts.put(slug, new JsonObject().put("environments", new JsonArray(new ArrayList<>(state.environments().keySet()))));
            }
        });
        return new JsonObject()
                .put("environments", new JsonObject(new java.util.LinkedHashMap<String, Object>(environments)))
                .put("manifests", manifests)
                .put("accounts", accounts);
    }
}
