package io.edgeworks.admin.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import static io.edgeworks.admin.it.PortalBrowserIT.ADMIN;
import static io.edgeworks.admin.it.PortalBrowserIT.EDGE;
import static io.edgeworks.admin.it.PortalBrowserIT.HTTP;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live views end to end in headless Chromium against the running local stack: a gateway bound to an auth service,
 * the binding graph drawn (and a node of the drawing opening its environment), the live logs of auth showing a request
 * to the edge with its console line within seconds (tenant text rendered as text), the tail ended when the page is
 * left (platform-api audits {@code tail.stop}), and a viewer told that live logs need the developer role.
 * Screenshots go to target/screenshots/.
 */
class LiveViewsBrowserIT {
    static final String AUTH = """
            export default {
              async fetch(request, env) {
                console.log("auth saw " + new URL(request.url).pathname + " <img src=x id=pwn>");
                return new Response("auth ok", { headers: { "content-type": "text/plain" } });
              }
            };
            """;
    static final String GATEWAY = """
            export default {
              async fetch(request, env) {
                return env.AUTH.fetch(request);
              }
            };
            """;

    static {
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }

    static Browser browser;

    @BeforeAll
    static void start() throws IOException {
        browser = new Browser();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theGraphShowsTheBindingAndTheLiveLogsShowARequestWithinSeconds() throws Exception {
        try {
            journey();
        } catch (Exception | AssertionError e) {
            browser.screenshot("live-failure");
            java.nio.file.Files.writeString(Browser.SCREENSHOTS.resolve("live-failure.html"),
                    browser.driver.getCurrentUrl() + "\n" + browser.driver.getPageSource());
            throw e;
        }
    }

    private void journey() throws Exception {
        String slug = "lv-" + Long.toString(System.currentTimeMillis(), 36).toLowerCase(Locale.ROOT);
        browser.signIn(ADMIN, "alice", "alice");
        browser.type(By.id("create-account-slug"), slug);
        browser.type(By.id("create-account-name"), "Live views " + slug);
        browser.click(By.cssSelector("#create-account button[type=submit]"));
        browser.waitForText(By.tagName("h1"), "Services of " + slug);
        deploy(slug, "auth", AUTH);
        deploy(slug, "gateway", GATEWAY);
        // the gateway binds AUTH to the auth service (following: production)
        browser.type(By.id("binding-name-0"), "AUTH");
        browser.type(By.id("binding-service-0"), "auth");
        browser.click(By.cssSelector("#bindings button[type=submit]"));
        browser.waitForText(By.id("notice"), "Bindings saved as version 2");
        PortalBrowserIT.assertServes("gateway." + slug + ".localhost", "auth ok");

        // the binding graph: drawn by Cytoscape.js with the dagre layout, listed as text, a node opens its environment
        browser.click(By.id("graph-link"));
        browser.waitForText(By.tagName("h1"), "Binding graph of gateway/production");
        browser.waitFor(d -> "2".equals(d.findElement(By.id("graph-canvas")).getAttribute("data-drawn")), Duration.ofSeconds(15));
        browser.waitForText(By.id("graph-edges"), "AUTH");
        assertTrue(browser.find(By.id("graph-edges")).getText().contains("gateway/production AUTH auth/production"),
                browser.find(By.id("graph-edges")).getText());
        browser.screenshot("20-binding-graph");
        Axe.check(browser.driver, "20-binding-graph");
        WebElement canvas = browser.find(By.id("graph-canvas"));
        @SuppressWarnings("unchecked")
        Map<String, Object> at = (Map<String, Object>) ((JavascriptExecutor) browser.driver).executeScript(
                "var c = arguments[0]; var p = c.cy.getElementById('auth/production').renderedPosition();"
                        + "return {x: p.x - c.clientWidth / 2, y: p.y - c.clientHeight / 2};", canvas);
        new Actions(browser.driver).moveToElement(canvas, ((Number) at.get("x")).intValue(), ((Number) at.get("y")).intValue())
                .click().perform();
        browser.waitForText(By.tagName("h1"), "Environment production");
        assertTrue(browser.driver.getCurrentUrl().endsWith("/services/auth/environments/production"), browser.driver.getCurrentUrl());

        // live logs of auth: a request to the edge appears with its console line within seconds, as text
        browser.click(By.id("live-logs-link"));
        browser.waitForText(By.tagName("h1"), "Live logs of auth/production");
        browser.waitForText(By.id("log-state"), "Live: waiting for requests");
        long started = System.nanoTime();
        String path = "/tail-" + slug;
        browser.waitFor(d -> {
            send("auth." + slug + ".localhost", path);
            return d.findElement(By.id("log-table")).getText().contains("auth saw " + path);
        }, Duration.ofSeconds(20));
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        String table = browser.find(By.id("log-table")).getText();
        assertTrue(table.contains("GET") && table.contains("auth." + slug + ".localhost" + path) && table.contains("200")
                && table.contains("ok") && table.contains(" ms"), table);
        assertTrue(table.contains("<img src=x id=pwn>"), "the console line is shown as text: " + table);
        assertTrue(browser.driver.findElements(By.id("pwn")).isEmpty(), "tenant text never becomes markup");
        browser.screenshot("21-live-logs");
        Axe.check(browser.driver, "21-live-logs");
        System.out.println("live logs: the request appeared within " + seconds + " s");

        // filters: only errors now, so a successful request does not appear
        new org.openqa.selenium.support.ui.Select(browser.find(By.id("log-status"))).selectByValue("error");
        browser.click(By.id("log-clear"));
        browser.click(By.id("log-apply"));
        browser.waitForText(By.id("log-state"), "Live: waiting for requests");

        // leaving the page ends the stream, which ends the tail: platform-api audits tail.stop (nothing leaks)
        browser.open(ADMIN + "/accounts/" + slug + "/audit");
        browser.waitFor(d -> {
            d.navigate().refresh();
            String audit = d.findElement(By.id("audit")).getText();
            return count(audit, "tail.stop") >= 2 && count(audit, "tail.start") == count(audit, "tail.stop");
        }, Duration.ofSeconds(20));

        // a viewer is told that live logs need the developer role
        browser.open(ADMIN + "/accounts/" + slug + "/members");
        browser.type(By.id("member-username"), "bob");
        new org.openqa.selenium.support.ui.Select(browser.find(By.id("member-role"))).selectByValue("viewer");
        browser.click(By.cssSelector("#member button[type=submit]"));
        browser.waitForText(By.tagName("body"), "bob");
        try (Browser bobs = new Browser()) {
            bobs.signIn(ADMIN, "bob", "bob");
            bobs.open(ADMIN + "/accounts/" + slug + "/services/auth/environments/production/logs");
            bobs.waitForText(By.id("log-problem"), "You may not watch the live logs of this environment");
            bobs.screenshot("22-live-logs-viewer");
            Axe.check(bobs.driver, "22-live-logs-viewer");
        }

        browser.open(ADMIN + "/accounts/" + slug);
        browser.type(By.id("delete-account-confirm"), slug);
        browser.click(By.cssSelector("#delete-account button[type=submit]"));
        browser.waitForText(By.id("notice"), "Account " + slug + " and everything in it was deleted.");
    }

    private static int count(String text, String word) {
        return text.split(java.util.regex.Pattern.quote(word), -1).length - 1;
    }

    private static void deploy(String slug, String service, String code) {
        browser.open(ADMIN + "/accounts/" + slug);
        browser.type(By.id("create-service-name"), service);
        browser.click(By.cssSelector("#create-service button[type=submit]"));
        browser.waitForText(By.tagName("h1"), "Service " + service);
        browser.click(By.linkText("production"));
        browser.waitForText(By.tagName("h1"), "Environment production");
        browser.code(code);
        browser.click(By.id("deploy-code-submit"));
        browser.waitForText(By.id("live"), "v1");
    }

    /** One request to the edge (errors are retried by the caller's poll). */
    private static void send(String hostname, String path) {
        try {
            HTTP.send(HttpRequest.newBuilder(URI.create(EDGE + path)).header("Host", hostname).timeout(Duration.ofSeconds(5))
                    .GET().build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // the next poll tries again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
