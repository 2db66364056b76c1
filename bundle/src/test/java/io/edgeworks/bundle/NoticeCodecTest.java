package io.edgeworks.bundle;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NoticeCodecTest {

    @Test
    void encodesCanonicalSnakeCaseJsonAndDecodesBack() {
        Notice notice = new Notice(42, List.of("acme/hello/production", "acme/auth/production"),
                List.of("hello.acme.edgeworks.localhost"), List.of("r-ünï"), false);
        String json = NoticeCodec.encode(notice);
        assertEquals("{\"environments\":[\"acme/hello/production\",\"acme/auth/production\"],\"full\":false,"
                + "\"hostnames\":[\"hello.acme.edgeworks.localhost\"],\"routes\":[\"r-ünï\"],\"sequence\":42}", json);
        assertEquals(notice, NoticeCodec.decode(json));
    }

    @Test
    void fullRepublishNoticeRoundTrips() {
        Notice notice = new Notice(Long.MAX_VALUE, null, null, null, true);
        assertEquals(notice, NoticeCodec.decode(NoticeCodec.encode(notice)));
        assertEquals("{\"environments\":[],\"full\":true,\"hostnames\":[],\"routes\":[],\"sequence\":9223372036854775807}",
                NoticeCodec.encode(notice));
    }

    @Test
    void decodeIsStrictAndNamesTheField() {
        assertMessage("notice: missing field(s) [full]", "{\"environments\":[],\"hostnames\":[],\"routes\":[],\"sequence\":1}");
        assertMessage("notice: unknown field(s) [extra]",
                "{\"environments\":[],\"extra\":1,\"full\":true,\"hostnames\":[],\"routes\":[],\"sequence\":1}");
        assertMessage("notice.sequence: expected a 64-bit integer, got a string",
                "{\"environments\":[],\"full\":true,\"hostnames\":[],\"routes\":[],\"sequence\":\"1\"}");
        assertMessage("notice.hostnames[1]: expected a string, got the number 3",
                "{\"environments\":[],\"full\":true,\"hostnames\":[\"a\",3],\"routes\":[],\"sequence\":1}");
        assertMessage("notice.full: expected true or false",
                "{\"environments\":[],\"full\":\"yes\",\"hostnames\":[],\"routes\":[],\"sequence\":1}");
        assertMessage("not valid JSON", "{\"sequence\":");
        assertMessage("notice is missing", null);
    }

    private static void assertMessage(String expected, String json) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NoticeCodec.decode(json));
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }
}
