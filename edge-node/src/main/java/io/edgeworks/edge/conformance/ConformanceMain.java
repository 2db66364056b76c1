package io.edgeworks.edge.conformance;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The conformance command ({@code deploy/local/conformance.sh}): runs the corpus in the edge runtime and
 * prints the per-area table beside workerd's figures, or with {@code --json} one JSON object.
 *
 * <pre>
 * --json                      print {"areas": {...}, "files": {...}} only
 * --files                     also print one line per file (table mode)
 * --filter=REGEX              only files whose path matches
 * --all                       also run the files that need a WPT server (category "network")
 * --threads=N                 worker threads (default: edgeworks.conformance.threads or 2)
 * --write-expectations=FILE   write the expectations list matching this run (keeps existing reasons)
 * </pre>
 */
public final class ConformanceMain {
    private ConformanceMain() {
    }

    public static void main(String[] args) throws IOException {
        boolean json = false;
        boolean perFile = false;
        boolean all = false;
        Pattern filter = null;
        int threads = Integer.getInteger("edgeworks.conformance.threads", 2);
        Path writeTo = null;
        for (String arg : args) {
            if (arg.equals("--json")) {
                json = true;
            } else if (arg.equals("--files")) {
                perFile = true;
            } else if (arg.equals("--all")) {
                all = true;
            } else if (arg.startsWith("--filter=")) {
                filter = Pattern.compile(arg.substring("--filter=".length()));
            } else if (arg.startsWith("--threads=")) {
                threads = Integer.parseInt(arg.substring("--threads=".length()));
            } else if (arg.startsWith("--write-expectations=")) {
                writeTo = Path.of(arg.substring("--write-expectations=".length()));
            } else {
                System.err.println("unknown argument: " + arg
                        + " (use --json, --files, --filter=REGEX, --all, --threads=N, --write-expectations=FILE)");
                System.exit(2);
            }
        }
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        Optional<ConformanceCorpus> found = ConformanceCorpus.locate();
        if (found.isEmpty()) {
            System.err.println("conformance: no WPT corpus at " + ConformanceCorpus.expectedLocation() + " (set -D"
                    + ConformanceCorpus.PROPERTY + " or " + ConformanceCorpus.ENV + "); conformance tier skipped");
            if (json) {
                out.println("{\"areas\":{},\"files\":{}}");
            }
            return;
        }
        ConformanceCorpus corpus = found.get();
        Pattern f = filter;
        boolean includeNetwork = all;
        List<WptTest> tests = corpus.tests().stream()
                .filter(t -> includeNetwork || !t.needsNetwork())
                .filter(t -> f == null || f.matcher(t.path()).find())
                .toList();
        long started = System.nanoTime();
        List<FileResult> results;
        String runtime;
        try (ConformanceRunner runner = new ConformanceRunner(corpus, threads)) {
            runtime = runner.runtimeDescription();
            results = runner.run(tests);
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        ConformanceReport report = new ConformanceReport(results);
        if (writeTo != null) {
            Expectations old = Files.isRegularFile(writeTo)
                    ? Expectations.parse(Files.readString(writeTo, StandardCharsets.UTF_8)) : new Expectations(java.util.Map.of());
            Files.writeString(writeTo, old.updatedWith(results).toJson(), StandardCharsets.UTF_8);
            System.err.println("conformance: wrote " + writeTo);
        }
        if (json) {
            out.println(report.json());
            return;
        }
        WorkerdBaseline baseline = WorkerdBaseline.parse(corpus.hostFile("WORKERD-BASELINE.md"));
        out.printf("WPT conformance of the edge runtime (%s), corpus %s, %d files, %d s%n%n", runtime, corpus.root(),
                results.size(), seconds);
        out.print(report.table(baseline));
        if (perFile) {
            out.println();
            for (FileResult r : results) {
                out.printf("%-70s %6d/%-6d %-8s %6d ms%s%n", r.path(), r.passed(), r.total(), r.harnessStatus(), r.millis(),
                        r.errors().isEmpty() ? "" : "  " + r.errors().getFirst().lines().findFirst().orElse(""));
            }
        }
    }
}
