package io.edgeworks.edge.conformance;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The WPT corpus on disk: {@code manifest.json}, the host files ({@code wpt-prelude.js},
 * {@code run-harness.js}), {@code WORKERD-BASELINE.md} and the {@code wpt/} tree.
 */
public final class ConformanceCorpus {
    /** System property naming the corpus directory. */
    public static final String PROPERTY = "edgeworks.conformance.dir";
    /** Environment variable naming the corpus directory (the property wins). */
    public static final String ENV = "EDGEWORKS_CONFORMANCE_DIR";

    private final Path root;
    private final List<WptTest> tests;

    private ConformanceCorpus(Path root, List<WptTest> tests) {
        this.root = root;
        this.tests = List.copyOf(tests);
    }

    /**
     * Where the corpus is expected: {@value #PROPERTY}, else {@value #ENV}, else {@code ../shared/conformance}
     * relative to the repository root (the first directory upwards from the working directory holding
     * both {@code pom.xml} and {@code edge-node/}).
     */
    public static Path expectedLocation() {
        String configured = System.getProperty(PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(ENV);
        }
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("edge-node"))) {
                return p.resolve("../shared/conformance").normalize();
            }
        }
        return dir.resolve("../shared/conformance").normalize();
    }

    /** The corpus at {@link #expectedLocation()}, or empty when it is not there. */
    public static Optional<ConformanceCorpus> locate() {
        Path root = expectedLocation();
        return Files.isRegularFile(root.resolve("manifest.json")) ? Optional.of(open(root)) : Optional.empty();
    }

    public static ConformanceCorpus open(Path root) {
        JsonObject manifest = new JsonObject(read(root.resolve("manifest.json")));
        List<WptTest> tests = new ArrayList<>();
        JsonArray list = manifest.getJsonArray("tests");
        for (int i = 0; i < list.size(); i++) {
            JsonObject t = list.getJsonObject(i);
            List<String> scripts = new ArrayList<>();
            t.getJsonArray("scripts", new JsonArray()).forEach(s -> scripts.add(String.valueOf(s)));
            tests.add(new WptTest(t.getString("path"), t.getString("category", "pure"), scripts,
                    "long".equals(t.getString("timeout"))));
        }
        return new ConformanceCorpus(root, tests);
    }

    public Path root() {
        return root;
    }

    public List<WptTest> tests() {
        return tests;
    }

    /** A host file of the corpus ({@code wpt-prelude.js}, {@code run-harness.js}, …) as text. */
    public String hostFile(String name) {
        return read(root.resolve(name));
    }

    /** A file under {@code wpt/} as text; fails when it is missing. */
    public String wptText(String path) {
        byte[] bytes = wptBytes(path);
        if (bytes == null) {
            throw new IllegalArgumentException("missing corpus file wpt/" + path);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A file under {@code wpt/} as bytes, or null when absent or outside the tree. */
    public byte[] wptBytes(String path) {
        Path wpt = root.resolve("wpt").normalize();
        Path file = wpt.resolve(path).normalize();
        if (!file.startsWith(wpt) || !Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return null;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
