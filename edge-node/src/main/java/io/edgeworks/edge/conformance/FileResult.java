package io.edgeworks.edge.conformance;

import java.util.List;

/**
 * What one test file produced.
 *
 * @param harnessStatus testharness.js's status ({@code OK}, {@code ERROR}, {@code TIMEOUT}, …), or
 *                      {@code CRASH} when the runtime could not run the file at all
 * @param errors        exceptions thrown while evaluating the scripts
 * @param millis        wall time of the file
 */
public record FileResult(WptTest test, String harnessStatus, String harnessMessage, List<SubtestResult> subtests,
                         List<String> errors, long millis) {
    public FileResult {
        subtests = List.copyOf(subtests);
        errors = List.copyOf(errors);
    }

    public String path() {
        return test.path();
    }

    public long passed() {
        return subtests.stream().filter(SubtestResult::passed).count();
    }

    public int total() {
        return subtests.size();
    }
}
