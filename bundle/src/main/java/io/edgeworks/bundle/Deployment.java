package io.edgeworks.bundle;

import java.util.List;

/** Which version(s) of an environment serve traffic: one at 100, or two whose percentages sum to 100. */
public record Deployment(List<Split> versions) {

    public record Split(int number, int percentage) {
        public Split {
            if (percentage < 0 || percentage > 100) {
                throw new IllegalArgumentException("percentage must be within 0..100");
            }
        }
    }

    public Deployment {
        versions = List.copyOf(versions);
        if (versions.isEmpty() || versions.size() > 2) {
            throw new IllegalArgumentException("a deployment has one or two versions");
        }
        int sum = versions.stream().mapToInt(Split::percentage).sum();
        if (sum != 100) {
            throw new IllegalArgumentException("percentages must sum to 100, got " + sum);
        }
    }

    public static Deployment single(int number) {
        return new Deployment(List.of(new Split(number, 100)));
    }
}
