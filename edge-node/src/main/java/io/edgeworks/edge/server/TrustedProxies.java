package io.edgeworks.edge.server;

import io.edgeworks.edge.api.fetch.AddressRange;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The peers whose {@code X-Forwarded-*} headers the edge believes ({@code edge.http.trusted-proxies}: addresses
 * and CIDR ranges, IPv4 or IPv6; empty = nobody). Anyone can send {@code X-Forwarded-Proto: https}; only a
 * TLS-terminating proxy the operator names may decide the scheme that https-only custom routes match on.
 * Entries are IP literals, never names, so that no lookup happens per request and a typo fails at start.
 *
 * <p>Quarkus' own {@code quarkus.http.proxy.*} was considered: with forwarding on and no
 * {@code trusted-proxies} it trusts every peer, and it rewrites the request for every route; the edge needs
 * only the scheme, and "empty means nobody".
 */
final class TrustedProxies {
    private final List<AddressRange> networks = new ArrayList<>();

    TrustedProxies(List<String> entries) {
        for (String raw : entries) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int slash = entry.indexOf('/');
            byte[] address = literal(slash < 0 ? entry : entry.substring(0, slash), raw);
            int prefix = address.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > address.length * 8) {
                    throw new IllegalArgumentException("edge.http.trusted-proxies: bad prefix length in '" + raw + "'");
                }
            }
            networks.add(new AddressRange(address, prefix, "trusted proxy"));
        }
    }

    boolean isEmpty() {
        return networks.isEmpty();
    }

    /** Whether the peer at {@code host} (an IP literal, as Vert.x gives the remote address) is a trusted proxy. */
    boolean trusts(String host) {
        if (networks.isEmpty() || host == null) {
            return false;
        }
        byte[] address;
        try {
            address = literal(host, host);
        } catch (IllegalArgumentException e) {
            return false;
        }
        for (AddressRange network : networks) {
            if (network.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** The bytes of an IPv4 or IPv6 literal (an IPv4-mapped IPv6 address as IPv4); never a DNS lookup. */
    private static byte[] literal(String text, String entry) {
        String s = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        boolean ipv4 = !s.isEmpty() && s.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
        boolean ipv6 = s.indexOf(':') >= 0 && s.chars().allMatch(c -> c == ':' || c == '.' || c == '%'
                || Character.digit(c, 16) >= 0 || Character.isLetterOrDigit(c));
        if (!ipv4 && !ipv6) {
            throw new IllegalArgumentException("edge.http.trusted-proxies: '" + entry + "' is not an IP address or CIDR range");
        }
        try {
            return InetAddress.getByName(s).getAddress(); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("edge.http.trusted-proxies: '" + entry + "' is not an IP address or CIDR range", e);
        }
    }
}
