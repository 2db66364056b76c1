package io.edgeworks.bundle;

import java.util.List;

/**
 * Which version(s) of an environment serve traffic: one at 100, or two whose percentages sum to 100.
 * {@code sequence} orders the deployments of the platform (platform-api's {@code deployments.seq}, never
 * reused): an edge node refuses a bundle whose root deployment is older than the one it already serves
 * for that environment (no rollback by replaying an old signed bundle). 0 means "unknown" (tests).
 */
public record Deployment(List<Split> versions, long sequence) {

    public record Split(int number, int percentage) {
        public Split {
            if (number < 1) {
                throw new IllegalArgumentException("version number must be >= 1, got " + number);
            }
            if (percentage < 0 || percentage > 100) {
                throw new IllegalArgumentException("percentage must be within 0..100, got " + percentage);
            }
        }
    }

    public Deployment(List<Split> versions) {
        this(versions, 0);
    }

    public Deployment {
        if (sequence < 0) {
            throw new IllegalArgumentException("deployment sequence must be >= 0, got " + sequence);
        }
        versions = List.copyOf(versions);
        if (versions.isEmpty() || versions.size() > 2) {
            throw new IllegalArgumentException("a deployment has one or two versions");
        }
        if (versions.size() == 2 && versions.get(0).number() == versions.get(1).number()) {
            throw new IllegalArgumentException("a split deployment needs two different versions, got "
                    + versions.get(0).number() + " twice");
        }
        int sum = versions.stream().mapToInt(Split::percentage).sum();
        if (sum != 100) {
            throw new IllegalArgumentException("percentages must sum to 100, got " + sum);
        }
    }

    public static Deployment single(int number) {
        return new Deployment(List.of(new Split(number, 100)));
    }

    public static Deployment single(int number, long sequence) {
        return new Deployment(List.of(new Split(number, 100)), sequence);
    }
}
