package io.edgeworks.edge.runtime;

/** Which limit ended a request; the label appears in logs and in metrics. */
public enum LimitKind {
    CPU("cpu time"),
    WALL_CLOCK("wall-clock time"),
    STREAM_IDLE("stream idle time"),
    STARTUP("start-up cpu time"),
    MEMORY("allocated bytes"),
    SUBREQUESTS("subrequests"),
    KV_OPERATIONS("KV operations"),
    BINDING_DEPTH("service binding depth"),
    MODULE_SIZE("module size");

    private final String label;

    LimitKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public String metricTag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
