package io.edgeworks.bundle;

/** Per-request limits a version asks for. */
public record Limits(int cpuMs) {
    public static final int DEFAULT_CPU_MS = 50;

    public Limits {
        if (cpuMs <= 0) {
            throw new IllegalArgumentException("cpuMs must be positive");
        }
    }

    public static Limits defaults() {
        return new Limits(DEFAULT_CPU_MS);
    }
}
