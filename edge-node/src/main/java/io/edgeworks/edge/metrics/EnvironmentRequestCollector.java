package io.edgeworks.edge.metrics;

import io.prometheus.client.Collector;
import java.util.ArrayList;
import java.util.List;

/**
 * Exports {@link EnvironmentRequestStats} on the Prometheus registry under the names, types and labels the Micrometer
 * meters it replaced had ({@code /q/metrics} is unchanged for its readers):
 * <ul>
 *   <li>{@code edge_requests_total{account,environment,service,status_class}} (counter; a status class appears with its
 *       first request)</li>
 *   <li>{@code edge_request_duration_seconds_count/_sum} (summary) and {@code edge_request_duration_seconds_max}
 *       (gauge, the last one to two minutes)</li>
 *   <li>{@code edge_request_cpu_ms_count/_sum} and {@code edge_request_cpu_ms_max}, the same for the worker's CPU time</li>
 * </ul>
 */
final class EnvironmentRequestCollector extends Collector {
    private static final List<String> LABELS = List.of("account", "environment", "service");
    private static final List<String> STATUS_LABELS = List.of("account", "environment", "service", "status_class");

    private final EnvironmentRequestStats stats;

    EnvironmentRequestCollector(EnvironmentRequestStats stats) {
        this.stats = stats;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        List<EnvironmentRequestStats.Snapshot> all = stats.snapshot();
        List<MetricFamilySamples.Sample> requests = new ArrayList<>(all.size());
        List<MetricFamilySamples.Sample> duration = new ArrayList<>(2 * all.size());
        List<MetricFamilySamples.Sample> durationMax = new ArrayList<>(all.size());
        List<MetricFamilySamples.Sample> cpu = new ArrayList<>(2 * all.size());
        List<MetricFamilySamples.Sample> cpuMax = new ArrayList<>(all.size());
        for (EnvironmentRequestStats.Snapshot s : all) {
            List<String> values = List.of(s.environment().account(), s.environment().environment(), s.environment().service());
            long[] statuses = s.byStatusClass();
            for (int i = 0; i < statuses.length; i++) {
                if (statuses[i] > 0) {
                    requests.add(new MetricFamilySamples.Sample("edge_requests_total", STATUS_LABELS,
                            List.of(values.get(0), values.get(1), values.get(2), EnvironmentRequestStats.STATUS_CLASSES[i]),
                            statuses[i]));
                }
            }
            duration.add(new MetricFamilySamples.Sample("edge_request_duration_seconds_count", LABELS, values, s.count()));
            duration.add(new MetricFamilySamples.Sample("edge_request_duration_seconds_sum", LABELS, values, s.durationNanos() / 1e9));
            durationMax.add(new MetricFamilySamples.Sample("edge_request_duration_seconds_max", LABELS, values, s.maxDurationNanos() / 1e9));
            cpu.add(new MetricFamilySamples.Sample("edge_request_cpu_ms_count", LABELS, values, s.count()));
            cpu.add(new MetricFamilySamples.Sample("edge_request_cpu_ms_sum", LABELS, values, s.cpuNanos() / 1e6));
            cpuMax.add(new MetricFamilySamples.Sample("edge_request_cpu_ms_max", LABELS, values, s.maxCpuNanos() / 1e6));
        }
        return List.of(
                new MetricFamilySamples("edge_requests", Type.COUNTER,
                        "Requests this node answered, by environment and status class", requests),
                new MetricFamilySamples("edge_request_duration_seconds", Type.SUMMARY,
                        "Wall-clock time of this node's requests, by environment", duration),
                new MetricFamilySamples("edge_request_duration_seconds_max", Type.GAUGE,
                        "Longest request of the last one to two minutes, by environment", durationMax),
                new MetricFamilySamples("edge_request_cpu_ms", Type.SUMMARY,
                        "Worker CPU time of this node's requests in milliseconds, by environment", cpu),
                new MetricFamilySamples("edge_request_cpu_ms_max", Type.GAUGE,
                        "Most worker CPU time of one request in the last one to two minutes, by environment", cpuMax));
    }
}
