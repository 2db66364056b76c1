package io.edgeworks.bundle;

import java.util.Objects;

/** A binding a version declares: a name in {@code env} and what it resolves to. */
public sealed interface Binding permits Binding.Service, Binding.Kv {

    /** The name under which the binding appears in the worker's {@code env}. */
    String name();

    /**
     * {@code env.NAME} is a service binding to another environment of the same account.
     *
     * <p>As a version declares it, {@code environment} may be null: the binding <em>follows</em>, reaching the
     * same-named environment of {@code service} when that exists, else its production. The control plane
     * resolves it when it publishes, so in a bundle {@code environment} is always set ({@link #resolvedTo}).
     * {@code version}, when set, pins a version number of the target instead of its deployment;
     * {@code entrypoint}, when set, names the exported {@code WorkerEntrypoint} class that RPC calls reach
     * (null: the default export).
     */
    record Service(String name, String service, String environment, Integer version, String entrypoint) implements Binding {
        public Service {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(service, "service");
            if (version != null && version < 1) {
                throw new IllegalArgumentException("binding " + name + ": version must be 1 or more, got " + version);
            }
        }

        /** A binding to {@code environment} of {@code service} (null: follows), no pin, the default entrypoint. */
        public Service(String name, String service, String environment) {
            this(name, service, environment, null, null);
        }

        /** True when the binding names no environment and so follows the caller's. */
        public boolean follows() {
            return environment == null;
        }

        /** The same binding reaching {@code resolved} (what a bundle carries for a following one). */
        public Service resolvedTo(String resolved) {
            return new Service(name, service, Objects.requireNonNull(resolved, "resolved"), version, entrypoint);
        }
    }

    /**
     * {@code env.NAME} is a KV namespace of the same account. {@code namespaceId} is the stable id the
     * control plane gave the namespace (storage keys use it, so renaming never moves data).
     */
    record Kv(String name, String namespace, String namespaceId) implements Binding {
        public Kv {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(namespaceId, "namespaceId");
        }
    }
}
