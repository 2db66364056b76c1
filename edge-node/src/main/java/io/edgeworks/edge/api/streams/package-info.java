/** Streams Standard: ReadableStream, WritableStream, TransformStream, queuing strategies (streams.js over the web-streams-polyfill webjar). */
package io.edgeworks.edge.api.streams;
