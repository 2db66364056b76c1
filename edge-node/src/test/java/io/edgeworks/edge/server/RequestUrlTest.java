package io.edgeworks.edge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeworks.edge.api.url.WhatwgUrl;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The request URL's short cut gives the URL Standard's serialization (the full parser's) for every head it takes. */
class RequestUrlTest {
    private static final List<String> HOSTS = List.of("hello.acme.localhost", "a.b", "localhost", "example.com.", "x-1.y2.z",
            "HELLO.acme.localhost", "127.0.0.1", "127.1", "0x7f.1", "a.0x10", "a.1", "xn--nxasmq6b.com", "xn--bad.com",
            "a..b", ".a", "a.b..", "host:8081", "host:80", "host:443", "host:080", "bücher.de", "a_b.c", "[::1]", "[::1]:80",
            "a b", "", "münchen.example", "ex%41mple.com", "1.2.3.4.5", "a.b.c1");
    private static final List<String> TARGETS = List.of("/", "/path?x=1", "/a/b/c", "/a/./b", "/a/../b", "/a/%2e/b", "/a/%2E%2e/b",
            "/.", "/..", "/a/.", "/a/..", "/a/.b/..c", "/..x", "/%2e", "/%2ex", "//double//slash", "/a?b?c", "/a?x=/./..",
            "/sp ace", "/quote\"", "/tick`", "/brace{}", "/a<b>", "/pipe|", "/caret^", "/back\\slash", "/q?it's", "/%zz",
            "/%41%42", "/ü", "/tab\t", "/a#frag", "/a?b#c", "/~user/(x)*+,;=:@!$&", "/[x]", "", "x", "*", "/a/%2e%2e?q",
            "/a?%2e%2e", "/..?", "/.?x");

    @Test
    void theShortCutGivesTheFullParsersSerialization() {
        int shortCuts = 0;
        for (String scheme : List.of("http", "https")) {
            for (String host : HOSTS) {
                for (String target : TARGETS) {
                    WhatwgUrl parsed = WhatwgUrl.parse(scheme + "://" + host + target, null);
                    String expected = parsed == null ? null : parsed.href();
                    assertEquals(expected, RequestUrl.href(scheme, host, target), scheme + " " + host + " " + target);
                    if (RequestUrl.isSerialized(host, target)) {
                        shortCuts++;
                        assertEquals(expected, scheme + "://" + host + target, "short cut for " + host + " " + target);
                    }
                }
            }
        }
        assertTrue(shortCuts > 100, "the short cut was taken " + shortCuts + " times");
    }

    @Test
    void theCommonHeadTakesTheShortCut() {
        assertTrue(RequestUrl.isSerialized("hello.acme.localhost", "/api/users?id=7&sort=name"));
        assertFalse(RequestUrl.isSerialized("Hello.acme.localhost", "/"), "upper case is lowered by the parser");
        assertFalse(RequestUrl.isSerialized("hello.acme.localhost:8081", "/"), "a port goes through the parser");
        assertFalse(RequestUrl.isSerialized("10.0.0.1", "/"), "an IPv4 address goes through the parser");
        assertFalse(RequestUrl.isSerialized("a.b", "/x/../y"), "dot segments go through the parser");
    }
}
