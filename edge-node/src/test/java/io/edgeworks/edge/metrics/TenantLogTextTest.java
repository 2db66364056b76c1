package io.edgeworks.edge.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeworks.edge.runtime.LogLine;
import org.junit.jupiter.api.Test;

/** A worker's console line cannot forge lines in the operator's log, nor reach a terminal's control sequences. */
class TenantLogTextTest {

    @Test
    void aForgedLineStaysOnTheTenantsLine() {
        String forged = "ok\n2026-12-01 10:00:00,000 INFO  [io.edgeworks.edge.server.EdgeRuntime] (main) admin logged in\r\nnext";
        String line = EdgeMetrics.tenantLine(new LogLine("evil/app/production", 3, "info", forged));
        assertEquals("[evil/app/production v3] ok\\n2026-12-01 10:00:00,000 INFO  [io.edgeworks.edge.server.EdgeRuntime]"
                + " (main) admin logged in\\r\\nnext", line);
        assertTrue(line.chars().noneMatch(c -> c < 0x20), line);
    }

    @Test
    void controlCharactersAndAnsiSequencesAreEscaped() {
        assertEquals("\\u001b[2J\\u001b[31mred\\u001b[0m", TenantLogText.escape("\u001b[2J\u001b[31mred\u001b[0m"));
        assertEquals("a\\tb\\u0000c\\u007fd\\u009b31me\\u0085f\\u2028g\\u2029h", TenantLogText.escape("a\tb\u0000c\u007fd\u009b31me\u0085f\u2028g\u2029h"));
        assertEquals("\\u0008\\u0008\\u0008hidden", TenantLogText.escape("\b\b\bhidden"));
    }

    @Test
    void ordinaryTextIsUnchanged() {
        String text = "Grüße, 世界 🌍 C:\\path\\n stays \"quoted\"";
        assertSame(text, TenantLogText.escape(text));
    }

    @Test
    void aLongMessageIsCutAt16KiB() {
        String huge = "x".repeat(1 << 20);
        String escaped = TenantLogText.escape(huge);
        assertEquals("x".repeat(TenantLogText.MAX_CHARS) + "… [" + ((1 << 20) - TenantLogText.MAX_CHARS) + " more characters]", escaped);
        String newlines = "\n".repeat(TenantLogText.MAX_CHARS);
        String cut = TenantLogText.escape(newlines);
        assertTrue(cut.startsWith("\\n\\n") && cut.endsWith("… [" + TenantLogText.MAX_CHARS / 2 + " more characters]"), cut);
        assertFalse(cut.contains("\n"));
    }

    @Test
    void aSurrogatePairIsNotSplitAtTheCut() {
        assertEquals("ab… [2 more characters]", TenantLogText.escape("ab🌍", 3));
        assertEquals("ab🌍", TenantLogText.escape("ab🌍", 4));
    }
}
