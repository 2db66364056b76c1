package io.edgeworks.systemtests.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bookkeeping of the fault script (deploy/local/chaos.sh) and of deploy/lib/load.sh, without a stack: which faults a
 * {@code --only} list selects, wrk's summary read into requests and errors, the deploy and KV write logs counted into
 * acknowledged and refused, and the Markdown row that makes a loss stand out. Running the faults needs a cluster mode
 * (README "Faults under load").
 */
class ChaosScriptsTest {
    private record Run(int exit, String output) {
    }

    private static Run bash(String script) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "set -euo pipefail; LOAD_WORK=$(mktemp -d); trap 'rm -rf $LOAD_WORK' EXIT;"
                + " CHAOS_SOURCE_ONLY=true source deploy/local/chaos.sh; " + script)
                .directory(RepoFiles.root().toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("EDGEWORKS_"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "bash did not finish");
        return new Run(process.exitValue(), output);
    }

    @Test
    void onlySelectsKnownFaultsInTheirOrder() throws Exception {
        assertEquals("edge-kill api-kill redis-kill flushall postgres keycloak rolling",
                bash("chaos_selected '' | paste -sd' '").output().strip());
        assertEquals("flushall rolling", bash("chaos_selected rolling,flushall | paste -sd' '").output().strip());
        Run unknown = bash("chaos_selected edge-kill,reboot");
        assertEquals(2, unknown.exit(), unknown.output());
        assertTrue(unknown.output().contains("unknown fault 'reboot'"), unknown.output());
    }

    @Test
    void wrkSummaryCountsNon2xxAndEverySocketError() throws Exception {
        String wrk = """
                Running 1h test @ http://127.0.0.1:8081/
                  1 threads and 4 connections
                  Thread Stats   Avg      Stdev     Max   +/- Stdev
                    Latency     5.01ms    2.10ms  40.00ms   90.00%
                  12345 requests in 20.01s, 1.50MB read
                  Socket errors: connect 2, read 3, write 0, timeout 1
                  Non-2xx or 3xx responses: 4
                Requests/sec:    616.94
                Transfer/sec:     76.80KB
                """;
        Run run = bash("printf '%s' '" + wrk + "' >$LOAD_WORK/wrk; wrk_summary $LOAD_WORK/wrk;"
                + " echo \"$WRK_REQUESTS $WRK_RATE $WRK_NON2XX $WRK_ERRORS|$WRK_SOCKET\"");
        assertEquals("12345 616.94 4 10|connect 2, read 3, write 0, timeout 1", run.output().strip(), run.output());
        Run clean = bash("printf '  99 requests in 1.00s, 1KB read\\nRequests/sec: 99.00\\n' >$LOAD_WORK/wrk; wrk_summary $LOAD_WORK/wrk;"
                + " echo \"$WRK_REQUESTS $WRK_NON2XX $WRK_ERRORS $WRK_SOCKET\"");
        assertEquals("99 0 0 none", clean.output().strip(), clean.output());
    }

    @Test
    void deployAndKvLogsAreCounted() throws Exception {
        Run deploys = bash("printf '1 deploys-1 201 1\\n2 deploys-2 503 ?\\n3 deploys-3 201 1\\n10001 deploys-1 000 ?\\n4 deploys-0 503 ?\\n' >$LOAD_WORK/d;"
                + " deploy_counts $LOAD_WORK/d; echo \"$DEPLOYS_ATTEMPTED|$DEPLOYS_ACKED|$DEPLOYS_REFUSED\"");
        assertEquals("5|2|000 x1, 503 x2", deploys.output().strip(), deploys.output());
        Run kv = bash("printf '1 api k-1 v1 204\\n2 worker k-2 v2 200\\n3 api k-3 v3 503\\n4 worker k-4 v4 500\\n5 api k-5 v5 201\\n6 worker k-6 v6 200-unexpected\\n' >$LOAD_WORK/k;"
                + " kv_counts $LOAD_WORK/k; echo \"$KV_ATTEMPTED|$KV_ACKED|$KV_REFUSED\"");
        assertEquals("6|3|api 503 x1, worker 200-unexpected x1, worker 500 x1", kv.output().strip(), kv.output());
    }

    @Test
    void aRowMarksLossesAndAMissingRecovery() throws Exception {
        Run ok = bash("chaos_row edge-kill 5000 0 40 0 60 0 7.3 'notes'");
        assertEquals("| edge-kill | 5000 | 0 | 40 | 0 | 60 | 0 | 7.3 s | notes |", ok.output().strip());
        Run bad = bash("recover_timeout=90; chaos_row flushall 5000 3 40 1 60 2 '' 'n'");
        assertEquals("| flushall | 5000 | **3** | 40 | **1** | 60 | **2** | **not within 90 s** | n |", bad.output().strip());
        Run header = bash("echo \"$CHAOS_HEADER\"");
        assertEquals(9, header.output().lines().findFirst().orElseThrow().chars().filter(c -> c == '|').count() - 1,
                "nine columns: " + header.output());
    }
}
