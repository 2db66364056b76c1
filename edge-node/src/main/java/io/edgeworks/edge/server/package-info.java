/** HTTP entry point (port 8081; health and metrics on the management port), wire rules, dispatch on the current graph, access log, runtime wiring. */
package io.edgeworks.edge.server;
