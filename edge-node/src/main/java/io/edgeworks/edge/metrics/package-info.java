/** Prometheus metrics and the tenant log. */
package io.edgeworks.edge.metrics;
