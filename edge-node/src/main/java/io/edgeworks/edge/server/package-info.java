/** HTTP entry point (port 8081), dispatch on the current graph, access log, runtime wiring. */
package io.edgeworks.edge.server;
