package io.edgeworks.admin.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end in a real headless Chromium against the running local stack (deploy/local/up.sh): sign in
 * through Keycloak as alice, create an account and a service, deploy code and see its hostname serve it
 * through the edge, clone a preview, change a var and see the version rise, roll back, create and revoke an API
 * token (its secret shown once), then sign in as bob
 * and see none of alice's accounts. Screenshots of the main pages go to target/screenshots/.
 */
class PortalBrowserIT {
    static final String ADMIN = System.getProperty("edgeworks.it.admin-url", "http://127.0.0.1:8082");
    static final String EDGE = System.getProperty("edgeworks.it.edge-url", "http://127.0.0.1:8081");
    /** Only for diagnosing the portal while the edge's publication is broken: report instead of failing. */
    static final boolean EDGE_CHECK_OPTIONAL = Boolean.getBoolean("edgeworks.it.edge-check-optional");
    static final String WORKER = """
            export default {
              async fetch(request, env) {
                return new Response("hello " + (env.GREETING ?? "nobody"), { headers: { "content-type": "text/plain" } });
              }
            };
            """;

    static {
        // the edge is reached by IP with the environment's Host header, as CONTRACT.md shows with curl;
        // the JDK client allows that header only when told before its first use
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
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
    void aliceBuildsDeploysPreviewsAndRollsBackWhileBobSeesNothingOfIt() throws Exception {
        try {
            journey();
        } catch (Exception | AssertionError e) {
            browser.screenshot("failure");
            java.nio.file.Files.writeString(Browser.SCREENSHOTS.resolve("failure.html"),
                    browser.driver.getCurrentUrl() + "\n" + browser.driver.getPageSource());
            throw e;
        }
    }

    private void journey() throws Exception {
        String slug = "it-" + Long.toString(System.currentTimeMillis(), 36).toLowerCase(Locale.ROOT);

        browser.signIn(ADMIN, "alice", "alice");
        browser.screenshot("01-accounts");
        audit("01-accounts");

        // an account
        browser.type(By.id("create-account-slug"), slug);
        browser.type(By.id("create-account-name"), "Browser test " + slug);
        browser.click(By.cssSelector("#create-account button[type=submit]"));
        browser.waitForText(By.tagName("h1"), "Services of " + slug);
        assertEquals("owner", browser.find(By.id("role")).getText());

        // a refused name is explained next to the field, and what was typed stays
        browser.type(By.id("create-service-name"), "Bad Name");
        browser.click(By.cssSelector("#create-service button[type=submit]"));
        browser.find(By.id("create-service-name-error"));
        assertEquals("Bad Name", browser.find(By.id("create-service-name")).getAttribute("value"));
        browser.screenshot("02-account-services-with-error");
        audit("02-account-services-with-error");

        // a service
        browser.type(By.id("create-service-name"), "hello");
        browser.click(By.cssSelector("#create-service button[type=submit]"));
        browser.waitForText(By.tagName("h1"), "Service hello");
        String production = browser.find(By.cssSelector("a.hostname")).getText();
        assertEquals("hello." + slug + ".localhost", production);
        browser.screenshot("03-service");
        audit("03-service");

        // deploy code to production
        browser.click(By.linkText("production"));
        browser.waitForText(By.tagName("h1"), "Environment production");
        codeEditorWithTabsAndTheApisSyntaxErrorMarked();
        browser.type(By.id("deploy-code-message"), "first deploy from the browser");
        browser.type(By.id("deploy-code-tag"), "v1.0");
        browser.click(By.id("deploy-code-submit"));
        browser.waitForText(By.id("live"), "v1");
        browser.screenshot("04-environment-production");
        audit("04-environment-production");
        assertServes(production, "hello nobody");

        // cron triggers: a bad expression is refused naming its line, a good one is saved (runs appear on the ticks)
        browser.fill(By.id("triggers-crons"), "*/30 * * * *\n61 * * * *");
        browser.click(By.id("triggers-submit"));
        browser.waitForText(By.id("triggers-problem"), "Value 61 not in range");
        browser.fill(By.id("triggers-crons"), "*/30 * * * *");
        browser.click(By.id("triggers-submit"));
        browser.waitForText(By.id("notice"), "Cron triggers saved: */30 * * * * (UTC).");
        browser.screenshot("04b-environment-cron-triggers");
        audit("04b-environment-cron-triggers");

        // the hostname link works in the browser too (Chromium resolves *.localhost to this machine)
        String link = browser.find(By.id("hostname")).getAttribute("href");
        if (!EDGE_CHECK_OPTIONAL) {
            browser.open(link);
            browser.waitFor(d -> d.findElement(By.tagName("body")).getText().contains("hello nobody"),
                    Duration.ofSeconds(20));
        }

        // a preview cloned from production
        browser.open(ADMIN + "/accounts/" + slug + "/services/hello");
        browser.type(By.id("create-environment-name"), "preview");
        new org.openqa.selenium.support.ui.Select(browser.find(By.id("create-environment-clone_from")))
                .selectByValue("production");
        browser.click(By.cssSelector("#create-environment button[type=submit]"));
        browser.waitForText(By.tagName("h1"), "Environment preview");
        browser.waitForText(By.id("live"), "v1");
        String preview = browser.find(By.id("hostname")).getText();
        assertEquals("preview-hello." + slug + ".localhost", preview);
        assertServes(preview, "hello nobody");

        // a var change is the next version
        browser.type(By.id("var-name-0"), "GREETING");
        browser.type(By.id("var-value-0"), "world");
        browser.click(By.id("vars-submit"));
        browser.waitForText(By.id("latest-version"), "v2");
        browser.waitForText(By.id("live"), "v2");
        browser.screenshot("05-environment-preview-v2");
        audit("05-environment-preview-v2");
        assertServes(preview, "hello world");

        // one-click rollback
        browser.click(By.cssSelector("#version-1 button[type=submit]"));
        browser.waitForText(By.id("notice"), "Version 1 now serves all traffic");
        assertEquals("v1", browser.find(By.id("live")).getText());
        assertServes(preview, "hello nobody");

        // the other main pages
        browser.open(ADMIN + "/accounts/" + slug + "/services/hello/environments/preview/diff?from=1&to=2");
        browser.waitForText(By.tagName("h1"), "Changes from v1 to v2");
        assertTrue(browser.pageText().contains("GREETING=world"));
        browser.screenshot("06-diff");
        audit("06-diff");
        browser.open(ADMIN + "/accounts/" + slug + "/services/hello/environments/preview/versions/1");
        browser.waitForText(By.tagName("h1"), "Version 1");
        browser.find(By.cssSelector("[data-code-view] pre.code.colorized"));
        assertTrue(browser.pageText().contains("// typed in the browser"), "the version holds what was typed in the editor");
        browser.screenshot("07-version");
        audit("07-version");
        browser.open(ADMIN + "/accounts/" + slug + "/members");
        browser.waitForText(By.tagName("h1"), "Members of " + slug);
        browser.screenshot("08-members");
        audit("08-members");
        browser.open(ADMIN + "/accounts/" + slug + "/routes");
        // claim a domain: pending, with the TXT record to publish; publish it at challtestsrv, then "Verify now"
        String domain = slug + ".test";
        browser.type(By.id("domain-name"), domain);
        browser.click(By.cssSelector("#domain button[type=submit]"));
        browser.waitForText(By.id("notice"), "Domain " + domain + " claimed");
        assertTrue(browser.pageText().contains("pending"), "a new claim is pending");
        String txtName = browser.find(By.cssSelector("#domains .txt-name")).getText();
        String txtValue = browser.find(By.cssSelector("#domains .txt-value")).getText();
        assertEquals("_edgeworks." + domain, txtName);
        browser.screenshot("09-routes-pending-domain");
        audit("09-routes-pending-domain");
        setTxt(txtName, txtValue);
        browser.click(By.cssSelector("#domains button[aria-label='Verify now: " + domain + "']"));
        browser.waitForText(By.id("notice"), "Domain " + domain + " is verified");
        browser.waitForText(By.id("domains"), "active");
        browser.screenshot("09-routes");
        audit("09-routes");
        // a full-stack preview: hello and what it binds to, each at its own hostname; deleted in one click
        browser.open(ADMIN + "/accounts/" + slug + "/previews");
        browser.waitForText(By.tagName("h1"), "Previews of " + slug);
        browser.type(By.id("preview-name"), "pr-1");
        browser.type(By.id("preview-services"), "hello");
        browser.click(By.cssSelector("#preview button[type=submit]"));
        browser.waitForText(By.id("notice"), "Preview pr-1 created");
        browser.waitForText(By.id("previews"), "pr-1-hello." + slug + ".localhost");
        browser.screenshot("10-previews");
        audit("10-previews");
        assertServes("pr-1-hello." + slug + ".localhost", "hello nobody");
        browser.click(By.cssSelector("#previews button[aria-label='Delete preview pr-1']"));
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, Duration.ofSeconds(5))
                .until(org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent()).accept();
        browser.waitForText(By.id("notice"), "Preview pr-1 deleted");
        browser.open(ADMIN + "/accounts/" + slug + "/kv");
        browser.screenshot("10-kv");
        audit("10-kv");
        // an API token: the secret is shown once, the list never shows it, revoking asks first
        browser.open(ADMIN + "/accounts/" + slug + "/tokens");
        browser.waitForText(By.tagName("h1"), "API tokens of " + slug);
        browser.type(By.id("token-name"), "ci");
        browser.click(By.cssSelector("#token-scopes input[value='deploy']"));
        browser.type(By.id("token-environments"), "preview-*");
        browser.click(By.cssSelector("#token button[type=submit]"));
        browser.waitForText(By.id("created-title"), "API token ci created");
        String secret = browser.find(By.id("created-secret")).getAttribute("value");
        assertTrue(secret.matches("ewt_[0-9A-Za-z]{16}_[0-9A-Za-z]{43}"), secret);
        browser.waitForText(By.id("tokens"), "deploy:preview-*, read");
        browser.screenshot("10b-api-token-created");
        audit("10b-api-token-created");
        browser.click(By.cssSelector("#tokens button[aria-label='Revoke ci']"));
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, Duration.ofSeconds(5))
                .until(org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent()).accept();
        browser.waitForText(By.id("notice"), "API token ci was revoked");
        assertFalse(browser.driver.getPageSource().contains(secret), "the secret is shown only once");
        browser.open(ADMIN + "/accounts/" + slug + "/audit");
        browser.waitForText(By.tagName("h1"), "Audit log of " + slug);
        browser.screenshot("11-audit");
        audit("11-audit");

