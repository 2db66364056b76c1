package io.edgeworks.api.route;

import io.edgeworks.api.common.ProblemException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RoutePatternTest {

    @ParameterizedTest
    @CsvSource({
            "shop.example.com/*, shop.example.com/*, shop.example.com",
            "*.example.com/*, *.example.com/*, example.com",
            "*example.com/api/*, *example.com/api/*, example.com",
            "HTTPS://Shop.Example.com/Path, https://shop.example.com/Path, shop.example.com",
            "example.com, example.com, example.com"})
    void validPatternsNormalizeHostAndScheme(String raw, String pattern, String host) {
        RoutePattern parsed = RoutePattern.parse(raw);
        assertEquals(pattern, parsed.pattern());
        assertEquals(host, parsed.host());
    }

    @ParameterizedTest
    @ValueSource(strings = {"shop.*.com/", "shop.example.com/a*b", "shop.example.com:8443/", "ws://example.com/",
            "example.com/a?b", "example.com/#x", "localhost/", "exa mple.com/", "*.*.example.com/", "-bad.example.com/"})
    void invalidPatternsAre400(String raw) {
        ProblemException e = assertThrows(ProblemException.class, () -> RoutePattern.parse(raw));
        assertEquals(400, e.status());
        assertEquals("pattern", e.errors().getFirst().field());
    }
}
