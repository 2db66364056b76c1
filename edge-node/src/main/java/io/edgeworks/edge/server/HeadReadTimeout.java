package io.edgeworks.edge.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Closes a connection that takes longer than {@code edge.http.header-read-timeout-ms} to deliver a request
 * head (slow loris: a client trickles a head byte by byte to hold a connection, which no idle timeout catches
 * because bytes keep coming). One instance per connection, first in its Netty pipeline ({@link
 * HeadReadTimeoutInstaller} puts it there as the connection is accepted). The timer starts when the
 * connection opens and again when its last response in flight ends (keep-alive), so an idle keep-alive
 * connection is also closed after this time; {@link EdgeHttpRoute} stops it when a head has arrived, and a
 * request's own time (body, worker, streamed response) is then bounded by the runtime's limits, not by
 * this. All methods run on the connection's event loop.
 *
 * <p>Cheap per request: a request only records that the connection stopped waiting, and the end of its
 * response when the wait began; one timer per connection checks the deadline when it fires and re-arms
 * itself for what remains, so back-to-back keep-alive requests schedule and cancel nothing.
 */
final class HeadReadTimeout extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = Logger.getLogger(HeadReadTimeout.class);
    static final String NAME = "edgeworks-head-read-timeout";

    private final long timeoutMs;
    private final long timeoutNanos;
    private ChannelHandlerContext ctx;
    /** The pending deadline check, or null. */
    private ScheduledFuture<?> timer;
    private int inFlight;
    /** When the connection began waiting for a request head (System.nanoTime), or 0 while it is not waiting. */
    private long waitingSince;

    HeadReadTimeout(long timeoutMs) {
        this.timeoutMs = timeoutMs;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    }

    /** Called by the route for every request head: stops the timer until the request's response has ended. */
    static void headReceived(RoutingContext rc) {
        if (!(rc.request().connection() instanceof ConnectionBase connection)) {
            return;
        }
        Channel channel = connection.channel();
        HeadReadTimeout watch = channel.pipeline().get(HeadReadTimeout.class);
        if (watch == null) {
            return;
        }
        watch.started();
        rc.addEndHandler(ended -> watch.ended());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive()) {
            arm();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (inFlight == 0) {
            arm();
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        waitingSince = 0;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        super.channelInactive(ctx);
    }

    private void started() {
        inFlight++;
        waitingSince = 0;
    }

    private void ended() {
        if (inFlight > 0 && --inFlight == 0 && ctx.channel().isActive()) {
            arm();
        }
    }

    /** The connection waits for a head from now on. */
    private void arm() {
        waitingSince = Math.max(1, System.nanoTime());
        if (timer == null) {
            schedule(timeoutNanos);
        }
    }

    private void schedule(long delayNanos) {
        timer = ctx.executor().schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void check() {
        timer = null;
        if (inFlight > 0 || waitingSince == 0 || !ctx.channel().isActive()) {
            return; // not waiting: the next arm() schedules a check again
        }
        long remaining = waitingSince + timeoutNanos - System.nanoTime();
        if (remaining > 0) {
            schedule(remaining);
            return;
        }
        LOG.debugf("closing %s: no complete request head within %d ms", ctx.channel().remoteAddress(), timeoutMs);
        ctx.close();
    }
}
