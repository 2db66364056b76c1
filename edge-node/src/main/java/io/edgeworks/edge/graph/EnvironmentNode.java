package io.edgeworks.edge.graph;

import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.edge.runtime.EdgeRequest;
import io.edgeworks.edge.runtime.WorkerVersion;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A deployed environment in a graph: its hostname, the one or two versions serving it with their
 * percentages ({@code shares}), every version its bundle carries ({@code versions}: those plus the ones service
 * bindings pin) and whether requests may override its version ({@link VersionOverrides}). {@link #pick} chooses
 * the version for a request, {@link #version} finds a carried one.
 *
 * <p>Split deployments: each request draws a bucket 0..99, and buckets below the newer version's
 * percentage go to the newer version (higher number). A request carrying the header
 * {@value #PIN_HEADER} gets a bucket derived from a SHA-256 of the header's value instead, so the same
 * client always lands on the same version, and raising the newer version's percentage only moves
 * clients from the older version to the newer one, never back.
 */
public record EnvironmentNode(EnvironmentRef ref, String hostname, List<Share> shares, List<WorkerVersion> versions,
                              boolean versionOverrides) {

    public static final String PIN_HEADER = "x-edgeworks-pin";

    /** One version and its share of traffic in percent. */
    public record Share(WorkerVersion version, int percentage) {
    }

    public EnvironmentNode {
        Objects.requireNonNull(ref, "ref");
        shares = shares.stream()
                .sorted((a, b) -> Integer.compare(b.version().number(), a.version().number()))
                .toList();
        if (shares.isEmpty()) {
            throw new IllegalArgumentException(ref + " has no deployed version");
        }
        versions = List.copyOf(versions);
        for (Share share : shares) {
            if (!versions.contains(share.version())) {
                throw new IllegalArgumentException(ref + ": deployed version " + share.version().number() + " is not among its versions");
            }
        }
    }

    /** A node that carries only its deployed versions and allows overrides. */
    public EnvironmentNode(EnvironmentRef ref, String hostname, List<Share> shares) {
        this(ref, hostname, shares, shares.stream().map(Share::version).toList(), true);
    }

    /** The carried version {@code number}, or null. */
    public WorkerVersion version(int number) {
        for (WorkerVersion version : versions) {
            if (version.number() == number) {
                return version;
            }
        }
        return null;
    }

    public WorkerVersion pick(EdgeRequest request) {
        if (shares.size() == 1) {
            return shares.getFirst().version();
        }
        String pin = request.header(PIN_HEADER);
        int bucket = pin == null ? ThreadLocalRandom.current().nextInt(100) : bucket(pin);
        return pickBucket(bucket);
    }

    /** The version for a bucket 0..99: newest version first, each covering its percentage. */
    WorkerVersion pickBucket(int bucket) {
        int upTo = 0;
        for (Share share : shares) {
            upTo += share.percentage();
            if (bucket < upTo) {
                return share.version();
            }
        }
        return shares.getLast().version();
    }

    static int bucket(String pin) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(pin.getBytes(StandardCharsets.UTF_8));
            long n = ((hash[0] & 0xffL) << 24) | ((hash[1] & 0xffL) << 16) | ((hash[2] & 0xffL) << 8) | (hash[3] & 0xffL);
            return (int) (n % 100);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
