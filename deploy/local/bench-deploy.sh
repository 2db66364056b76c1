#!/usr/bin/env bash
# Deploy latency on a running stack (deploy/local/up.sh):
#   1. POST …/versions → 201 for a 10 KB module, N times (default 200): p50 / p99
#   2. POST …/deployments → the notice on Redis that names the environment, N times: p50 / p99
# It logs in as a demo user (Keycloak password grant, client platform-cli), creates a throw-away
# account "bench-…" with a service "bench", measures, and deletes the account again (--keep keeps it).
#
# Usage: deploy/local/bench-deploy.sh [-n N] [--keep]
# Environment (defaults in brackets):
#   EDGEWORKS_API_URL [http://127.0.0.1:8080]   EDGEWORKS_KEYCLOAK_URL [http://127.0.0.1:8180]
#   BENCH_USER / BENCH_PASSWORD [alice/alice]   REDIS_HOST / REDIS_PORT [127.0.0.1/6379]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../lib/java.sh"

n=200
keep=false
while [ $# -gt 0 ]; do
  case $1 in
    -n) n=${2:?-n needs a number}; shift 2 ;;
    --keep) keep=true; shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (try --help)" >&2; exit 2 ;;
  esac
done
case $n in ''|*[!0-9]*|0) echo "-n must be a positive number, got '$n'" >&2; exit 2 ;; esac

