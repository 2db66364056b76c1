package io.edgeworks.bundle;

import java.util.Objects;

/**
 * Names one environment of one service of one account, e.g. {@code acme/hello/production}.
 * The key form ({@link #key()}) is how environments are addressed in bundles and in Redis.
 */
public record EnvironmentRef(String account, String service, String environment) implements Comparable<EnvironmentRef> {

    public EnvironmentRef {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(environment, "environment");
        if (account.contains("/") || service.contains("/") || environment.contains("/")) {
            throw new IllegalArgumentException("environment reference parts must not contain '/'");
        }
    }

    /** Parses {@code account/service/environment}. */
    public static EnvironmentRef parse(String key) {
        String[] parts = key.split("/", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("expected account/service/environment, got '" + key + "'");
        }
        return new EnvironmentRef(parts[0], parts[1], parts[2]);
    }

    public String key() {
        return account + "/" + service + "/" + environment;
    }

    @Override
    public int compareTo(EnvironmentRef other) {
        return key().compareTo(other.key());
    }

    @Override
    public String toString() {
        return key();
    }
}
