package io.edgeworks.edge.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * What one tailed invocation produced, gathered on its worker thread: its {@code console.*} lines (at most
 * {@code maxLines}, each cut to {@code maxLineChars} characters; what does not fit sets {@link #truncated()}), the
 * response status, the uncaught error and the limit that ended it. Tenant code is hostile: a worker that logs in a
 * loop fills the buffer once and then costs a counter increment per line. {@link #finish} runs once, when the
 * invocation has ended (after its stream and its {@code ctx.waitUntil()} work), and sends the event.
 */
public abstract class TraceCollector {
    /** One console line: level, text, epoch milliseconds. */
    public record Line(String level, String message, long timestamp) {
    }

    private final int maxLines;
    private final int maxLineChars;
    private final long eventTimestamp = System.currentTimeMillis();
    private final List<Line> lines = new ArrayList<>();
    private int droppedLines;
    private boolean cut;
    private int status;
    private long cpuNanos = -1;
    private long respondedAt;
    private String error;
    private LimitKind limit;
    private boolean finished;

    protected TraceCollector(int maxLines, int maxLineChars) {
        this.maxLines = maxLines;
        this.maxLineChars = maxLineChars;
    }

    synchronized void log(String level, String message) {
        if (finished || lines.size() >= maxLines) {
            droppedLines++;
            return;
        }
        if (message.length() > maxLineChars) {
            message = message.substring(0, maxLineChars) + "… [cut]";
            cut = true;
        }
        lines.add(new Line(level, message, System.currentTimeMillis()));
    }

    /** The response went out (or the outcome of a cron tick or RPC call is known). */
    synchronized void responded(InvocationResult result) {
        status = result.response().status();
        cpuNanos = result.cpuNanos();
        respondedAt = System.currentTimeMillis();
        if (result.limitHit() == null) {
            error = result.error();
        }
    }

    /** The invocation is over; sends the event once. */
    void finished(LimitKind limitHit) {
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            limit = limitHit;
        }
        try {
            finish();
        } catch (RuntimeException e) {
            // a tail never breaks the invocation it watches; the hook counts what it could not send
        }
    }

    /** Builds and sends the event (worker thread, after the invocation ended). */
    protected abstract void finish();

    public long eventTimestamp() {
        return eventTimestamp;
    }

    public synchronized List<Line> lines() {
        return List.copyOf(lines);
    }

    /** Lines that did not fit, or were cut. */
    public synchronized boolean truncated() {
        return droppedLines > 0 || cut;
    }

    public synchronized int droppedLines() {
        return droppedLines;
    }

    /** CPU time of the invocation up to its response, in milliseconds; -1 when it produced none. */
    public synchronized double cpuTimeMillis() {
        return cpuNanos < 0 ? -1 : Math.round(cpuNanos / 10_000.0) / 100.0;
    }

    /** Wall-clock time from the start of the invocation to its response, in milliseconds; -1 when it produced none. */
    public synchronized long wallTimeMillis() {
        return respondedAt == 0 ? -1 : Math.max(0, respondedAt - eventTimestamp);
    }

    /** The response status (0 when none was produced). */
    public synchronized int status() {
        return status;
    }

    /** The uncaught error (or invalid response) the worker ended with, as the runtime describes it; null if none. */
    public synchronized String error() {
        return error;
    }

    /** The limit that ended the invocation, or null. */
    public synchronized LimitKind limit() {
        return limit;
    }
}
