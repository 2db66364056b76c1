package io.edgeworks.bundle;

import java.util.List;

/** Which version(s) of an environment serve traffic: one at 100, or two whose percentages sum to 100. */
public record Deployment(List<Split> versions) {

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

    public Deployment {
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
}
