package io.edgeworks.edge.server;

import io.edgeworks.edge.config.EdgeConfig;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.quarkus.runtime.Quarkus;
import io.quarkus.vertx.http.HttpServerStart;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.HttpServerImpl;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.impl.ServerID;
import io.vertx.core.net.impl.TCPServerBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import java.lang.reflect.Field;
import org.jboss.logging.Logger;

/**
 * Puts a {@link HeadReadTimeout} first in the pipeline of every connection the public HTTP port accepts.
 *
 * <p>Why this way: the timer must start when a connection is accepted, before any request exists, and
 * neither Quarkus nor Vert.x 4 lets an application see a connection then (Vert.x's connection handler is
 * called later, and Quarkus takes it for {@code quarkus.http.limits.max-connections}); Quarkus' idle and read
 * timeouts reset on every byte, so a trickled head never trips them. So once Quarkus reports the public
 * server listening ({@link HttpServerStart}), this adds a handler to the listening socket's own Netty pipeline
 * that sees each accepted connection. Finding that socket needs one private field of Vert.x
 * ({@code TCPServerBase.bindFuture}); when a Vert.x upgrade moves it, the edge refuses to run with a message
 * saying so rather than run without the protection ({@code HeadReadTimeoutTest} fails first).
 */
@ApplicationScoped
public class HeadReadTimeoutInstaller {
    private static final Logger LOG = Logger.getLogger(HeadReadTimeoutInstaller.class);

    private final Vertx vertx;
    private final long timeoutMs;

    public HeadReadTimeoutInstaller(Vertx vertx, EdgeConfig config) {
        this.vertx = vertx;
        this.timeoutMs = config.http().headerReadTimeoutMs();
    }

    synchronized void install(@ObservesAsync HttpServerStart start) {
        if (timeoutMs <= 0) {
            LOG.warn("edge.http.header-read-timeout-ms is 0: a client may take any time to send a request head");
            return;
        }
        Channel listening;
        try {
            listening = listeningChannel(start.options());
        } catch (IllegalStateException e) {
            LOG.error(e.getMessage(), e);
            Quarkus.asyncExit(1);
            return;
        }
        if (listening.pipeline().get(AcceptHook.class) != null) {
            return; // Quarkus reports each event-loop instance of the shared server
        }
        listening.pipeline().addFirst(new AcceptHook(timeoutMs));
        LOG.infof("request heads must arrive within %d ms (edge.http.header-read-timeout-ms) on %s", timeoutMs,
                listening.localAddress());
    }

    private Channel listeningChannel(HttpServerOptions options) {
        int port = options.getPort();
        String host = options.getHost();
        // Vert.x's key of a shared server (TCPServerBase.listen): a negative port is a random port shared by name
        ServerID id = port < 0 ? new ServerID(port, host + "/" + -port) : new ServerID(port, host);
        HttpServerImpl server = ((VertxInternal) vertx).sharedHttpServers().get(id);
        if (server == null) {
            throw new IllegalStateException("edge.http.header-read-timeout-ms: no listening HTTP server " + id
                    + " found; set edge.http.header-read-timeout-ms=0 to run without the head timeout");
        }
        try {
            Field bind = TCPServerBase.class.getDeclaredField("bindFuture");
            bind.setAccessible(true);
            @SuppressWarnings("unchecked")
            Future<Channel> channel = (Future<Channel>) bind.get(server);
            return channel.result();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("edge.http.header-read-timeout-ms cannot be enforced with this Vert.x ("
                    + e + "); see HeadReadTimeoutInstaller, or set it to 0 to run without it", e);
        }
    }

    /** On the listening socket's pipeline: each message is an accepted connection, not yet initialized by Vert.x. */
    @ChannelHandler.Sharable
    private static final class AcceptHook extends ChannelInboundHandlerAdapter {
        private final long timeoutMs;

        AcceptHook(long timeoutMs) {
            this.timeoutMs = timeoutMs;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof Channel child) {
                child.pipeline().addFirst(HeadReadTimeout.NAME, new HeadReadTimeout(timeoutMs));
            }
            super.channelRead(ctx, msg);
        }
    }
}
