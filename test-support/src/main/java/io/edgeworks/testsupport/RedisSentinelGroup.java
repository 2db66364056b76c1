package io.edgeworks.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Real Redis with Sentinel for failover tests, started by the test itself on free loopback ports: a primary, a replica
 * of it and three Sentinels watching master set {@value #MASTER} (quorum 2, primary down after
 * {@value #DOWN_AFTER_MS} ms), no persistence, files in a temporary directory. {@link #start} returns once the replica
 * is in sync and every Sentinel sees the replica and the two other Sentinels (a failover needs that);
 * {@link #killPrimary} is {@code kill -9}. With a user ({@link #start(String, String)}) every node and Sentinel has the
 * default user off and that ACL user with its password, and the nodes and Sentinels authenticate to each other as
 * it. Needs redis-server and redis-cli (apt-get install redis-server).
 */
public final class RedisSentinelGroup implements AutoCloseable {
    public static final String MASTER = "edgeworks-test";
    public static final int DOWN_AFTER_MS = 1000;

    private final Path dir;
    private final int[] dataPorts;
    private final int[] sentinelPorts;
    private final Process[] data = new Process[2];
    private final Process[] sentinels = new Process[3];
    private final String user;
    private final String password;

    private RedisSentinelGroup(Path dir, int[] dataPorts, int[] sentinelPorts, String user, String password) {
        this.dir = dir;
        this.dataPorts = dataPorts;
        this.sentinelPorts = sentinelPorts;
        this.user = user;
        this.password = password;
    }

    public static RedisSentinelGroup start() {
        return start(null, null);
    }

    /** With ACL user {@code user} (password {@code password}) on every node and Sentinel, the default user off. */
    public static RedisSentinelGroup start(String user, String password) {
        try {
            int[] ports = freePorts(5);
            RedisSentinelGroup group = new RedisSentinelGroup(Files.createTempDirectory("redis-sentinel-group-"),
                    new int[]{ports[0], ports[1]}, new int[]{ports[2], ports[3], ports[4]}, user, password);
            try {
                group.startAll();
            } catch (RuntimeException e) {
                group.close();
                throw e;
            }
            return group;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startAll() throws IOException {
        for (int i = 0; i < 2; i++) {
            List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(dataPorts[i]),
                    "--bind", "127.0.0.1", "--protected-mode", "no", "--save", "", "--appendonly", "no",
                    "--dir", dir.toString(), "--dbfilename", "dump-" + dataPorts[i] + ".rdb"));
            if (user != null) {
                command.addAll(List.of("--user", "default", "off", "--user", user, "on", ">" + password, "~*", "&*", "+@all",
                        "--masteruser", user, "--masterauth", password));
            }
            if (i == 1) {
                command.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(dataPorts[0])));
            }
            data[i] = launch(command, "redis-" + dataPorts[i] + ".log");
            awaitListening(dataPorts[i], data[i]);
        }
        await("the replica in sync", Duration.ofSeconds(10),
                () -> cli(dataPorts[1], "info", "replication").contains("master_link_status:up"));
        for (int i = 0; i < 3; i++) {
            Path conf = dir.resolve("sentinel-" + sentinelPorts[i] + ".conf");
            Files.writeString(conf, String.join("\n",
                    "port " + sentinelPorts[i],
                    "bind 127.0.0.1",
                    "protected-mode no",
                    "dir " + dir,
                    "sentinel monitor " + MASTER + " 127.0.0.1 " + dataPorts[0] + " 2",
                    "sentinel down-after-milliseconds " + MASTER + " " + DOWN_AFTER_MS,
                    "sentinel failover-timeout " + MASTER + " 5000",
                    "sentinel parallel-syncs " + MASTER + " 1",
                    user == null ? "" : String.join("\n",
                            "user default off",
                            "user " + user + " on >" + password + " +@all",
                            "sentinel auth-user " + MASTER + " " + user,
                            "sentinel auth-pass " + MASTER + " " + password,
                            "sentinel sentinel-user " + user,
                            "sentinel sentinel-pass " + password),
                    ""));
            sentinels[i] = launch(List.of("redis-server", conf.toString(), "--sentinel"), "sentinel-" + sentinelPorts[i] + ".log");
            awaitListening(sentinelPorts[i], sentinels[i]);
        }
        for (int port : sentinelPorts) {
            await("Sentinel " + port + " to see the replica and the two other Sentinels", Duration.ofSeconds(20), () -> {
                String master = cli(port, "sentinel", "master", MASTER);
                return field(master, "num-slaves").equals("1") && field(master, "num-other-sentinels").equals("2");
            });
        }
    }

    /** The Sentinels' URLs, comma-separated: what {@code quarkus.redis.hosts} gets with client type sentinel. */
    public String sentinelUrls() {
        return IntStream.of(sentinelPorts).mapToObj(this::url).collect(Collectors.joining(","));
    }

    /** The primary's port as the first Sentinel that answers names it. */
    public int primaryPort() {
        for (int port : sentinelPorts) {
            String[] reply = cli(port, "sentinel", "get-master-addr-by-name", MASTER).strip().split("\n");
            if (reply.length == 2) {
                return Integer.parseInt(reply[1].strip());
            }
        }
        throw new IllegalStateException("no Sentinel names the primary");
    }

    /**
     * Waits until the replica has every write the primary has taken so far (replication is asynchronous: a failover
     * loses what the replica has not received yet).
     */
    public void awaitReplicated(Duration timeout) {
        int primary = primaryPort();
        int replica = dataPorts[0] == primary ? dataPorts[1] : dataPorts[0];
        long target = Long.parseLong(field(cli(primary, "info", "replication").replace(':', '\n'), "master_repl_offset"));
        await("the replica to reach offset " + target, timeout, () -> {
            String offset = field(cli(replica, "info", "replication").replace(':', '\n'), "slave_repl_offset");
            return !offset.isEmpty() && Long.parseLong(offset) >= target;
        });
    }

    /** {@code kill -9} of the current primary; returns its port. */
    public int killPrimary() {
        int port = primaryPort();
        for (int i = 0; i < 2; i++) {
            if (dataPorts[i] == port) {
                data[i].destroyForcibly();
                try {
                    data[i].waitFor(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return port;
            }
        }
        throw new IllegalStateException("the primary " + port + " is not one of ours");
    }

    /** Waits until the Sentinels name another primary than {@code old}, and that node accepts writes. */
    public void awaitPromotion(int old, Duration timeout) {
        await("the Sentinels to promote the replica", timeout, () -> {
            int now = primaryPort();
            return now != old && cli(now, "role").startsWith("master");
        });
    }

    /** The URL of one Sentinel or node, with the ACL user when there is one (its password goes apart). */
    public String url(int port) {
        return "redis://127.0.0.1:" + port + (user == null ? "" : "?user=" + user);
    }

    /** One command through redis-cli (as the ACL user when there is one); its output, or "" when the node does not answer. */
    public String cli(int port, String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        if (user != null) {
            command.addAll(List.of("--user", user, "--pass", password, "--no-auth-warning"));
        }
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "";
            }
            return p.exitValue() == 0 ? out : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run redis-cli (apt-get install redis-tools): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** A field of a flat name/value reply as redis-cli prints it (one per line). */
    private static String field(String reply, String name) {
        String[] lines = reply.split("\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            if (lines[i].strip().equals(name)) {
                return lines[i + 1].strip();
            }
        }
        return "";
    }

    private Process launch(List<String> command, String log) throws IOException {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile()).start();
        } catch (IOException e) {
            throw new IOException("cannot start `" + String.join(" ", command) + "`: install redis-server (apt-get install redis-server)", e);
        }
    }

    private void awaitListening(int port, Process process) {
        await("port " + port + " to listen (log in " + dir + ")", Duration.ofSeconds(10), () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the process for port " + port + " exited; see the logs in " + dir);
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    public static void await(String what, Duration timeout, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static int[] freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                sockets.add(socket);
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    @Override
    public void close() {
        for (Process p : sentinels) {
            stop(p);
        }
        for (Process p : data) {
            stop(p);
        }
    }

    private static void stop(Process p) {
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }
}
