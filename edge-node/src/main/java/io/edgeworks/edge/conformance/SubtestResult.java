package io.edgeworks.edge.conformance;

/**
 * One subtest outcome as testharness.js reports it.
 *
 * @param status {@code PASS}, {@code FAIL}, {@code TIMEOUT}, {@code NOTRUN} or {@code PRECONDITION_FAILED}
 */
public record SubtestResult(String name, String status, String message) {
    public boolean passed() {
        return "PASS".equals(status);
    }
}
