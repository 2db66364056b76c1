package io.edgeworks.edge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A header list kept in the joined form it crossed from a realm in ({@link JoinedHeaders}): it reads as the split
 * list, passes back joined exactly when that is what joining its entries gives, and the host's checks on the
 * joined string refuse exactly what they refuse on the split list.
 */
class JoinedHeadersTest {
    private static final String ALPHABET = "aZ-_:\n\n\n\r\t \u0000\u0001\u007f\u00e9\u0100\u2028/=\"";

    @Test
    void readsAsTheSplitListAndPassesBackAsItCame() {
        String joined = "Accept\n*/*\nset-cookie\na=1\nX-Empty\n\nset-cookie\nb=2";
        JoinedHeaders headers = new JoinedHeaders(joined);
        assertSame(joined, HostBridge.Wire.joinHeaders(headers), "an unread list goes back as it came");
        assertEquals(HostBridge.Wire.splitHeaders(joined), headers);
        assertEquals("a=1", new EdgeResponse(200, "", headers, null).header("Set-Cookie"));
        assertSame(joined, HostBridge.Wire.joinHeaders(headers), "and so does a read one");
        assertThrows(UnsupportedOperationException.class, () -> headers.add(Map.entry("x", "y")));
        assertSame(headers, new EdgeRequest("GET", "http://a/", headers, null).headers(), "immutable: not copied");
    }

    @Test
    void aStringThatIsNotAListOfPairsIsJoinedAgainFromItsEntries() {
        for (String odd : List.of("a\nb\n", "a\nb\nc", "\n\n", "name-only")) {
            JoinedHeaders headers = new JoinedHeaders(odd);
            assertNull(headers.joined(), odd);
            assertEquals(joinOf(odd), HostBridge.Wire.joinHeaders(headers), odd);
        }
    }

    @Test
    void theChecksOnTheJoinedStringAgreeWithTheChecksOnItsEntries() {
        Random random = new Random(16);
        int refused = 0;
        for (int n = 0; n < 200_000; n++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                // mostly token characters, so that many strings pass and the ones that fail differ by one character
                s.append(random.nextInt(3) == 0 ? ALPHABET.charAt(random.nextInt(ALPHABET.length())) : (char) ('a' + random.nextInt(3)));
            }
            String joined = s.toString();
            List<Map.Entry<String, String>> split = List.copyOf(HostBridge.Wire.splitHeaders(joined));
            EdgeRequest lazy = new EdgeRequest("GET", "http://a/", new JoinedHeaders(joined), null);
            EdgeRequest eager = new EdgeRequest("GET", "http://a/", split, null);
            assertEquals(WireRules.requestRefusal(eager), WireRules.requestRefusal(lazy), () -> "request " + escaped(joined));
            EdgeResponse lazyResponse = new EdgeResponse(200, "", new JoinedHeaders(joined), null);
            EdgeResponse eagerResponse = new EdgeResponse(200, "", split, null);
            String expected = WireRules.refusal(eagerResponse);
            assertEquals(expected, WireRules.refusal(lazyResponse), () -> "response " + escaped(joined));
            assertEquals(joinOf(joined), HostBridge.Wire.joinHeaders(new JoinedHeaders(joined)), () -> escaped(joined));
            refused += expected == null ? 0 : 1;
        }
        // both outcomes were exercised in quantity
        assertEquals(true, refused > 20_000 && refused < 180_000, "refused " + refused);
    }

    private static String joinOf(String joined) {
        return HostBridge.Wire.joinHeaders(new ArrayList<>(HostBridge.Wire.splitHeaders(joined)));
    }

    private static String escaped(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }
}
