package io.edgeworks.edge.runtime;

import io.edgeworks.bundle.EnvironmentRef;

/**
 * What the runtime reports outward (metrics, tenant log shipping). Methods run on worker threads, except the
 * compiler's ({@link #compiled}, {@link #compileDeferred}), which run on the JIT compiler's or a worker thread.
 */
public interface RuntimeEvents {

    default void limitHit(WorkerVersion version, LimitKind kind) {
    }

    default void tenantLog(LogLine line) {
    }

    default void subrequest(WorkerVersion version, String kind) {
    }

    /** A request of {@code version} was refused before it ran (its account is over its share of the node). */
    default void refused(WorkerVersion version, String reason) {
    }

    /** {@code caller} made a service binding call (fetch or RPC) that reached an environment, {@code target}. */
    default void bindingCall(WorkerVersion caller, EnvironmentRef target) {
    }

    /** The JIT compiler spent {@code cpuNanos} compiling code of {@code account} (see {@link CompileBudget}). */
    default void compiled(String account, long cpuNanos) {
    }

    /** A compilation of {@code account}'s code was deferred: its share of the JIT compiler is used up. */
    default void compileDeferred(String account) {
    }

    /** Reports every event to {@code first}, then to {@code second}. */
    static RuntimeEvents both(RuntimeEvents first, RuntimeEvents second) {
        return new RuntimeEvents() {
            @Override
            public void limitHit(WorkerVersion version, LimitKind kind) {
                first.limitHit(version, kind);
                second.limitHit(version, kind);
            }

            @Override
            public void tenantLog(LogLine line) {
                first.tenantLog(line);
                second.tenantLog(line);
            }

            @Override
            public void subrequest(WorkerVersion version, String kind) {
                first.subrequest(version, kind);
                second.subrequest(version, kind);
            }

            @Override
            public void refused(WorkerVersion version, String reason) {
                first.refused(version, reason);
                second.refused(version, reason);
            }

            @Override
            public void bindingCall(WorkerVersion caller, EnvironmentRef target) {
                first.bindingCall(caller, target);
                second.bindingCall(caller, target);
            }

            @Override
            public void compiled(String account, long cpuNanos) {
                first.compiled(account, cpuNanos);
                second.compiled(account, cpuNanos);
            }

            @Override
            public void compileDeferred(String account) {
                first.compileDeferred(account);
                second.compileDeferred(account);
            }
        };
    }

    RuntimeEvents NONE = new RuntimeEvents() {
    };
}
