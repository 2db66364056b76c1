package io.edgeworks.edge.api.encoding;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Decoders for the Encoding Standard's legacy encodings (single-byte and CJK multi-byte) behind
 * TextDecoder, on the JDK's charsets. Where the JDK's table is not the WHATWG index the differences are
 * patched here: the windows-* code pages map their undefined bytes 0x80–0x9F to the C1 controls (as the
 * WHATWG indexes do), windows-1255 maps 0xCA to U+05BA, and ISO-8859-10 / ISO-8859-14, which the JDK lacks,
 * have their upper halves below. UTF-8, UTF-16 and ISO-2022-JP are decoded in encoding.js itself, the
 * last with index jis0208 from {@link #jis0208()}.
 */
public final class LegacyDecoder {
    /** WHATWG encoding name to JDK charset name. */
    private static final Map<String, String> CHARSETS = Map.ofEntries(
            Map.entry("IBM866", "IBM866"), Map.entry("ISO-8859-2", "ISO-8859-2"), Map.entry("ISO-8859-3", "ISO-8859-3"),
            Map.entry("ISO-8859-4", "ISO-8859-4"), Map.entry("ISO-8859-5", "ISO-8859-5"), Map.entry("ISO-8859-6", "ISO-8859-6"),
            Map.entry("ISO-8859-7", "ISO-8859-7"), Map.entry("ISO-8859-8", "ISO-8859-8"), Map.entry("ISO-8859-8-I", "ISO-8859-8"),
            Map.entry("ISO-8859-13", "ISO-8859-13"), Map.entry("ISO-8859-15", "ISO-8859-15"),
            Map.entry("ISO-8859-16", "ISO-8859-16"), Map.entry("KOI8-R", "KOI8-R"), Map.entry("KOI8-U", "KOI8-U"),
            Map.entry("macintosh", "x-MacRoman"), Map.entry("windows-874", "x-windows-874"),
            Map.entry("windows-1250", "windows-1250"), Map.entry("windows-1251", "windows-1251"),
            Map.entry("windows-1252", "windows-1252"), Map.entry("windows-1253", "windows-1253"),
            Map.entry("windows-1254", "windows-1254"), Map.entry("windows-1255", "windows-1255"),
            Map.entry("windows-1256", "windows-1256"), Map.entry("windows-1257", "windows-1257"),
            Map.entry("windows-1258", "windows-1258"), Map.entry("x-mac-cyrillic", "x-MacCyrillic"),
            Map.entry("GBK", "GB18030"), Map.entry("gb18030", "GB18030"), Map.entry("Big5", "Big5-HKSCS"),
            Map.entry("EUC-JP", "EUC-JP"), Map.entry("Shift_JIS", "windows-31j"),
            Map.entry("EUC-KR", "x-windows-949"));

    /** Upper halves (0xA0–0xFF) of the single-byte encodings the JDK does not ship. */
    private static final Map<String, String> UPPER_HALVES = Map.of(
            "ISO-8859-10", "\u00a0\u0104\u0112\u0122\u012a\u0128\u0136\u00a7\u013b\u0110\u0160\u0166\u017d\u00ad\u016a\u014a"
                    + "\u00b0\u0105\u0113\u0123\u012b\u0129\u0137\u00b7\u013c\u0111\u0161\u0167\u017e\u2015\u016b\u014b"
                    + "\u0100\u00c1\u00c2\u00c3\u00c4\u00c5\u00c6\u012e\u010c\u00c9\u0118\u00cb\u0116\u00cd\u00ce\u00cf"
                    + "\u00d0\u0145\u014c\u00d3\u00d4\u00d5\u00d6\u0168\u00d8\u0172\u00da\u00db\u00dc\u00dd\u00de\u00df"
                    + "\u0101\u00e1\u00e2\u00e3\u00e4\u00e5\u00e6\u012f\u010d\u00e9\u0119\u00eb\u0117\u00ed\u00ee\u00ef"
                    + "\u00f0\u0146\u014d\u00f3\u00f4\u00f5\u00f6\u0169\u00f8\u0173\u00fa\u00fb\u00fc\u00fd\u00fe\u0138",
            "ISO-8859-14", "\u00a0\u1e02\u1e03\u00a3\u010a\u010b\u1e0a\u00a7\u1e80\u00a9\u1e82\u1e0b\u1ef2\u00ad\u00ae\u0178"
                    + "\u1e1e\u1e1f\u0120\u0121\u1e40\u1e41\u00b6\u1e56\u1e81\u1e57\u1e83\u1e60\u1ef3\u1e84\u1e85\u1e61"
                    + "\u00c0\u00c1\u00c2\u00c3\u00c4\u00c5\u00c6\u00c7\u00c8\u00c9\u00ca\u00cb\u00cc\u00cd\u00ce\u00cf"
                    + "\u0174\u00d1\u00d2\u00d3\u00d4\u00d5\u00d6\u1e6a\u00d8\u00d9\u00da\u00db\u00dc\u00dd\u0176\u00df"
                    + "\u00e0\u00e1\u00e2\u00e3\u00e4\u00e5\u00e6\u00e7\u00e8\u00e9\u00ea\u00eb\u00ec\u00ed\u00ee\u00ef"
                    + "\u0175\u00f1\u00f2\u00f3\u00f4\u00f5\u00f6\u1e6b\u00f8\u00f9\u00fa\u00fb\u00fc\u00fd\u0177\u00ff");

    /** Pointers of index jis0208 that ISO-2022-JP can reach: (lead − 0x21) × 94 + (trail − 0x21), both 0x21–0x7E. */
    private static final int JIS0208_POINTERS = 94 * 94;

    private static volatile String jis0208;

    private LegacyDecoder() {
    }

    /**
     * Index jis0208 for pointers 0–8835 as a string, one char per pointer, U+FFFD where the index has no
     * code point. Built from the JDK's windows-31j table (the Encoding Standard's Shift_JIS uses the same
     * index with the same pointers: lead and trail bytes are the pointer's Shift_JIS form), including NEC
     * row 13 and the NEC-selected IBM extensions the WHATWG index also has.
     */
    public static String jis0208() {
        String index = jis0208;
        if (index == null) {
            CharsetDecoder decoder = Charset.forName("windows-31j").newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
            StringBuilder out = new StringBuilder(JIS0208_POINTERS);
            for (int pointer = 0; pointer < JIS0208_POINTERS; pointer++) {
                int lead = pointer / 188;
                int trail = pointer % 188;
                byte[] sjis = {(byte) (lead + (lead < 0x1f ? 0x81 : 0xc1)), (byte) (trail + (trail < 0x3f ? 0x40 : 0x41))};
                try {
                    CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(sjis));
                    out.append(chars.length() == 1 ? chars.get(0) : '\ufffd');
                } catch (CharacterCodingException e) {
                    out.append('\ufffd');
                }
            }
            index = out.toString();
            jis0208 = index;
        }
        return index;
    }

    /** Whether {@code name} (a WHATWG encoding name) can be decoded here. */
    public static boolean supports(String name) {
        return UPPER_HALVES.containsKey(name) || (CHARSETS.containsKey(name) && Charset.isSupported(CHARSETS.get(name)));
    }

    /**
     * Decodes {@code latin1} (one char per byte) from encoding {@code name}. Returns null when {@code fatal}
     * and the input has a byte sequence the encoding does not define; otherwise such sequences become U+FFFD.
     */
    public static String decode(String name, String latin1, boolean fatal) {
        byte[] bytes = latin1.getBytes(StandardCharsets.ISO_8859_1);
        String upper = UPPER_HALVES.get(name);
        if (upper != null) {
            StringBuilder out = new StringBuilder(bytes.length);
            for (byte b : bytes) {
                int v = b & 0xff;
                out.append(v < 0xa0 ? (char) v : upper.charAt(v - 0xa0));
            }
            return out.toString();
        }
        String charset = CHARSETS.get(name);
        if (charset == null) {
            throw new IllegalArgumentException("unsupported encoding " + name);
        }
        boolean windows = name.startsWith("windows-");
        if (!windows) {
            return run(charset, bytes, fatal);
        }
        // Windows code pages byte by byte (all are single-byte), with the WHATWG index's C1 fill.
        StringBuilder out = new StringBuilder(bytes.length);
        CharsetDecoder decoder = Charset.forName(charset).newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        for (byte b : bytes) {
            int v = b & 0xff;
            if (v < 0x80) {
                out.append((char) v);
                continue;
            }
            if (name.equals("windows-1255") && v == 0xca) {
                out.append('\u05ba');
                continue;
            }
            try {
                out.append(decoder.reset().decode(ByteBuffer.wrap(new byte[] {b})));
            } catch (CharacterCodingException e) {
                if (v <= 0x9f) {
                    out.append((char) v);
                } else if (fatal) {
                    return null;
                } else {
                    out.append('\ufffd');
                }
            }
        }
        return out.toString();
    }

    private static String run(String charset, byte[] bytes, boolean fatal) {
        CharsetDecoder decoder = Charset.forName(charset).newDecoder();
        CodingErrorAction action = fatal ? CodingErrorAction.REPORT : CodingErrorAction.REPLACE;
        decoder.onMalformedInput(action).onUnmappableCharacter(action).replaceWith("\ufffd");
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
