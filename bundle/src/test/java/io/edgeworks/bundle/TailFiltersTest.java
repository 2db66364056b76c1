package io.edgeworks.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TailFiltersTest {
    @Test
    void parsesEveryKindWranglerSends() {
        TailFilters f = TailFilters.parse("{\"filters\":[{\"outcome\":[\"exception\",\"exceededCpu\"]},{\"method\":[\"get\"]},"
                + "{\"header\":{\"key\":\"X-A\",\"query\":\"b\"}},{\"header\":{\"key\":\"x-c\"}},{\"client_ip\":[\"1.2.3.4\"]},"
                + "{\"query\":\"needle\"},{\"sampling_rate\":0.25},{\"scriptVersion\":\"v1\"}]}");
        assertEquals(List.of("exception", "exceededCpu"), f.outcomes());
        assertEquals(List.of("GET"), f.methods());
        assertEquals(List.of(new TailFilters.Header("x-a", "b"), new TailFilters.Header("x-c", null)), f.headers());
        assertEquals(List.of("1.2.3.4"), f.clientIps());
        assertEquals("needle", f.query());
        assertEquals(0.25, f.samplingRate());
        assertEquals("v1", f.scriptVersion());
        assertEquals(f, TailFilters.of(f.toJson()), "the registry's JSON reads back the same");
    }

    @Test
    void emptyBodiesMeanNoFilter() {
        assertEquals(TailFilters.NONE, TailFilters.parse(null));
        assertEquals(TailFilters.NONE, TailFilters.parse(""));
        assertEquals(TailFilters.NONE, TailFilters.parse("{}"));
        assertEquals(TailFilters.NONE, TailFilters.parse("{\"filters\":[]}"));
        assertNull(TailFilters.NONE.query());
    }

    @Test
    void refusesWhatItCannotApplyNamingTheEntry() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TailFilters.parse("{\"filters\":[{\"outcome\":[\"bad\"]}]}"))
                .getMessage().contains("outcome 'bad'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TailFilters.parse("{\"filters\":[{\"colour\":1}]}"))
                .getMessage().contains("filters[0]: unknown filter 'colour'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TailFilters.parse("{\"filters\":[{\"sampling_rate\":0}]}"))
                .getMessage().contains("sampling_rate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TailFilters.parse("{\"filters\":[{\"query\":\"a\"},{\"query\":\"b\"}]}"))
                .getMessage().contains("filters[1] repeats"));
        assertThrows(IllegalArgumentException.class, () -> TailFilters.parse("{\"filters\":[{\"method\":\"GET\"}]}"));
        assertThrows(IllegalArgumentException.class, () -> TailFilters.parse("[1]"));
        assertThrows(IllegalArgumentException.class, () -> TailFilters.parse("{\"filters\":[{\"query\":\"" + "q".repeat(300) + "\"}]}"));
    }

    @Test
    void selfIsTheCallersAddress() {
        TailFilters f = TailFilters.parse("{\"filters\":[{\"client_ip\":[\"self\",\"9.9.9.9\"]}]}").resolvingSelf("1.2.3.4");
        assertEquals(List.of("1.2.3.4", "9.9.9.9"), f.clientIps());
    }

    @Test
    void aRegistryEntryRoundTripsAndIsLiveUntilItsLeaseOrExpiry() {
        TailEntry entry = new TailEntry("acme/hello/production", TailFilters.parse("{\"filters\":[{\"method\":[\"GET\"]}]}"), 2000, 1000);
        assertEquals(entry, TailEntry.decode(entry.encode()));
        assertTrue(entry.liveAt(999));
        assertTrue(!entry.liveAt(1000));
        assertEquals(2000, entry.withLeaseUntil(5000).leaseUntil(), "a lease never outlives the expiry");
        assertThrows(BundleFormatException.class, () -> TailEntry.decode("{\"environment\":\"x\"}"));
    }

    @Test
    void aRegistryEntryCarriesAFractionalSamplingRate() {
        // wrangler tail --sampling-rate 0.5: canonical JSON carries integers only, so the entry holds the filters as text
        TailFilters filters = TailFilters.parse("{\"filters\":[{\"method\":[\"GET\"]},{\"sampling_rate\":0.5}]}");
        TailEntry entry = new TailEntry("acme/hello/production", filters, 1_764_669_900_000L, 1_764_666_330_000L);
        String encoded = entry.encode();
        TailEntry decoded = TailEntry.decode(encoded);
        assertEquals(0.5, decoded.filters().samplingRate());
        assertEquals(filters, decoded.filters());
        assertEquals(encoded, decoded.encode());
    }
}
