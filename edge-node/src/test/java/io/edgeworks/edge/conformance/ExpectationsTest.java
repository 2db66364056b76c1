package io.edgeworks.edge.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The comparison rules of the expectations list, without the corpus. */
class ExpectationsTest {
    private static final WptTest FILE = new WptTest("url/x.any.js", "pure", List.of(), false);

    private static FileResult result(SubtestResult... subtests) {
        return new FileResult(FILE, "OK", null, List.of(subtests), List.of(), 1);
    }

    private static Expectations listing(int total, Map<String, String> failing) {
        return new Expectations(Map.of(FILE.path(), new Expectations.FileExpectation(total, failing)));
    }

    @Test
    void matchingRunHasNoProblems() {
        Expectations e = listing(2, Map.of("b", "not implemented"));
        assertEquals(List.of(), e.compare(List.of(result(new SubtestResult("a", "PASS", null),
                new SubtestResult("b", "FAIL", "assert_equals")))));
    }

    @Test
    void listedSubtestThatPassesAsksToUpdateTheList() {
        Expectations e = listing(1, Map.of("a", "not implemented"));
        List<String> problems = e.compare(List.of(result(new SubtestResult("a", "PASS", null))));
        assertEquals(1, problems.size());
        assertTrue(problems.getFirst().contains("passes now") && problems.getFirst().contains("update the list"), problems.toString());
    }

    @Test
    void unlistedFailureIsARegression() {
        Expectations e = listing(1, Map.of());
        List<String> problems = e.compare(List.of(result(new SubtestResult("a", "TIMEOUT", "took too long"))));
        assertEquals(1, problems.size());
        assertTrue(problems.getFirst().contains("regression") && problems.getFirst().contains("TIMEOUT"), problems.toString());
    }

    @Test
    void fewerSubtestsThanListedIsARegression() {
        Expectations e = listing(2, Map.of());
        List<String> problems = e.compare(List.of(result(new SubtestResult("a", "PASS", null))));
        assertTrue(problems.size() == 1 && problems.getFirst().contains("regression"), problems.toString());
    }

    @Test
    void updatedListKeepsReasonsAndSurvivesLoneSurrogates() {
        String odd = "decode \ud800 alone";
        Expectations e = listing(2, Map.of("b", "hand-written reason"));
        Expectations updated = e.updatedWith(List.of(result(new SubtestResult(odd, "FAIL", "line one\nline two"),
                new SubtestResult("b", "FAIL", "x"))));
        Expectations reread = Expectations.parse(updated.toJson());
        Map<String, String> failing = reread.files().get(FILE.path()).failing();
        assertEquals("hand-written reason", failing.get("b"));
        assertEquals("FAIL: line one line two", failing.get(odd));
    }
}
