package io.edgeworks.bundle;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NoticeCodecTest {

    @Test
    void encodesCanonicalSnakeCaseJsonAndDecodesBack() {
        Notice notice = new Notice(42, List.of("acme", "ünï-co"), false);
        String json = NoticeCodec.encode(notice);
        assertEquals("{\"accounts\":[\"acme\",\"ünï-co\"],\"full\":false,\"sequence\":42}", json);
        assertEquals(notice, NoticeCodec.decode(json));
    }

    @Test
    void fullRepublishNoticeRoundTrips() {
        Notice notice = new Notice(Long.MAX_VALUE, null, true);
        assertEquals(notice, NoticeCodec.decode(NoticeCodec.encode(notice)));
        assertEquals("{\"accounts\":[],\"full\":true,\"sequence\":9223372036854775807}", NoticeCodec.encode(notice));
    }

    @Test
    void decodeIsStrictAndNamesTheField() {
        assertMessage("notice: missing field(s) [full]", "{\"accounts\":[],\"sequence\":1}");
        assertMessage("notice: unknown field(s) [hostnames]", "{\"accounts\":[],\"full\":true,\"hostnames\":[],\"sequence\":1}");
        assertMessage("notice.sequence: expected a 64-bit integer, got a string", "{\"accounts\":[],\"full\":true,\"sequence\":\"1\"}");
        assertMessage("notice.accounts[1]: expected a string, got the number 3", "{\"accounts\":[\"a\",3],\"full\":true,\"sequence\":1}");
        assertMessage("notice.full: expected true or false", "{\"accounts\":[],\"full\":\"yes\",\"sequence\":1}");
        assertMessage("not valid JSON", "{\"sequence\":");
        assertMessage("notice is missing", null);
    }

    private static void assertMessage(String expected, String json) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NoticeCodec.decode(json));
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }
}
