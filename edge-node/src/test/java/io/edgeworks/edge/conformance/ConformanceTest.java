package io.edgeworks.edge.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The WPT conformance tier: runs the whole corpus (minus the files that need a WPT server) in the edge
 * runtime and compares every subtest with {@code conformance/expectations.json}. Fails when a listed
 * subtest passes (update the list) or an unlisted one fails (regression). Skipped when the corpus is not
 * checked out next to the repository ({@code ../shared/conformance}, or {@code EDGEWORKS_CONFORMANCE_DIR}).
 */
class ConformanceTest {

    @Test
    void corpusMatchesTheExpectationsList() throws IOException {
        Optional<ConformanceCorpus> corpus = ConformanceCorpus.locate();
        assumeTrue(corpus.isPresent(), "no WPT corpus at " + ConformanceCorpus.expectedLocation()
                + ": conformance tier skipped");
        Expectations expectations = Expectations.parse(resource("/conformance/expectations.json"));
        List<WptTest> tests = corpus.get().tests().stream().filter(t -> !t.needsNetwork()).toList();

        long started = System.nanoTime();
        List<FileResult> results;
        String runtime;
        try (ConformanceRunner runner = new ConformanceRunner(corpus.get(), Integer.getInteger("edgeworks.conformance.threads", 2))) {
            runtime = runner.runtimeDescription();
            results = runner.run(tests);
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        ConformanceReport report = new ConformanceReport(results);
        System.out.printf("WPT conformance (%s): %d files, %d/%d subtests pass, %d s%n%s", runtime, results.size(),
                report.passed(), report.total(), seconds, report.table(null));

        List<String> problems = expectations.compare(results);
        assertTrue(problems.isEmpty(), problems.size() + " differences from conformance/expectations.json "
                + "(regenerate with deploy/local/conformance.sh --write-expectations=edge-node/src/test/resources/"
                + "conformance/expectations.json once the change is intended):\n" + String.join("\n",
                problems.subList(0, Math.min(problems.size(), 60))));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ConformanceTest.class.getResourceAsStream(name)) {
            assertTrue(in != null, "missing test resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
