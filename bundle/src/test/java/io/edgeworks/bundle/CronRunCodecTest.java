package io.edgeworks.bundle;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The run records edge nodes push to {@link RedisLayout#cronRunsKey} and platform-api lists, pinned by a golden file. */
class CronRunCodecTest {
    private static final CronRun FAILED = new CronRun(1764669900000L, "*/5 * * * *", 1764669900004L, 52, CronRun.Outcome.EXCEEDED_LIMIT,
            "limit hit: acme/hello/production v3 exceeded its cpu time limit (50 ms)", 3, "edge-a");

    @Test
    void encodesToTheGoldenBytesAndBack() {
        String golden = new String(Fixtures.resource("golden/cron-run.json"), StandardCharsets.UTF_8).strip();
        assertEquals(golden, CronRunCodec.encode(FAILED));
        assertEquals(FAILED, CronRunCodec.decode(golden));
    }

    @Test
    void anOkRunHasNoErrorMember() {
        CronRun ok = new CronRun(60_000, "* * * * *", 60_010, 3, CronRun.Outcome.OK, null, 1, "edge-b");
        String json = CronRunCodec.encode(ok);
        assertEquals("{\"cron\":\"* * * * *\",\"duration_ms\":3,\"node\":\"edge-b\",\"outcome\":\"ok\",\"scheduled_time\":60000,"
                + "\"started_at\":60010,\"version\":1}", json);
        assertEquals(ok, CronRunCodec.decode(json));
    }

    @Test
    void aLongErrorIsCut() {
        CronRun run = new CronRun(0, "* * * * *", 0, 0, CronRun.Outcome.EXCEPTION, "x".repeat(10_000), 1, "n");
        String error = CronRunCodec.decode(CronRunCodec.encode(run)).error();
        assertTrue(error.startsWith("x".repeat(CronRunCodec.MAX_ERROR_CHARS) + "… [5904 more characters]"), error);
    }

    @Test
    void decodingIsStrict() {
        String golden = CronRunCodec.encode(FAILED);
        assertTrue(assertThrows(BundleFormatException.class, () -> CronRunCodec.decode(golden.replace("\"exceeded_limit\"", "\"maybe\"")))
                .getMessage().contains("unknown outcome 'maybe'"));
        assertTrue(assertThrows(BundleFormatException.class, () -> CronRunCodec.decode(golden.replace("\"version\":3", "\"version\":3,\"x\":1")))
                .getMessage().contains("unknown field(s) [x]"));
        assertTrue(assertThrows(BundleFormatException.class, () -> CronRunCodec.decode(golden.replaceFirst(",\"error\":\"[^\"]*\"", "")))
                .getMessage().contains("a failed run names its error"));
    }

    @Test
    void leaseAndRunKeys() {
        assertEquals("edgeworks:cron:runs:acme/hello/production", RedisLayout.cronRunsKey("acme/hello/production"));
        String lease = RedisLayout.cronLeaseKey("acme/hello/production", "*/5 * * * *", 1764669900000L);
        assertTrue(lease.matches("edgeworks:cron:lease:acme/hello/production:1764669900000:[0-9a-f]{16}"), lease);
        assertTrue(!lease.equals(RedisLayout.cronLeaseKey("acme/hello/production", "* * * * *", 1764669900000L)),
                "two triggers due at the same minute are two claims");
    }
}
