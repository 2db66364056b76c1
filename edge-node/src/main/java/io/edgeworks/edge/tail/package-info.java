/**
 * Live tail on the edge: which environments someone tails ({@link io.edgeworks.edge.tail.TailHub}, fed from the
 * registry in Redis by {@link io.edgeworks.edge.tail.RedisTails}), the filters applied here
 * ({@link io.edgeworks.edge.tail.TailMatch}), the trace event in Cloudflare's tail shape with secrets redacted and
 * sizes bounded ({@link io.edgeworks.edge.tail.TraceEvents}), sent to the tail's Redis channel.
 */
package io.edgeworks.edge.tail;
