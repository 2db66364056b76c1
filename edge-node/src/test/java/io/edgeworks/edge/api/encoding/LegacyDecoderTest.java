package io.edgeworks.edge.api.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class LegacyDecoderTest {
    private static int pointer(int lead, int trail) {
        return (lead - 0x21) * 94 + trail - 0x21;
    }

    @Test
    void jis0208CoversIso2022JpPointersWithTheWhatwgIndexValues() {
        String index = LegacyDecoder.jis0208();
        assertEquals(94 * 94, index.length());
        assertEquals('\u3000', index.charAt(0), "pointer 0 is the ideographic space");
        assertEquals('\u4f69', index.charAt(pointer(0x50, 0x50)), "0x50 0x50 is U+4F69");
        assertEquals('\u3070', index.charAt(pointer(0x24, 0x50)), "row 4 is hiragana");
        assertEquals('\u2460', index.charAt(1128), "NEC row 13 starts with circled digit one");
        assertEquals('\u7e8a', index.charAt(8272), "NEC-selected IBM extensions start at pointer 8272");
        assertEquals('\ufffd', index.charAt(pointer(0x22, 0x2f)), "an unassigned pointer has no code point");
    }

    @Test
    void shiftJisDecodesAndFatalReportsInvalidBytes() {
        assertEquals("\u6c34", LegacyDecoder.decode("Shift_JIS", "\u0090\u0085", false));
        assertEquals("\ufffd", LegacyDecoder.decode("Shift_JIS", "\u00ff", false));
        assertNull(LegacyDecoder.decode("Shift_JIS", "\u00ff", true));
    }
}
