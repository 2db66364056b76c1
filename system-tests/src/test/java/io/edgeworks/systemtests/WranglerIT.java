package io.edgeworks.systemtests;

import io.edgeworks.systemtests.support.Background;
import io.edgeworks.systemtests.support.Api;
import io.edgeworks.systemtests.support.Edge;
import io.edgeworks.systemtests.support.Poll;
import io.edgeworks.systemtests.support.Reply;
import io.edgeworks.systemtests.support.Stack;
import io.edgeworks.systemtests.support.Tenant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pinned wrangler (4.86.0, from npm, cached under {@code $EDGEWORKS_STATE_DIR/wrangler-4.86.0}) against the running
 * stack's Cloudflare-compatible API (README "Deploy with wrangler"), on a copy of the sample project
 * ({@code src/test/resources/wrangler/project}, rewritten to this test's account, a domain it verified and its KV
 * namespaces). Every command runs as in CI: no stdin unless piped, {@code CI=true}, no telemetry, no update check,
 * a scratch config home. Results are checked at the edge.
 */
class WranglerIT {
    static final String VERSION = "4.86.0";
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern HEX32 = Pattern.compile("\\b[0-9a-f]{32}\\b");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);

    private static Api alice;
    private static Tenant tenant;
    private static Path wrangler;
    private static Path project;
    private static Path home;

    @BeforeAll
    static void setUp() throws Exception {
        Stack.require(Stack.Part.API, Stack.Part.KEYCLOAK, Stack.Part.EDGE);
        wrangler = install();
        alice = Api.as("alice");
        tenant = Tenant.create(alice, "wrangler");
        project = Files.createTempDirectory("wrangler-project");
        home = Files.createTempDirectory("wrangler-home");
        copy(Path.of(WranglerIT.class.getResource("/wrangler/project/wrangler.toml").toURI()).getParent(), project);
    }

    @AfterAll
    static void tearDown() throws IOException {
        Tenant.deleteCreated();
        for (Path dir : new Path[]{project, home}) {
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    @Test
    void wranglerDeploysVersionsSecretsAndKvToTheEdge() throws Exception {
        String slug = tenant.slug();
        String domain = slug + ".test";
        tenant.verifiedDomain(domain);

        // independent commands run side by side (each wrangler start costs seconds)
        List<String> first = runAll(List.of("whoami"), List.of("kv", "namespace", "create", "cache"),
                List.of("kv", "namespace", "create", "cache-staging"));
        assertTrue(first.get(0).contains(slug), first.get(0));
        String cacheId = hex(first.get(1));
        String stagingCacheId = hex(first.get(2));
        // the service the sample binds as AUTH, with a staging environment (its config has [env.staging])
        List<String> second = runAll(List.of("kv", "namespace", "list"), List.of("deploy", "-c", "wrangler.auth.toml"));
        assertTrue(second.get(0).contains(cacheId) && second.get(0).contains(stagingCacheId), second.get(0));
        run(null, "deploy", "-c", "wrangler.auth.toml", "--env", "staging");

        Path toml = project.resolve("wrangler.toml");
        Files.writeString(toml, Files.readString(toml)
                .replace("example.com", domain)
                .replace("0f2ac74b498b48028cb68387c421e279", cacheId)
                .replace("5a1f0b7e3c9d4e2f8a6b1c0d9e8f7a6b", stagingCacheId));

        // first deploy: modules (lib/util.js resolved from index.js), vars, KV and service bindings, a route
        String v1 = uuidAfter(run(null, "deploy"), "Current Version ID");
        String api = "api." + domain;
        Edge.awaitAnswer(api, "/", 200, "hello (level=info)\nsecret=none auth=auth\n");
        Edge.awaitAnswer(tenant.hostname("hello"), "/", 200, "hello (level=info)\nsecret=none auth=auth\n");

        // wrangler tail: a request made meanwhile arrives with its console.log line (trace-v1 over the tail's WebSocket)
        Tail tail = startTail();
        try {
            String line = Poll.until(Duration.ofSeconds(30), () -> {
                Edge.get(api, "/tailed");
                return tail.stdout();
            }, out -> out.contains("\"handled ") && out.contains("/tailed"), "wrangler tail to print the request's console.log");
            assertTrue(line.contains("\"outcome\": \"ok\""), line);
        } finally {
            tail.stop();
        }

        run(null, "deploy", "--env", "staging");
        Edge.awaitAnswer("staging-api." + domain, "/", 200, "hello from staging (level=debug)\nsecret=none auth=auth-staging\n");
        assertEquals("staging", tenant.environment("hello", "staging").path("name").asText());

        // KV through wrangler, read by the worker
        run(null, "kv", "key", "put", "--namespace-id", cacheId, "greeting", "from kv", "--remote");
        List<String> read = runAll(List.of("kv", "key", "get", "--namespace-id", cacheId, "greeting", "--remote"),
                List.of("kv", "key", "list", "--namespace-id", cacheId, "--remote"));
        assertEquals("from kv", read.get(0));
        assertTrue(read.get(1).contains("\"greeting\""), read.get(1));
        Edge.awaitAnswer(api, "/", 200, "from kv (level=info)\nsecret=none auth=auth\n");
        run(null, "kv", "key", "delete", "--namespace-id", cacheId, "greeting", "--remote");
        Edge.awaitAnswer(api, "/", 200, "hello (level=info)\nsecret=none auth=auth\n");

        // a secret is a new version, deployed
        run("s3cr3t\n", "secret", "put", "API_KEY");
        Edge.awaitAnswer(api, "/", 200, "hello (level=info)\nsecret=s3cr3t auth=auth\n");
        String v2 = latestVersionId();

        // versions upload: not deployed
        List<String> upload = runAll(List.of("secret", "list"),
                List.of("versions", "upload", "--message", "second", "--tag", "v3", "--var", "GREETING:second"));
        assertTrue(upload.get(0).contains("API_KEY"), upload.get(0));
        String v3 = uuidAfter(upload.get(1), "Worker Version ID");
        assertEquals("hello (level=info)\nsecret=s3cr3t auth=auth\n", Edge.get(api, "/").body());
        // a split: both versions answer
        List<String> split = runAll(List.of("versions", "list"), List.of("versions", "deploy", v3 + "@90", v2 + "@10", "-y"));
        assertTrue(split.get(0).contains(v1) && split.get(0).contains(v3), split.get(0));
        Set<String> seen = new HashSet<>();
        Poll.until(Duration.ofSeconds(30), () -> {
            seen.add(Edge.get(api, "/").body());
            return seen;
        }, s -> s.contains("second (level=info)\nsecret=s3cr3t auth=auth\n") && s.contains("hello (level=info)\nsecret=s3cr3t auth=auth\n"),
                "both versions of the 90/10 split to answer");
        List<String> listedDeployments = runAll(List.of("deployments", "list"), List.of("deployments", "status"));
        assertTrue(listedDeployments.get(0).contains(v3) && listedDeployments.get(0).contains(v2), listedDeployments.get(0));
        assertTrue(listedDeployments.get(1).contains(v3) && listedDeployments.get(1).contains(v2), listedDeployments.get(1));

        // rollback: the old version alone
        run(null, "rollback", v2, "-y", "-m", "back to v2");
        awaitOnly(api, "hello (level=info)\nsecret=s3cr3t auth=auth\n");

        // a later deploy keeps the secret; deleting it is another version
        run(null, "deploy");
        awaitOnly(api, "hello (level=info)\nsecret=s3cr3t auth=auth\n");
        run(null, "secret", "delete", "API_KEY");
        Edge.awaitAnswer(api, "/", 200, "hello (level=info)\nsecret=none auth=auth\n");
    }

    /** The id of hello/production's latest version, from our API. */
    private static String latestVersionId() {
        return tenant.owner().get(tenant.envPath("hello", "production") + "/versions").expect(200).array().get(0).path("id").asText();
    }

    /** Polls until 10 answers in a row are {@code body}. */
    private static void awaitOnly(String host, String body) {
        Poll.until(Duration.ofSeconds(20), () -> {
            for (int i = 0; i < 10; i++) {
                Reply reply = Edge.get(host, "/");
                if (!reply.body().equals(body)) {
                    return reply;
                }
            }
            return null;
        }, r -> r == null, "only '" + body.strip() + "' from " + host);
    }

    private static String hex(String output) {
        Matcher m = HEX32.matcher(output);
        assertTrue(m.find(), "no 32-hex id in:\n" + output);
        return m.group();
    }

    private static String uuidAfter(String output, String label) {
        int at = output.indexOf(label);
        assertTrue(at >= 0, "no '" + label + "' in:\n" + output);
        Matcher m = UUID.matcher(output.substring(at));
        assertTrue(m.find(), "no id after '" + label + "' in:\n" + output);
        return m.group();
    }

    private static String run(String stdin, String... args) throws Exception {
        Result result = exec(stdin, args);
        if (result.exit != 0) {
            throw new AssertionError("wrangler " + String.join(" ", args) + " exited " + result.exit + ":\n" + result.output);
        }
        return result.stdout;
    }

    /** Runs the commands side by side; their stdouts in order. */
    @SafeVarargs
    private static List<String> runAll(List<String>... commands) throws Exception {
        List<java.util.concurrent.CompletableFuture<String>> running = new ArrayList<>();
        for (List<String> command : commands) {
            running.add(Background.supply(String.join(" ", command), () -> run(null, command.toArray(String[]::new))));
        }
        List<String> outputs = new ArrayList<>();
        for (var future : running) {
            try {
                outputs.add(future.join());
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof AssertionError a ? a : new AssertionError(e.getCause());
            }
        }
        return outputs;
    }

    private record Result(int exit, String stdout, String output) {
    }

    /** A running {@code wrangler tail} (JSON format: stdout is not a terminal) and its stdout so far. */
    private record Tail(Process process, Path out) {
        String stdout() {
            try {
                return Files.readString(out);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static Tail startTail() throws IOException {
        ProcessBuilder builder = wranglerProcess("tail", "--format", "json");
        Path out = Files.createTempFile(home, "tail", ".txt");
        builder.redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        process.getOutputStream().close();
        return new Tail(process, out);
    }

    private static ProcessBuilder wranglerProcess(String... args) {
        List<String> command = new ArrayList<>(List.of("node", wrangler.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile());
        Map<String, String> env = builder.environment();
        env.put("CLOUDFLARE_API_BASE_URL", Stack.apiUrl() + "/client/v4");
        env.put("CLOUDFLARE_API_TOKEN", Stack.token("alice"));
        env.put("CLOUDFLARE_ACCOUNT_ID", tenant.slug());
        env.put("WRANGLER_SEND_METRICS", "false");
        env.put("WRANGLER_SEND_ERROR_REPORTS", "false");
        env.put("WRANGLER_HIDE_BANNER", "true");
        env.put("XDG_CONFIG_HOME", home.toString());
        env.put("CI", "true");
        env.put("NO_COLOR", "1");
        return builder;
    }

    private static Result exec(String stdin, String... args) throws Exception {
        ProcessBuilder builder = wranglerProcess(args);
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        long started = System.nanoTime();
        Process process = builder.start();
        if (stdin != null) {
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("wrangler " + String.join(" ", args) + " did not finish in " + COMMAND_TIMEOUT + ":\n"
                    + Files.readString(out) + Files.readString(err));
        }
        String stdout = Files.readString(out);
        System.out.printf("wrangler %s: exit %d in %d ms%n", String.join(" ", args), process.exitValue(), Poll.millisSince(started));
        return new Result(process.exitValue(), stdout, stdout + Files.readString(err));
    }

    /**
     * {@code wrangler@4.86.0} installed with npm under {@code $EDGEWORKS_STATE_DIR/wrangler-4.86.0} (else
     * {@code target/}), once: later runs find it there and download nothing.
     */
    static Path install() throws IOException, InterruptedException {
        String state = System.getenv("EDGEWORKS_STATE_DIR");
        Path dir = (state != null && !state.isBlank() ? Path.of(state) : Path.of("target")).resolve("wrangler-" + VERSION);
        Path bin = dir.resolve("node_modules/wrangler/bin/wrangler.js");
        Path pkg = dir.resolve("node_modules/wrangler/package.json");
        if (Files.exists(bin) && Files.readString(pkg).contains("\"version\": \"" + VERSION + "\"")) {
            return bin;
        }
        Files.createDirectories(dir);
        Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--prefix", dir.toString(), "wrangler@" + VERSION)
                .redirectErrorStream(true).start();
        npm.getOutputStream().close();
        String log = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0 || !Files.exists(bin)) {
            throw new AssertionError("npm install wrangler@" + VERSION + " into " + dir + " failed (node and npm must be on PATH):\n" + log);
        }
        return bin;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
