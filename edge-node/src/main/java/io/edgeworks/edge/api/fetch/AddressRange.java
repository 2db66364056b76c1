package io.edgeworks.edge.api.fetch;

import java.net.InetAddress;

/**
 * A CIDR block ({@code 2001:db8::/32}) and what it is, for {@link AddressPolicy}'s tables: written as text
 * so each table row reads like the RFC that defines it, parsed once with {@link InetAddress#ofLiteral} (never DNS).
 * Also the edge's trusted-proxy ranges ({@code server.TrustedProxies}): one prefix match for both.
 */
public record AddressRange(byte[] prefix, int bits, String kind) {

    static AddressRange of(String cidr, String kind) {
        int slash = cidr.indexOf('/');
        String literal = cidr.substring(0, slash);
        byte[] prefix = InetAddress.ofLiteral(literal).getAddress();
        if (literal.contains(":") && prefix.length == 4) {
            // ofLiteral turns ::ffff:a.b.c.d into IPv4; the table means the IPv6 form.
            byte[] v6 = new byte[16];
            v6[10] = (byte) 0xff;
            v6[11] = (byte) 0xff;
            System.arraycopy(prefix, 0, v6, 12, 4);
            prefix = v6;
        }
        int bits = Integer.parseInt(cidr.substring(slash + 1));
        if (bits < 0 || bits > prefix.length * 8) {
            throw new IllegalArgumentException("bad prefix length in " + cidr);
        }
        return new AddressRange(prefix, bits, kind);
    }

    /** Whether the address (4 or 16 bytes, of this range's family) starts with this prefix. */
    public boolean contains(byte[] address) {
        if (address.length != prefix.length) {
            return false;
        }
        int whole = bits / 8;
        for (int i = 0; i < whole; i++) {
            if (address[i] != prefix[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (address[whole] & mask) == (prefix[whole] & mask);
    }
}