        // sign out, then bob sees none of alice's accounts
        browser.open(ADMIN + "/logout");
        browser.waitFor(d -> d.getPageSource().contains("You are signed out") || d.getCurrentUrl().contains("/realms/"),
                Duration.ofSeconds(30));
        browser.screenshot("12-signed-out");
        if (browser.driver.getCurrentUrl().startsWith(ADMIN)) {
            audit("12-signed-out"); // (Keycloak's own pages are not ours to check)
        }
        browser.driver.manage().deleteAllCookies();
        try (Browser bobs = new Browser()) {
            bobs.signIn(ADMIN, "bob", "bob");
            bobs.screenshot("13-accounts-bob");
            Axe.check(bobs.driver, "13-accounts-bob");
            assertFalse(bobs.pageText().contains(slug), "bob must not see alice's account " + slug);
            bobs.open(ADMIN + "/accounts/" + slug);
            bobs.waitForText(By.tagName("h1"), "Not found");
            Axe.check(bobs.driver, "13b-not-found");
            assertFalse(bobs.pageText().contains("Services of " + slug));
        }

        // alice cleans up: the owner deletes the account (typing its slug to confirm)
        browser.signIn(ADMIN, "alice", "alice");
        browser.open(ADMIN + "/accounts/" + slug);
        browser.type(By.id("delete-account-confirm"), slug);
        browser.click(By.cssSelector("#delete-account button[type=submit]"));
        browser.waitForText(By.id("notice"), "Account " + slug + " and everything in it was deleted.");
    }

    /** The accessibility check of the page the browser shows (axe-core: no serious or critical violation). */
    static void audit(String page) {
        Axe.check(browser.driver, page);
    }

    /**
     * The code form is a Monaco editor (the textareas stay, hidden, as the form's fields): real keystrokes reach
     * the submitted field, modules are tabs (add one, rename it, switch), and the API's syntax error comes back
     * marked at its line and column in the module concerned; removing that module makes the form deployable.
     */
    private void codeEditorWithTabsAndTheApisSyntaxErrorMarked() throws IOException {
        JavascriptExecutor js = (JavascriptExecutor) browser.driver;
        browser.find(By.cssSelector("#deploy-code .code-editor .monaco-editor"));
        assertFalse(browser.driver.findElement(By.id("module-source-0")).isDisplayed(), "the textarea gives way to the editor");
        assertEquals("worker.js (main)", activeTab().getText());
        // the code at once (as fill() does for a textarea), then real typing at its start
        js.executeScript("monaco.editor.getEditors()[0].getModel().setValue(arguments[0]);", WORKER);
        browser.click(By.cssSelector("#deploy-code .monaco-editor .view-lines"));
        browser.driver.switchTo().activeElement().sendKeys(Keys.chord(Keys.CONTROL, Keys.HOME), "// typed in the browser", Keys.ENTER);
        browser.waitFor(d -> fieldValue("module-source-0").startsWith("// typed in the browser\n"), Duration.ofSeconds(5));
        assertTrue(fieldValue("module-source-0").endsWith(WORKER), fieldValue("module-source-0"));
        assertTrue(browser.find(By.cssSelector("#deploy-code .monaco-editor .mtk1")).isDisplayed(), "highlighted tokens");

        // a second module: a new tab, renamed, with a syntax error typed into it
        browser.click(By.cssSelector("#deploy-code .code-tools button[id$='-add']"));
        browser.driver.switchTo().activeElement().sendKeys("lib/util.js"); // the path field, its text selected
        browser.waitFor(d -> activeTab().getText().equals("lib/util.js"), Duration.ofSeconds(5));
        assertTrue(browser.find(By.cssSelector("#deploy-code .code-tools button[id$='-main']")).isEnabled());
        browser.click(By.cssSelector("#deploy-code .monaco-editor .view-lines"));
        browser.driver.switchTo().activeElement().sendKeys(Keys.chord(Keys.CONTROL, "a"), "export const u = ;");
        browser.waitFor(d -> "export const u = ;".equals(js.executeScript(
                "var f = document.querySelectorAll('#deploy-code fieldset.module textarea[name=module_source]');"
                        + "return f[f.length - 1].value;")), Duration.ofSeconds(5));
        // switching tabs switches the code shown
        tab("worker.js (main)").click();
        browser.waitFor(d -> editorValue().startsWith("// typed in the browser"), Duration.ofSeconds(5));
        assertFalse(browser.find(By.cssSelector("#deploy-code .code-tools button[id$='-main']")).isEnabled(), "already the main module");
        tab("lib/util.js").click();
        browser.waitFor(d -> editorValue().equals("export const u = ;"), Duration.ofSeconds(5));
        browser.screenshot("03a-code-editor-tabs");
        audit("03a-code-editor-tabs");

        // the API refuses it: the error is marked in lib/util.js at line 1, column 18, and listed under the editor
        browser.click(By.id("deploy-code-submit"));
        browser.waitForText(By.id("deploy-code-problem"), "lib/util.js");
        browser.find(By.cssSelector("#deploy-code .monaco-editor .code-error-line"));
        assertEquals("lib/util.js (error)", activeTab().getText());
        assertEquals("[[1,18]]", String.valueOf(js.executeScript("return JSON.stringify(monaco.editor.getModelMarkers({ owner: 'edgeworks' })"
                + ".map(function (m) { return [m.startLineNumber, m.startColumn]; }));")));
        browser.waitForText(By.cssSelector("#deploy-code .code-errors"), "Show lib/util.js (line 1, column 18)");
        assertTrue(fieldValue("module-source-0").startsWith("// typed in the browser"), "what was typed is kept");
        browser.screenshot("03b-code-editor-syntax-error");
        audit("03b-code-editor-syntax-error");

        // remove the broken module: only worker.js is left, and the form deploys
        browser.click(By.cssSelector("#deploy-code .code-tools button[id$='-remove']"));
        browser.waitFor(d -> d.findElements(By.cssSelector("#deploy-code [role=tab]")).size() == 1, Duration.ofSeconds(5));
        assertEquals("worker.js (main)", activeTab().getText());
    }

    private static WebElement activeTab() {
        return browser.find(By.cssSelector("#deploy-code [role=tab][aria-selected=true]"));
    }

    private static WebElement tab(String label) {
        return browser.find(By.xpath("//form[@id='deploy-code']//button[@role='tab'][normalize-space(.)='" + label + "']"));
    }

    private static String fieldValue(String id) {
        return String.valueOf(((JavascriptExecutor) browser.driver).executeScript("return document.getElementById(arguments[0]).value;", id));
    }

    private static String editorValue() {
        return String.valueOf(((JavascriptExecutor) browser.driver).executeScript("return monaco.editor.getEditors()[0].getValue();"));
    }

    /** Publishes a TXT record at pebble-challtestsrv, the DNS server platform-api verifies domains at in the local stack. */
    static void setTxt(String name, String value) throws Exception {
        String url = System.getProperty("edgeworks.it.challtestsrv-url", "http://127.0.0.1:8055") + "/set-txt";
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString("{\"host\":\"" + name + ".\",\"value\":\"" + value + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), "challtestsrv " + url + " answered " + response.body());
    }

    /** The edge serves the environment's hostname (CONTRACT.md: Host header on the edge's address). */
    static void assertServes(String hostname, String body) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(EDGE + "/"))
                        .header("Host", hostname).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                last = response.statusCode() + " " + response.body();
                if (response.statusCode() == 200 && response.body().equals(body)) {
                    return;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(250);
        }
        String problem = "the edge at " + EDGE + " did not serve '" + body + "' for Host " + hostname
                + " within 30 s; last answer: " + last;
        if (EDGE_CHECK_OPTIONAL) {
            System.err.println("WARNING (edgeworks.it.edge-check-optional=true): " + problem);
            return;
        }
        throw new AssertionError(problem);
    }

}
