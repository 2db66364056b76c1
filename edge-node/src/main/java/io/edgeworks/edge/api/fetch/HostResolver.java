package io.edgeworks.edge.api.fetch;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.dns.DnsClient;
import io.vertx.core.dns.DnsClientOptions;
import io.vertx.core.dns.DnsException;
import io.vertx.core.dns.DnsResponseCode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Host names to addresses for fetch(), without blocking: A and AAAA queries in parallel through the Vert.x
 * DNS client (UDP on an event loop), so a slow or silent DNS server holds no worker thread and no event
 * loop ({@link InetAddress#getAllByName} would hold the caller for the system resolver's whole timeout).
 *
 * <ul>
 *   <li>IP literals ({@code 127.0.0.1}, {@code [::1]}) are parsed, never looked up.</li>
 *   <li>{@code localhost} and {@code *.localhost} are loopback (RFC 6761), without DNS, so the address
 *       policy refuses them by their address like any other loopback.</li>
 *   <li>{@code /etc/hosts} is not read: a tenant's fetch() sees the names DNS serves, the same on every
 *       node, not a node's local overrides (which usually name infrastructure).</li>
 *   <li>Servers: {@code edge.fetch.dns-servers}, else the {@code nameserver} lines of {@code /etc/resolv.conf};
 *       each has {@code timeoutMs} to answer, then the next is tried. NXDOMAIN or an answer without
 *       addresses is final.</li>
 *   <li>No cache: each fetch() of a name costs one A and one AAAA query; the resolver it asks caches.</li>
 * </ul>
 * All addresses of both answers are returned (IPv4 first), for the caller to check every one.
 */
public final class HostResolver {
    private static final Path RESOLV_CONF = Path.of("/etc/resolv.conf");

    private final List<Server> servers;
    private final long timeoutMs;

    private record Server(String shown, DnsClient client) {
    }

    /** {@code servers} as {@code host}, {@code host:port} or {@code [v6]:port} (IP addresses); empty: /etc/resolv.conf's. */
    public HostResolver(Vertx vertx, List<String> servers, long timeoutMs) {
        List<InetSocketAddress> addresses = servers.isEmpty() ? resolvConf(RESOLV_CONF) : servers.stream().map(HostResolver::server).toList();
        this.servers = addresses.stream().map(a -> new Server(a.getAddress().getHostAddress() + ":" + a.getPort(),
                vertx.createDnsClient(new DnsClientOptions().setHost(a.getAddress().getHostAddress()).setPort(a.getPort())
                        .setQueryTimeout(timeoutMs).setRecursionDesired(true)))).toList();
        this.timeoutMs = timeoutMs;
    }

    /** The servers asked, in order, as {@code ip:port}. */
    public List<String> servers() {
        return servers.stream().map(Server::shown).toList();
    }

    /** The host's addresses (IPv4 first); fails with an {@link UnknownHostException} whose message starts with "DNS". */
    public Future<List<InetAddress>> resolve(String host) {
        if (host == null || host.isEmpty()) {
            return Future.failedFuture(new UnknownHostException("URL has no host"));
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress literal = literal(bare);
        if (literal != null) {
            return Future.succeededFuture(List.of(literal));
        }
        String name = bare.toLowerCase(Locale.ROOT);
        name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return Future.succeededFuture(List.of(InetAddress.ofLiteral("127.0.0.1"), InetAddress.ofLiteral("::1")));
        }
        return ask(name, 0, null);
    }

    private Future<List<InetAddress>> ask(String name, int index, String failure) {
        if (index == servers.size()) {
            return Future.failedFuture(new UnknownHostException("DNS lookup of " + name + " failed: "
                    + (failure != null ? failure : "no DNS server (set edge.fetch.dns-servers; /etc/resolv.conf names none)")));
        }
        Server server = servers.get(index);
        Future<List<String>> a = server.client().resolveA(name);
        Future<List<String>> aaaa = server.client().resolveAAAA(name);
        return Future.join(a, aaaa).transform(done -> {
            List<InetAddress> addresses = new ArrayList<>();
            for (Future<List<String>> answer : List.of(a, aaaa)) {
                if (answer.succeeded()) {
                    answer.result().forEach(text -> addresses.add(InetAddress.ofLiteral(text)));
                }
            }
            if (!addresses.isEmpty()) {
                return Future.succeededFuture(List.copyOf(addresses));
            }
            if (notFound(a) || notFound(aaaa)) {
                return Future.failedFuture(new UnknownHostException("DNS: " + name + " not found (NXDOMAIN)"));
            }
            if (a.succeeded() && aaaa.succeeded()) {
                return Future.failedFuture(new UnknownHostException("DNS: " + name + " has no A or AAAA record"));
            }
            Throwable cause = a.failed() ? a.cause() : aaaa.cause();
            String why = cause.getMessage() != null && cause.getMessage().startsWith("DNS query timeout")
                    ? "no answer from " + server.shown() + " within " + timeoutMs + " ms"
                    : server.shown() + " answered " + cause.getMessage();
            return ask(name, index + 1, failure == null ? why : failure + "; " + why);
        });
    }

    private static boolean notFound(Future<?> answer) {
        return answer.failed() && answer.cause() instanceof DnsException e && e.code() == DnsResponseCode.NXDOMAIN;
    }

    private static InetAddress literal(String host) {
        if (!host.contains(":") && !host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
            return null; // a name: ofLiteral would refuse it anyway, without the exception's cost
        }
        try {
            return InetAddress.ofLiteral(host);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code 1.2.3.4}, {@code 1.2.3.4:5353}, {@code ::1}, {@code [::1]:5353}: port 53 unless given. */
    static InetSocketAddress server(String text) {
        String s = text.strip();
        String host = s;
        int port = 53;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            host = s.substring(1, close);
            if (close + 1 < s.length()) {
                port = Integer.parseInt(s.substring(close + 2));
            }
        } else if (s.indexOf(':') > 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            host = s.substring(0, s.indexOf(':'));
            port = Integer.parseInt(s.substring(s.indexOf(':') + 1));
        }
        try {
            return new InetSocketAddress(InetAddress.ofLiteral(host), port);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("edge.fetch.dns-servers: " + text + " is not an IP address", e);
        }
    }

    /** The {@code nameserver} lines of a resolv.conf (IPv6 zone ids dropped). */
    static List<InetSocketAddress> resolvConf(Path file) {
        List<InetSocketAddress> servers = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String[] words = line.strip().split("\\s+");
                if (words.length >= 2 && words[0].equals("nameserver")) {
                    String address = words[1].contains("%") ? words[1].substring(0, words[1].indexOf('%')) : words[1];
                    try {
                        servers.add(new InetSocketAddress(InetAddress.ofLiteral(address), 53));
                    } catch (IllegalArgumentException e) {
                        // not an address: skipped, as the C resolver does
                    }
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return servers;
    }
}