api=${EDGEWORKS_API_URL:-http://127.0.0.1:8080}
keycloak=${EDGEWORKS_KEYCLOAK_URL:-http://127.0.0.1:8180}
user=${BENCH_USER:-alice}
password=${BENCH_PASSWORD:-alice}
redis_host=${REDIS_HOST:-127.0.0.1}
redis_port=${REDIS_PORT:-6379}

curl -fsS -o /dev/null "$api/q/health/ready" \
  || { echo "platform-api does not answer at $api/q/health/ready: start the stack with deploy/local/up.sh" >&2; exit 1; }
curl -fsS -o /dev/null "$keycloak/realms/platform" \
  || { echo "Keycloak realm 'platform' does not answer at $keycloak: start the stack with deploy/local/up.sh" >&2; exit 1; }
(exec 3<>"/dev/tcp/$redis_host/$redis_port") 2>/dev/null \
  || { echo "Redis does not answer at $redis_host:$redis_port (REDIS_HOST/REDIS_PORT)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/BenchDeploy.java" <<'JAVA'
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The measuring part of deploy/local/bench-deploy.sh (JDK only). */
public class BenchDeploy {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static String api, keycloak, user, password, token;
    static long tokenAt;

    public static void main(String[] args) throws Exception {
        api = args[0]; keycloak = args[1]; user = args[2]; password = args[3];
        int n = Integer.parseInt(args[4]);
        String redisHost = args[5];
        int redisPort = Integer.parseInt(args[6]);
        boolean keep = Boolean.parseBoolean(args[7]);

        String slug = "bench-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        String environment = slug + "/bench/production";
        String base = "/api/accounts/" + slug + "/services/bench/environments/production";
        call("POST", "/api/accounts", "{\"slug\":\"" + slug + "\",\"name\":\"Deploy benchmark\"}", 201);
        try (Notices notices = new Notices(redisHost, redisPort)) {
            call("POST", "/api/accounts/" + slug + "/services", "{\"name\":\"bench\"}", 201);
            int warmup = Math.min(20, n);
            int number = 0;
            for (int i = 0; i < warmup; i++) {
                call("POST", base + "/versions", version(++number), 201);
            }
            long[] create = new long[n];
            for (int i = 0; i < n; i++) {
                String body = version(++number);
                long t0 = System.nanoTime();
                call("POST", base + "/versions", body, 201);
                create[i] = System.nanoTime() - t0;
            }
            // let the publications of the version phase go out, then measure deploy -> notice
            notices.quiet(Duration.ofSeconds(1), Duration.ofSeconds(30));
            long[] deployed = new long[n];
            long[] published = new long[n];
            for (int i = 0; i < n; i++) {
                int target = i % 2 == 0 ? number - 1 : number;
                notices.clear();
                long t0 = System.nanoTime();
                call("POST", base + "/deployments", "{\"versions\":[{\"number\":" + target + ",\"percentage\":100}]}", 201);
                deployed[i] = System.nanoTime() - t0;
                long at = notices.awaitNaming(environment, Duration.ofSeconds(10));
                published[i] = at - t0;
            }
            System.out.printf("account %s: %d measured requests per figure after %d warm-up versions; module %d bytes%n",
                    slug, n, warmup, module(1).getBytes(StandardCharsets.UTF_8).length);
            report("POST version -> 201 (10 KB module)", create);
            report("POST deployment -> 201", deployed);
            report("deploy -> notice on Redis", published);
        } finally {
            if (!keep) {
                call("DELETE", "/api/accounts/" + slug, null, 204);
            }
        }
    }

    /** A 10 KB ES module, different for every number (a version that changes nothing is not created). */
    static String version(int number) {
        return "{\"main_module\":\"worker.js\",\"modules\":{\"worker.js\":" + json(module(number))
                + "},\"annotations\":{\"message\":\"bench " + number + "\"}}";
    }

    static String module(int number) {
        StringBuilder js = new StringBuilder("export default {\n  async fetch(request, env) {\n    return new Response(\"bench "
                + number + " \" + helper0(1));\n  }\n};\n");
        for (int i = 0; js.length() < 10_240 - 80; i++) {
            js.append("function helper").append(i).append("(x) { return x * ").append(i + 7).append(" + ").append(number).append("; }\n");
        }
        while (js.length() < 10_240 - 1) {
            js.append('/');
        }
        js.append('\n');
        return js.toString();
    }

    static String json(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    static void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        java.util.Arrays.sort(sorted);
        double mean = java.util.Arrays.stream(sorted).average().orElse(0) / 1e6;
        System.out.printf(Locale.ROOT, "%-38s p50 %7.1f ms   p99 %7.1f ms   max %7.1f ms   mean %7.1f ms%n", what,
                percentile(sorted, 50), percentile(sorted, 99), sorted[sorted.length - 1] / 1e6, mean);
    }

    static double percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    static String call(String method, String path, String body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token());
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + " (expected " + expected + "): " + response.body());
        }
        return response.body();
    }

    static String token() throws Exception {
        if (token == null || System.nanoTime() - tokenAt > TimeUnit.SECONDS.toNanos(60)) {
            String form = "grant_type=password&client_id=platform-cli&username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                    + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(keycloak + "/realms/platform/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
            if (response.statusCode() != 200 || !m.find()) {
                throw new IllegalStateException("no token for " + user + " from " + keycloak + ": " + response.statusCode() + " " + response.body());
            }
            token = m.group(1);
            tokenAt = System.nanoTime();
        }
        return token;
    }

    /** A minimal RESP subscriber on edgeworks:notices that timestamps every message on arrival. */
    static final class Notices implements AutoCloseable {
        record Received(long at, String payload) {
        }

        private final Socket socket;
        private final LinkedBlockingQueue<Received> queue = new LinkedBlockingQueue<>();

        Notices(String host, int port) throws IOException {
            socket = new Socket(host, port);
            socket.setTcpNoDelay(true);
            socket.getOutputStream().write("SUBSCRIBE edgeworks:notices\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = new BufferedInputStream(socket.getInputStream());
            readValue(in); // the subscription confirmation
            Thread reader = new Thread(() -> {
                try {
                    while (true) {
                        Object value = readValue(in);
                        long at = System.nanoTime();
                        if (value instanceof List<?> parts && parts.size() == 3 && "message".equals(parts.get(0))) {
                            queue.add(new Received(at, (String) parts.get(2)));
                        }
                    }
                } catch (IOException closed) {
                    // socket closed at the end
                }
            }, "notices");
            reader.setDaemon(true);
            reader.start();
        }

        void clear() {
            queue.clear();
        }

        /** Waits until no notice arrived for {@code silence}. */
        void quiet(Duration silence, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && queue.poll(silence.toMillis(), TimeUnit.MILLISECONDS) != null) {
                queue.clear();
            }
        }

        /** Arrival time of the next notice naming the environment. */
        long awaitNaming(String environment, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            String quoted = "\"" + environment + "\"";
            while (true) {
                Received r = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (r == null) {
                    throw new IllegalStateException("no notice naming " + environment + " within " + timeout
                            + " (is this platform-api publishing to the Redis at the given REDIS_HOST/REDIS_PORT?)");
                }
                if (r.payload().contains(quoted) || r.payload().contains("\"full\":true")) {
                    return r.at();
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }

        static Object readValue(InputStream in) throws IOException {
            int type = in.read();
            if (type < 0) {
                throw new IOException("connection closed");
            }
            String line = readLine(in);
            switch (type) {
                case '*': {
                    int count = Integer.parseInt(line);
                    List<Object> items = new ArrayList<>();
                    for (int i = 0; i < count; i++) {
                        items.add(readValue(in));
                    }
                    return items;
                }
                case '$': {
                    int length = Integer.parseInt(line);
                    if (length < 0) {
                        return null;
                    }
                    byte[] bytes = in.readNBytes(length + 2);
                    return new String(bytes, 0, length, StandardCharsets.UTF_8);
                }
                case ':':
                    return Long.parseLong(line);
                case '-':
                    throw new IOException("Redis error: " + line);
                default:
                    return line;
            }
        }

        static String readLine(InputStream in) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != '\r') {
                if (c < 0) {
                    throw new IOException("connection closed");
                }
                out.write(c);
            }
            in.read(); // '\n'
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
JAVA
java "$work/BenchDeploy.java" "$api" "$keycloak" "$user" "$password" "$n" "$redis_host" "$redis_port" "$keep"
