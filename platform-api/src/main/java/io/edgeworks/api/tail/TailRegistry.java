package io.edgeworks.api.tail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeworks.bundle.BundleFormatException;
import io.edgeworks.bundle.RedisLayout;
import io.edgeworks.bundle.TailEntry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tail registry in the published state's Redis ({@link RedisLayout#TAILS}, read by every edge node) and, beside it,
 * who started each tail ({@link RedisLayout#TAIL_OWNERS}, platform-api's own). Every change increments
 * {@link RedisLayout#TAILS_VERSION} in the same MULTI/EXEC, which is what edge nodes poll.
 */
@ApplicationScoped
class TailRegistry {
    private static final Logger LOG = Logger.getLogger(TailRegistry.class);
    /** HSET only while the field exists (a renewal must not bring back a tail removed meanwhile). */
    private static final String RENEW = "if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then "
            + "redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]); redis.call('INCR', KEYS[2]); return 1 end return 0";

    /** A registered tail: the entry edges read and its owner. */
    record Registered(String id, TailEntry entry, TailOwner owner) {
    }

    private final Redis redis;
    private final ObjectMapper json;

    TailRegistry(Redis redis, ObjectMapper json) {
        this.redis = redis;
        this.json = json;
    }

    Uni<Void> put(String id, TailEntry entry, TailOwner owner) {
        String ownerJson;
        try {
            ownerJson = json.writeValueAsString(owner);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return redis.batch(List.of(Request.cmd(Command.MULTI),
                Request.cmd(Command.HSET).arg(RedisLayout.TAILS).arg(id).arg(entry.encode()),
                Request.cmd(Command.HSET).arg(RedisLayout.TAIL_OWNERS).arg(id).arg(ownerJson),
                Request.cmd(Command.INCR).arg(RedisLayout.TAILS_VERSION),
                Request.cmd(Command.EXEC))).replaceWithVoid();
    }

    /** The tail, or null when it is not registered (never was, removed, or unreadable). */
    Uni<Registered> get(String id) {
        return redis.send(Request.cmd(Command.HGET).arg(RedisLayout.TAILS).arg(id)).chain(entry -> {
            if (entry == null) {
                return Uni.createFrom().nullItem();
            }
            return redis.send(Request.cmd(Command.HGET).arg(RedisLayout.TAIL_OWNERS).arg(id)).map(owner -> registered(id, entry, owner));
        });
    }

    /** Moves the tail's lease; false when it is no longer registered. */
    Uni<Boolean> renew(String id, TailEntry renewed) {
        return redis.send(Request.cmd(Command.EVAL).arg(RENEW).arg(2).arg(RedisLayout.TAILS).arg(RedisLayout.TAILS_VERSION)
                .arg(id).arg(renewed.encode())).map(r -> r != null && r.toInteger() == 1);
    }

    /** Removes the tail; its owner when it was registered, else null (so one remover audits the end). */
    Uni<TailOwner> remove(String id) {
        return get(id).chain(found -> redis.batch(List.of(Request.cmd(Command.MULTI),
                        Request.cmd(Command.HDEL).arg(RedisLayout.TAILS).arg(id),
                        Request.cmd(Command.HDEL).arg(RedisLayout.TAIL_OWNERS).arg(id),
                        Request.cmd(Command.INCR).arg(RedisLayout.TAILS_VERSION),
                        Request.cmd(Command.EXEC)))
                .map(replies -> {
                    Response exec = replies.get(replies.size() - 1);
                    boolean removed = exec != null && exec.size() > 0 && exec.get(0).toInteger() == 1;
                    return removed && found != null ? found.owner() : null;
                }));
    }

    /** Every registered tail (live or not). */
    Uni<List<Registered>> all() {
        return redis.send(Request.cmd(Command.HGETALL).arg(RedisLayout.TAILS)).chain(entries ->
                redis.send(Request.cmd(Command.HGETALL).arg(RedisLayout.TAIL_OWNERS)).map(owners -> {
                    List<Registered> out = new ArrayList<>();
                    Map<String, Response> ownerById = new HashMap<>();
                    if (owners != null) {
                        for (String id : owners.getKeys()) {
                            ownerById.put(id, owners.get(id));
                        }
                    }
                    if (entries != null) {
                        for (String id : entries.getKeys()) {
                            Registered r = registered(id, entries.get(id), ownerById.get(id));
                            if (r != null) {
                                out.add(r);
                            }
                        }
                    }
                    return out;
                }));
    }

    private Registered registered(String id, Response entry, Response owner) {
        try {
            TailOwner who = owner == null ? null : json.readValue(owner.toString(), TailOwner.class);
            return new Registered(id, TailEntry.decode(entry.toString()), who);
        } catch (BundleFormatException | JsonProcessingException e) {
            LOG.warnf("tail registry: skipping unreadable tail %s…: %s", id.substring(0, Math.min(6, id.length())), e.getMessage());
            return null;
        }
    }
}
