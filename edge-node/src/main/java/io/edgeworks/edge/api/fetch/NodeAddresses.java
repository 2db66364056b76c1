package io.edgeworks.edge.api.fetch;

import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The addresses of this machine's own network interfaces, which fetch() must not reach: a public
 * address of the node leads back to the edge itself (a request loop that escapes the binding depth
 * limit) or to whatever else listens on it (admin ports, metrics). Read with {@link NetworkInterface}
 * at start and again every {@link #REFRESH_MS} (addresses change with DHCP, cloud re-IPs, new
 * interfaces), off the event loop. Compared by address bytes only (an IPv6 scope does not matter).
 */
public final class NodeAddresses {
    /** How often the interfaces are read again. */
    public static final long REFRESH_MS = 60_000;
    private static final Logger LOG = Logger.getLogger(NodeAddresses.class);

    private volatile Set<ByteBuffer> addresses;

    private NodeAddresses(Set<ByteBuffer> addresses) {
        this.addresses = addresses;
    }

    /** The interfaces' addresses as they are now. */
    public static NodeAddresses scan() {
        Set<ByteBuffer> now = read();
        return new NodeAddresses(now == null ? Set.of() : now);
    }

    /** A fixed set (tests). */
    public static NodeAddresses of(Collection<InetAddress> addresses) {
        Set<ByteBuffer> set = new HashSet<>();
        addresses.forEach(a -> set.add(ByteBuffer.wrap(a.getAddress())));
        return new NodeAddresses(Set.copyOf(set));
    }

    public boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    /** Whether these 4 or 16 bytes are one of the node's addresses. */
    boolean contains(byte[] address) {
        return addresses.contains(ByteBuffer.wrap(address));
    }

    /** Reads the interfaces again every {@link #REFRESH_MS} on a Vert.x worker (a netlink round trip each time). */
    public void refreshEvery(Vertx vertx) {
        vertx.setPeriodic(REFRESH_MS, id -> vertx.executeBlocking(() -> {
            Set<ByteBuffer> now = read();
            if (now != null) {
                addresses = now; // else keep what we had
            }
            return null;
        }, false));
    }

    /** The addresses now, or null when the interfaces cannot be listed. */
    private static Set<ByteBuffer> read() {
        Set<ByteBuffer> set = new HashSet<>();
        try {
            var interfaces = NetworkInterface.getNetworkInterfaces();
            while (interfaces != null && interfaces.hasMoreElements()) {
                interfaces.nextElement().inetAddresses().forEach(a -> set.add(ByteBuffer.wrap(a.getAddress())));
            }
        } catch (SocketException e) {
            // The other rules still refuse loopback and private ranges.
            LOG.warnf("could not list this node's network interfaces: %s", e.getMessage());
            return null;
        }
        return Set.copyOf(set);
    }
}
