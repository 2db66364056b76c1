package io.edgeworks.edge.api.fetch;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

/**
 * Which addresses outbound fetch() may connect to. By default only globally routable unicast addresses
 * that are not this node's own ({@link NodeAddresses}): the tables below refuse loopback, private, shared,
 * link-local, documentation, benchmarking, multicast and reserved IPv4, and their IPv6 counterparts.
 *
 * <p>IPv6 can carry an IPv4 address, and a translator or tunnel on the path may deliver to it; so the
 * embedded IPv4 of the IPv4-mapped ({@code ::ffff:a.b.c.d}), IPv4-translated ({@code ::ffff:0:a.b.c.d}),
 * NAT64 well-known prefix ({@code 64:ff9b::/96}), 6to4 ({@code 2002:AABB:CCDD::/48}) and Teredo
 * ({@code 2001:0:SSSS:SSSS::} server, {@code ~client} in the last 32 bits) forms is checked like an IPv4
 * address. The whole of {@code ::/96} (deprecated IPv4-compatible addresses, RFC 4291; Linux tunnels them
 * to the IPv4 address over sit) and the local-use NAT64 prefix {@code 64:ff9b:1::/48} (RFC 8215: where the
 * IPv4 sits depends on the operator's prefix length, so it cannot be checked) are refused outright.
 *
 * <p>The check is made on each resolved address, and fetch() connects to the checked address, so DNS cannot
 * rebind past it. {@code allowPrivate} (tests, local development) turns all of this off.
 */
public final class AddressPolicy {
    private static final List<AddressRange> IPV4 = List.of(
            AddressRange.of("0.0.0.0/8", "unspecified address"),            // RFC 791 "this network"
            AddressRange.of("10.0.0.0/8", "private address"),               // RFC 1918
            AddressRange.of("100.64.0.0/10", "shared (carrier-grade NAT) address"), // RFC 6598
            AddressRange.of("127.0.0.0/8", "loopback address"),
            AddressRange.of("169.254.0.0/16", "link-local address"),       // incl. 169.254.169.254 (cloud metadata)
            AddressRange.of("172.16.0.0/12", "private address"),
            AddressRange.of("192.0.0.0/24", "reserved address"),           // IETF protocol assignments
            AddressRange.of("192.0.2.0/24", "documentation address"),      // TEST-NET-1, RFC 5737
            AddressRange.of("192.88.99.0/24", "reserved address"),         // former 6to4 relay anycast, RFC 7526
            AddressRange.of("192.168.0.0/16", "private address"),
            AddressRange.of("198.18.0.0/15", "reserved address"),          // benchmarking, RFC 2544
            AddressRange.of("198.51.100.0/24", "documentation address"),   // TEST-NET-2
            AddressRange.of("203.0.113.0/24", "documentation address"),    // TEST-NET-3
            AddressRange.of("224.0.0.0/4", "multicast address"),
            AddressRange.of("240.0.0.0/4", "reserved address"));           // incl. 255.255.255.255
    private static final List<AddressRange> IPV6 = List.of(
            AddressRange.of("::/128", "unspecified address"),
            AddressRange.of("::1/128", "loopback address"),
            AddressRange.of("::/96", "IPv4-compatible address (deprecated)"),
            AddressRange.of("64:ff9b:1::/48", "local-use NAT64 address"),  // RFC 8215
            AddressRange.of("100::/64", "discard-only address"),           // RFC 6666
            AddressRange.of("2001:2::/48", "reserved address"),            // benchmarking, RFC 5180
            AddressRange.of("2001:10::/28", "reserved address"),           // ORCHID, RFC 4843
            AddressRange.of("2001:20::/28", "reserved address"),           // ORCHIDv2, RFC 7343
            AddressRange.of("2001:db8::/32", "documentation address"),     // RFC 3849
            AddressRange.of("3fff::/20", "documentation address"),         // RFC 9637
            AddressRange.of("fc00::/7", "unique-local address"),
            AddressRange.of("fe80::/10", "link-local address"),
            AddressRange.of("fec0::/10", "site-local address (deprecated)"),
            AddressRange.of("ff00::/8", "multicast address"));
    private static final AddressRange MAPPED = AddressRange.of("::ffff:0:0/96", "IPv4-mapped");
    private static final AddressRange TRANSLATED = AddressRange.of("::ffff:0:0:0/96", "IPv4-translated");
    private static final AddressRange NAT64 = AddressRange.of("64:ff9b::/96", "NAT64");
    private static final AddressRange SIX_TO_FOUR = AddressRange.of("2002::/16", "6to4");
    private static final AddressRange TEREDO = AddressRange.of("2001::/32", "Teredo");

    private final boolean allowPrivate;
    private final NodeAddresses node;

    /** With this node's interface addresses as they are now (never refreshed; the edge wires a refreshed set). */
    public AddressPolicy(boolean allowPrivate) {
        this(allowPrivate, NodeAddresses.scan());
    }

    public AddressPolicy(boolean allowPrivate, NodeAddresses node) {
        this.allowPrivate = allowPrivate;
        this.node = node;
    }

    /** Null when allowed, else why not ({@code "loopback address 127.0.0.1"}). */
    public String check(InetAddress address) {
        return allowPrivate ? null : refusal(address.getAddress(), address.getHostAddress());
    }

    /** The ranges first (their reason is the more telling), then the node's own addresses. */
    private String refusal(byte[] b, String shown) {
        String refused;
        if (b.length == 4) {
            refused = match(IPV4, b, shown);
        } else {
            refused = embedded(MAPPED, b, 12, shown);
            refused = refused != null ? refused : embedded(TRANSLATED, b, 12, shown);
            refused = refused != null ? refused : embedded(NAT64, b, 12, shown);
            refused = refused != null ? refused : embedded(SIX_TO_FOUR, b, 2, shown);
            refused = refused != null ? refused : teredo(b, shown);
            refused = refused != null ? refused : match(IPV6, b, shown);
        }
        return refused == null && node.contains(b) ? "this node's own address " + shown : refused;
    }

    private static String match(List<AddressRange> table, byte[] b, String shown) {
        for (AddressRange range : table) {
            if (range.contains(b)) {
                return range.kind() + " " + shown;
            }
        }
        return null;
    }

    /** The refusal of the IPv4 address at {@code at} when {@code b} is in {@code form}, else null. */
    private String embedded(AddressRange form, byte[] b, int at, String shown) {
        if (!form.contains(b)) {
            return null;
        }
        return inside(Arrays.copyOfRange(b, at, at + 4), form.kind(), shown);
    }

    /** Teredo (RFC 4380): the server's IPv4 in bits 32–63, the client's, inverted, in the last 32 bits. */
    private String teredo(byte[] b, String shown) {
        if (!TEREDO.contains(b)) {
            return null;
        }
        byte[] client = new byte[4];
        for (int i = 0; i < 4; i++) {
            client[i] = (byte) ~b[12 + i];
        }
        String server = inside(Arrays.copyOfRange(b, 4, 8), "Teredo server", shown);
        return server != null ? server : inside(client, "Teredo client", shown);
    }

    private String inside(byte[] v4, String form, String shown) {
        String refused = refusal(v4, ipv4(v4));
        return refused == null ? null : refused + " (as " + form + " " + shown + ")";
    }

    private static String ipv4(byte[] v4) {
        return (v4[0] & 0xff) + "." + (v4[1] & 0xff) + "." + (v4[2] & 0xff) + "." + (v4[3] & 0xff);
    }
}
