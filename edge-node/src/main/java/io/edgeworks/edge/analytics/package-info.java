/**
 * Per-minute traffic aggregates of each environment version on this node ({@link io.edgeworks.edge.analytics.MinuteAggregator}),
 * shipped to the control plane through Redis as {@link io.edgeworks.bundle.AnalyticsBatch}es.
 */
package io.edgeworks.edge.analytics;
