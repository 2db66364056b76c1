package io.edgeworks.edge.api.fetch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Which addresses outbound fetch() may connect to. By default only public unicast addresses: no
 * loopback, unspecified, private (RFC 1918), shared (RFC 6598), link-local (incl. 169.254.169.254
 * metadata), unique-local IPv6, multicast, or IPv4-mapped forms of those. The check is made on the
 * resolved address that is then connected to, so DNS cannot rebind past it.
 */
public final class AddressPolicy {
    private final boolean allowPrivate;

    public AddressPolicy(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** Null when allowed, else why not. */
    public String check(InetAddress address) {
        if (allowPrivate) {
            return null;
        }
        InetAddress a = unmap(address);
        if (a.isLoopbackAddress()) {
            return "loopback address " + a.getHostAddress();
        }
        if (a.isAnyLocalAddress()) {
            return "unspecified address " + a.getHostAddress();
        }
        if (a.isLinkLocalAddress()) {
            return "link-local address " + a.getHostAddress();
        }
        if (a.isSiteLocalAddress()) {
            return "private address " + a.getHostAddress();
        }
        if (a.isMulticastAddress()) {
            return "multicast address " + a.getHostAddress();
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0 || first >= 240 || (first == 100 && second >= 64 && second < 128)
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) || (first == 198 && (second == 18 || second == 19))) {
                return "reserved address " + a.getHostAddress();
            }
        } else if (a instanceof Inet6Address && ((b[0] & 0xfe) == 0xfc)) {
            return "unique-local address " + a.getHostAddress();
        }
        return null;
    }

    private static InetAddress unmap(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address && b.length == 16) {
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            mapped &= (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
            if (mapped) {
                try {
                    return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (java.net.UnknownHostException e) {
                    return address;
                }
            }
        }
        return address;
    }
}
