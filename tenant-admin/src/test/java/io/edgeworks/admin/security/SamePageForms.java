package io.edgeworks.admin.security;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The page tests post forms as the portal's own pages do: with the portal's {@code Origin} and the double-submit
 * token in cookie and form field. Added to every request that sets no {@code Origin} or {@code Referer} itself, so the page tests
 * need not repeat it; {@link CsrfTest} sets its own headers and checks the protection without this help.
 */
public class SamePageForms implements QuarkusTestBeforeEachCallback, Filter {
    public static final String COOKIE = "edgeworks-csrf";
    public static final String FIELD = "csrf-token";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static volatile boolean installed;

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        if (!installed) {
            installed = true;
            RestAssured.filters(new SamePageForms());
        }
    }

    public static String token() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response, FilterContext ctx) {
        boolean unsafe = !"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod()) && !"OPTIONS".equals(request.getMethod());
        if (unsafe && !request.getHeaders().hasHeaderWithName("Origin") && !request.getHeaders().hasHeaderWithName("Referer")) {
            request.header("Origin", "http://localhost:" + request.getPort());
            if (!request.getCookies().hasCookieWithName(COOKIE)) {
                String token = token();
                request.cookie(COOKIE, token);
                request.formParam(FIELD, token);
            }
        }
        return ctx.next(request, response);
    }
}
