package io.edgeworks.bundle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one route pattern rule set, from the examples of Cloudflare's "Routes" documentation. */
class RoutePatternTest {

    private static boolean matches(String pattern, String url) {
        URI uri = URI.create(url);
        String pathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return RoutePattern.parse(pattern).matches(uri.getScheme(), uri.getHost().toLowerCase(), pathAndQuery);
    }

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
            "example.com/a?b", "example.com/#x", "localhost/", "exa mple.com/", " example.com/", "*.*.example.com/",
            "-bad.example.com/", "*/*", "*", "www.*example.com/", ""})
    void invalidPatternsAreRefusedWithAReason(String raw) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RoutePattern.parse(raw));
        assertFalse(e.getMessage().isBlank());
    }

    @Test
    void wildcardPathSuffixMatchesEverythingBelowIncludingQuery() {
        assertTrue(matches("example.com/*", "https://example.com/"));
        assertTrue(matches("example.com/*", "https://example.com/path/to/page?x=1"));
        assertTrue(matches("example.com/path*", "https://example.com/path"));
        assertTrue(matches("example.com/path*", "https://example.com/path2"));
        assertFalse(matches("example.com/path*", "https://example.com/other"));
        assertFalse(matches("example.com/path", "https://example.com/path?query=1"));
    }

    @Test
    void hostWildcardsMatchOnlyAtALabelBoundary() {
        assertFalse(matches("example.com/*", "https://www.example.com/"));
        assertTrue(matches("*example.com/*", "https://www.example.com/"));
        assertTrue(matches("*example.com/*", "https://example.com/"));
        // another account's longer domain that merely ends the same way is never captured
        assertFalse(matches("*tim1.example/*", "https://victim1.example/"));
        assertFalse(matches("*example.com/*", "https://badexample.com/"));
        assertTrue(matches("*tim1.example/*", "https://a.tim1.example/"));
        assertTrue(matches("*.example.com/*", "https://www.example.com/"));
        assertFalse(matches("*.example.com/*", "https://example.com/"));
        assertFalse(matches("*.example.com/*", "https://badexample.com/"));
    }

    @Test
    void hostIsCaseInsensitivePathIsCaseSensitiveSchemeRespected() {
        assertTrue(matches("Example.COM/images/*", "https://example.com/images/a.png"));
        assertFalse(matches("example.com/Images/*", "https://example.com/images/a.png"));
        assertTrue(matches("example.com/*", "http://example.com/"));
        assertFalse(matches("https://example.com/*", "http://example.com/"));
    }

    @Test
    void patternWithoutPathMatchesOnlyTheRoot() {
        assertTrue(matches("example.com", "https://example.com/"));
        assertFalse(matches("example.com", "https://example.com/a"));
    }

    @Test
    void specificityHostBeforePath() {
        List<RoutePattern> patterns = new ArrayList<>(List.of(RoutePattern.parse("*.example.com/*"),
                RoutePattern.parse("*.example.com/hello/*"), RoutePattern.parse("www.example.com/*"),
                RoutePattern.parse("*example.com/*"), RoutePattern.parse("https://www.example.com/*")));
        patterns.sort(RoutePattern.SPECIFICITY);
        assertEquals(List.of("https://www.example.com/*", "www.example.com/*", "*.example.com/hello/*", "*.example.com/*", "*example.com/*"),
                patterns.stream().map(RoutePattern::pattern).toList());
    }

    @Test
    void withinAndIsUnderUseLabelBoundaries() {
        assertTrue(RoutePattern.parse("*.shop.example/*").within("shop.example"));
        assertTrue(RoutePattern.parse("a.shop.example/*").within("shop.example"));
        assertFalse(RoutePattern.parse("*p.example/*").within("shop.example"));
        assertFalse(RoutePattern.parse("myshop.example/*").within("shop.example"));
        assertTrue(RoutePattern.isHostname("a-b.example"));
        assertFalse(RoutePattern.isHostname("localhost"));
    }
}
