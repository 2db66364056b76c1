package io.edgeworks.edge.sync;

import io.edgeworks.bundle.RedisLayout;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads published state over one Redis connection. The full snapshot and each partial read run in one
 * MULTI/EXEC, so the sequence and the manifests come from the same publication. Nothing read here is
 * trusted yet: {@link ManifestGate} and {@link BundleCache} verify it. Blocking: call it from
 * the sync thread only.
 */
final class RedisStateReader {
    private static final long TIMEOUT_SECONDS = 10;

    private final RedisConnection connection;

    RedisStateReader(RedisConnection connection) {
        this.connection = connection;
    }

    /** The global sequence and every account's signed manifest envelope. */
    Snapshot snapshot() throws Exception {
        Response exec = transaction(List.of(
                Request.cmd(Command.GET).arg(RedisLayout.SEQUENCE),
                Request.cmd(Command.HGETALL).arg(RedisLayout.MANIFESTS)));
        return new Snapshot(sequence(exec.get(0)), hash(exec.get(1)));
    }

    /** The current sequence plus the named accounts' manifest envelopes (null for removed ones). */
    Snapshot partial(List<String> accounts) throws Exception {
        List<Request> commands = new java.util.ArrayList<>();
        commands.add(Request.cmd(Command.GET).arg(RedisLayout.SEQUENCE));
        accounts.forEach(k -> commands.add(Request.cmd(Command.HGET).arg(RedisLayout.MANIFESTS).arg(k)));
        Response exec = transaction(commands);
        Map<String, byte[]> manifests = new LinkedHashMap<>();
        int i = 1;
        for (String k : accounts) {
            Response r = exec.get(i++);
            manifests.put(k, r == null ? null : r.toBytes());
        }
        return new Snapshot(sequence(exec.get(0)), manifests);
    }

    /** A read of {@link RedisLayout#MANIFESTS}: account slug to envelope bytes (null: removed). */
    record Snapshot(long sequence, Map<String, byte[]> manifests) {
    }

    byte[] bundle(String digest) throws Exception {
        Response r = await(connection.send(Request.cmd(Command.GET).arg(RedisLayout.bundleKey(digest))));
        return r == null ? null : r.toBytes();
    }

    /** Envelopes read per MGET when many bundles are fetched at once. */
    private static final int BATCH = 256;

    /**
     * Several bundles' envelopes at once (a node's first load reads thousands): MGETs of {@value #BATCH} digests, all
     * sent before the first answer is awaited, instead of one round trip per bundle. Missing ones are absent.
     */
    Map<String, byte[]> bundles(java.util.Collection<String> digests) throws Exception {
        List<String> all = List.copyOf(digests);
        List<io.vertx.core.Future<Response>> replies = new java.util.ArrayList<>();
        for (int from = 0; from < all.size(); from += BATCH) {
            Request mget = Request.cmd(Command.MGET);
            all.subList(from, Math.min(all.size(), from + BATCH)).forEach(d -> mget.arg(RedisLayout.bundleKey(d)));
            replies.add(connection.send(mget));
        }
        Map<String, byte[]> out = new HashMap<>();
        for (int b = 0; b < replies.size(); b++) {
            Response r = await(replies.get(b));
            for (int i = 0; r != null && i < r.size(); i++) {
                Response one = r.get(i);
                if (one != null) {
                    out.put(all.get(b * BATCH + i), one.toBytes());
                }
            }
        }
        return out;
    }

    /**
     * {@code commands} in one MULTI/EXEC, sent as one pipeline: one round trip, where awaiting each command's QUEUED in
     * turn took four for a notice's read (MULTI, GET, HGET, EXEC), each a hand-off between this thread and the event loop
     * (on a loaded two-core machine a notice's manifest read took 2-125 ms that way, deploy/bench/RESULTS.md). A command
     * Redis refuses while queuing makes EXEC answer EXECABORT, so the transaction never stays open on the connection.
     */
    private Response transaction(List<Request> commands) throws Exception {
        List<Request> pipeline = new java.util.ArrayList<>(commands.size() + 2);
        pipeline.add(Request.cmd(Command.MULTI));
        pipeline.addAll(commands);
        pipeline.add(Request.cmd(Command.EXEC));
        List<Response> replies = await(connection.batch(pipeline));
        Response exec = replies.get(replies.size() - 1);
        if (exec == null) {
            throw new IllegalStateException("MULTI/EXEC was aborted");
        }
        return exec;
    }

    private static long sequence(Response r) {
        return r == null ? 0 : Long.parseLong(r.toString());
    }

    /** A hash reply: a map under RESP3, a flat field/value array under RESP2. */
    private static Map<String, byte[]> hash(Response r) {
        Map<String, byte[]> out = new HashMap<>();
        if (r == null) {
            return out;
        }
        try {
            for (String key : r.getKeys()) {
                out.put(key, r.get(key).toBytes());
            }
            return out;
        } catch (RuntimeException notAMap) {
            out.clear();
            for (int i = 0; i + 1 < r.size(); i += 2) {
                out.put(r.get(i).toString(), r.get(i + 1).toBytes());
            }
            return out;
        }
    }

    static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        } catch (TimeoutException e) {
            throw new TimeoutException("Redis did not answer within " + TIMEOUT_SECONDS + " s");
        }
    }
}
