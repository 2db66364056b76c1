package io.edgeworks.admin.security;

import io.edgeworks.admin.client.FakePlatformApi;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The portal's browser protections: a form posted from the portal's own page works; a forged cross-site post is
 * refused (403) even with a valid token; a post without the token is refused (400); every POST form of a page
 * carries the token; the security headers are on every page.
 */
@QuarkusTest
@TestSecurity(user = "alice")
class CsrfTest {
    private static final Pattern POST_FORM = Pattern.compile("<form\\b[^>]*method=\"post\"[^>]*>\\s*<input type=\"hidden\" name=\"csrf-token\" value=\"([^\"]*)\">");

    @Inject
    FakePlatformApi api;

    @BeforeEach
    void seed() {
        api.reset();
        api.seedAccount("acme", "alice");
        api.createService("acme", "hello");
    }

    private static String origin() {
        return "http://localhost:" + io.restassured.RestAssured.port;
    }

    /** The members page as a browser loads it: its HTML and the CSRF cookie it set. */
    private static Response membersPage() {
        return given().get("/accounts/acme/members").then().statusCode(200).extract().response();
    }

    private static String formToken(String html) {
        Matcher m = POST_FORM.matcher(html);
        assertTrue(m.find(), "a POST form with the csrf-token field right after its tag:\n" + html);
        return m.group(1);
    }

    @Test
    void aFormPostedFromThePortalsPageWorks() {
        Response page = membersPage();
        String cookie = page.getCookie(SamePageForms.COOKIE);
        assertNotNull(cookie, "the page sets the CSRF cookie");
        String token = formToken(page.asString());
        assertEquals(cookie, token, "double submit: the form carries the cookie's token");
        given().redirects().follow(false).header("Origin", origin()).cookie(SamePageForms.COOKIE, cookie)
                .formParam("csrf-token", token).formParam("username", "bob").formParam("role", "viewer")
                .post("/accounts/acme/members").then().statusCode(303);
        // the Referer of the portal's own page serves when a browser sends no Origin
        given().redirects().follow(false).header("Referer", origin() + "/accounts/acme/members").cookie(SamePageForms.COOKIE, cookie)
                .formParam("csrf-token", token).formParam("username", "carol").formParam("role", "viewer")
                .post("/accounts/acme/members").then().statusCode(303);
    }

    @Test
    void aCrossSitePostIsRefusedEvenWithAToken() {
        Response page = membersPage();
        String cookie = page.getCookie(SamePageForms.COOKIE);
        for (String foreign : List.of("http://evil.example", "http://localhost:1", "null")) {
            given().redirects().follow(false).header("Origin", foreign).cookie(SamePageForms.COOKIE, cookie)
                    .formParam("csrf-token", cookie).formParam("username", "mallory").formParam("role", "owner")
                    .post("/accounts/acme/members").then().statusCode(403).body(containsString("Refused"));
        }
        given().redirects().follow(false).header("Referer", "http://evil.example/page").cookie(SamePageForms.COOKIE, cookie)
                .formParam("csrf-token", cookie).formParam("username", "mallory").formParam("role", "owner")
                .post("/accounts/acme/members").then().statusCode(403);
        assertFalse(api.members("acme").stream().anyMatch(m -> m.username().equals("mallory")), "no member was added");
    }

    @Test
    void aPostWithoutOriginOrRefererIsRefused() {
        given().redirects().follow(false).header("Origin", "").formParam("username", "mallory").formParam("role", "owner")
                .post("/accounts/acme/members").then().statusCode(403);
    }

    @Test
    void aSameOriginPostWithoutTheTokenOrWithAnotherIsRefused() {
        String cookie = membersPage().getCookie(SamePageForms.COOKIE);
        given().redirects().follow(false).header("Origin", origin()).cookie(SamePageForms.COOKIE, cookie)
                .formParam("username", "mallory").formParam("role", "owner")
                .post("/accounts/acme/members").then().statusCode(400);
        given().redirects().follow(false).header("Origin", origin()).cookie(SamePageForms.COOKIE, cookie)
                .formParam("csrf-token", SamePageForms.token()).formParam("username", "mallory").formParam("role", "owner")
                .post("/accounts/acme/members").then().statusCode(400);
        given().redirects().follow(false).header("Origin", origin())
                .formParam("csrf-token", cookie).formParam("username", "mallory").formParam("role", "owner")
                .post("/accounts/acme/members").then().statusCode(400);
        assertFalse(api.members("acme").stream().anyMatch(m -> m.username().equals("mallory")), "no member was added");
    }

    @Test
    void everyPostFormOfAPageCarriesTheToken() {
        for (String path : List.of("/accounts", "/accounts/acme", "/accounts/acme/members", "/accounts/acme/routes",
                "/accounts/acme/kv", "/accounts/acme/services/hello")) {
            String html = given().get(path).then().statusCode(200).extract().asString();
            int forms = count(Pattern.compile("<form\\b[^>]*method=\"post\"").matcher(html));
            int withToken = count(POST_FORM.matcher(html));
            assertEquals(forms, withToken, path + ": every POST form carries the token");
        }
    }

    @Test
    void securityHeadersAreOnEveryPage() {
        given().get("/accounts/acme").then().statusCode(200)
                .header("X-Frame-Options", equalTo("DENY"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Content-Security-Policy", containsString("script-src 'self';"))
                .header("Content-Security-Policy", containsString("style-src 'self'"))
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .header("Referrer-Policy", equalTo("same-origin"));
    }

    @Test
    void pagesHaveNoInlineScriptOrStyleThePolicyWouldBlock() {
        for (String path : List.of("/accounts", "/accounts/acme", "/accounts/acme/members", "/accounts/acme/routes",
                "/accounts/acme/services/hello")) {
            String html = given().get(path).then().statusCode(200).extract().asString();
            assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>").matcher(html).find(), path + ": an inline <script>");
            assertFalse(html.contains("<style"), path + ": an inline <style>");
            assertFalse(Pattern.compile("\\son[a-z]+=\"").matcher(html).find(), path + ": an inline event handler");
            assertFalse(Pattern.compile("\\sstyle=\"").matcher(html).find(), path + ": an inline style attribute");
        }
    }

    private static int count(Matcher m) {
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
