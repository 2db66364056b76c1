package io.edgeworks.bundle;

import java.util.Objects;

/** A binding a version declares: a name in {@code env} and what it resolves to. */
public sealed interface Binding permits Binding.Service, Binding.Kv {

    /** The name under which the binding appears in the worker's {@code env}. */
    String name();

    /** {@code env.NAME} is a service binding to another environment of the same account. */
    record Service(String name, String service, String environment) implements Binding {
        public Service {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(service, "service");
            environment = environment == null ? "production" : environment;
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
