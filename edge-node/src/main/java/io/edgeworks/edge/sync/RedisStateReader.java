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
 * MULTI/EXEC, so the sequence and the hashes come from the same publication. Blocking: call it from
 * the sync thread only.
 */
final class RedisStateReader {
    private static final long TIMEOUT_SECONDS = 10;

    private final RedisConnection connection;

    RedisStateReader(RedisConnection connection) {
        this.connection = connection;
    }

    PublishedState snapshot() throws Exception {
        Response exec = transaction(List.of(
                Request.cmd(Command.GET).arg(RedisLayout.SEQUENCE),
                Request.cmd(Command.HGETALL).arg(RedisLayout.ENVIRONMENTS),
                Request.cmd(Command.HGETALL).arg(RedisLayout.HOSTNAMES),
                Request.cmd(Command.HGETALL).arg(RedisLayout.ROUTES)));
        return new PublishedState(sequence(exec.get(0)), hash(exec.get(1)), hash(exec.get(2)), hash(exec.get(3)));
    }

    /** The current sequence plus the named entries (null values for removed ones). */
    Partial partial(List<String> environments, List<String> hostnames, List<String> routes) throws Exception {
        List<Request> commands = new java.util.ArrayList<>();
        commands.add(Request.cmd(Command.GET).arg(RedisLayout.SEQUENCE));
        environments.forEach(k -> commands.add(Request.cmd(Command.HGET).arg(RedisLayout.ENVIRONMENTS).arg(k)));
        hostnames.forEach(k -> commands.add(Request.cmd(Command.HGET).arg(RedisLayout.HOSTNAMES).arg(k)));
        routes.forEach(k -> commands.add(Request.cmd(Command.HGET).arg(RedisLayout.ROUTES).arg(k)));
        Response exec = transaction(commands);
        int i = 1;
        Map<String, String> envs = new LinkedHashMap<>();
        for (String k : environments) {
            envs.put(k, text(exec.get(i++)));
        }
        Map<String, String> hosts = new LinkedHashMap<>();
        for (String k : hostnames) {
            hosts.put(k, text(exec.get(i++)));
        }
        Map<String, String> rts = new LinkedHashMap<>();
        for (String k : routes) {
            rts.put(k, text(exec.get(i++)));
        }
        return new Partial(sequence(exec.get(0)), envs, hosts, rts);
    }

    record Partial(long sequence, Map<String, String> environments, Map<String, String> hostnames,
                   Map<String, String> routes) {
    }

    byte[] bundle(String digest) throws Exception {
        Response r = await(connection.send(Request.cmd(Command.GET).arg(RedisLayout.bundleKey(digest))));
        return r == null ? null : r.toBytes();
    }

    private Response transaction(List<Request> commands) throws Exception {
        await(connection.send(Request.cmd(Command.MULTI)));
        try {
            for (Request command : commands) {
                await(connection.send(command));
            }
        } catch (Exception e) {
            await(connection.send(Request.cmd(Command.DISCARD)));
            throw e;
        }
        Response exec = await(connection.send(Request.cmd(Command.EXEC)));
        if (exec == null) {
            throw new IllegalStateException("MULTI/EXEC was aborted");
        }
        return exec;
    }

    private static long sequence(Response r) {
        return r == null ? 0 : Long.parseLong(r.toString());
    }

    private static String text(Response r) {
        return r == null ? null : r.toString();
    }

    /** A hash reply: a map under RESP3, a flat field/value array under RESP2. */
    private static Map<String, String> hash(Response r) {
        Map<String, String> out = new HashMap<>();
        if (r == null) {
            return out;
        }
        try {
            for (String key : r.getKeys()) {
                out.put(key, r.get(key).toString());
            }
            return out;
        } catch (RuntimeException notAMap) {
            out.clear();
            for (int i = 0; i + 1 < r.size(); i += 2) {
                out.put(r.get(i).toString(), r.get(i + 1).toString());
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
