package io.edgeworks.edge.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.edgeworks.edge.runtime.EdgeRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The header's value: an RFC 8941 dictionary of service → version number; anything else is ignored as a whole. */
class VersionOverridesTest {

    @Test
    void integersAndDigitStringsAreVersions() {
        assertEquals(Map.of("gateway", 4, "auth", 7), VersionOverrides.parse("gateway=4, auth=\"7\""));
        assertEquals(Map.of("auth", 7), VersionOverrides.parse("auth=7;reason=test;x"));
        assertEquals(Map.of("auth", 8), VersionOverrides.parse("auth=7,\tauth=8"), "the last member of a key wins");
        assertEquals(Map.of("2fa", 3), VersionOverrides.parse("2fa=3"), "service names may start with a digit");
    }

    @Test
    void membersThatAreNoVersionNumberAreLeftOut() {
        assertEquals(Map.of("b", 2), VersionOverrides.parse("a=0, b=2, c=-1, d=\"x1\", e, f=?1, g=token"));
        assertEquals(Map.of(), VersionOverrides.parse("a=2, a"), "a bare key replaces the earlier member");
    }

    @Test
    void aHeaderThatDoesNotParseIsIgnoredWhole() {
        for (String bad : List.of("auth=3,", ",auth=3", "Auth=3", "auth=3 gateway=4", "auth=\"3", "auth=1.5", "auth=", "=3", "auth=3;")) {
            assertEquals(Map.of(), VersionOverrides.parse(bad), bad);
        }
    }

    @Test
    void withoutTheHeaderTheGraphItselfServes() {
        ServiceGraph graph = ServiceGraph.EMPTY;
        assertSame(graph, VersionOverrides.of(graph, new EdgeRequest("GET", "http://x/", List.of(Map.entry("host", "x")), null)));
        assertEquals(new VersionOverrides(graph, Map.of("a", 1, "b", 2)), VersionOverrides.of(graph, new EdgeRequest("GET", "http://x/",
                List.of(Map.entry("Edgeworks-Version-Overrides", "a=1"), Map.entry("edgeworks-version-overrides", "b=2")), null)),
                "several header lines are one dictionary");
    }
}
