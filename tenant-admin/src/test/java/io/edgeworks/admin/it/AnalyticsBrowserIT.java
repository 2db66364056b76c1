package io.edgeworks.admin.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The analytics charts in a real headless Chromium against the running local stack (deploy/local/up.sh, whose edge ships
 * its aggregates every 2 s): alice deploys a worker, the edge serves it some requests, and the environment page's charts
 * render those figures with uPlot (a canvas per chart, captions, the totals table), as does the account page's list of
 * the busiest environments. Screenshot: target/screenshots/analytics-environment.png.
 */
class AnalyticsBrowserIT {
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
    void theEnvironmentPageChartsTheTrafficOfItsVersion() throws Exception {
        try {
            journey();
        } catch (Exception | AssertionError e) {
            browser.screenshot("analytics-failure");
            throw e;
        }
    }

    private void journey() throws Exception {
        String slug = "an-" + Long.toString(System.currentTimeMillis(), 36).toLowerCase(Locale.ROOT);
        browser.signIn(PortalBrowserIT.ADMIN, "alice", "alice");
        browser.type(By.id("create-account-slug"), slug);
        browser.type(By.id("create-account-name"), "Analytics " + slug);
        browser.click(By.cssSelector("#create-account button[type=submit]"));
        browser.waitForText(By.tagName("h1"), "Services of " + slug);
        browser.type(By.id("create-service-name"), "charts");
        browser.click(By.cssSelector("#create-service button[type=submit]"));
        browser.waitForText(By.tagName("h1"), "Service charts");
        String hostname = browser.find(By.cssSelector("a.hostname")).getText();
        browser.click(By.linkText("production"));
        browser.waitForText(By.tagName("h1"), "Environment production");
        browser.code(PortalBrowserIT.WORKER);
        browser.click(By.id("deploy-code-submit"));
        browser.waitForText(By.id("live"), "v1");
        PortalBrowserIT.assertServes(hostname, "hello nobody");
        for (int i = 0; i < 20; i++) {
            PortalBrowserIT.assertServes(hostname, "hello nobody");
        }

        // the charts fragment loads with the page; poll (reloading the hour's fragment) until the stored figures show
        String page = browser.driver.getCurrentUrl();
        browser.waitFor(d -> {
            List<WebElement> cells = d.findElements(By.cssSelector("#analytics-table-hour .analytics-requests"));
            if (!cells.isEmpty() && Long.parseLong(cells.getFirst().getText().trim()) >= 21) {
                return true;
            }
            d.findElement(By.id("analytics-range-hour")).click();
            return false;
        }, Duration.ofSeconds(60));
        browser.waitFor(d -> d.findElements(By.cssSelector("figure.analytics-chart[data-rendered='1'] canvas")).size() == 3,
                Duration.ofSeconds(20));
        assertTrue(browser.find(By.id("chart-requests-hour")).getText().startsWith("Requests per 1m, last hour"));
        assertEquals("v1 (100 % deployed)", browser.find(By.cssSelector("#analytics-table-hour tbody th")).getText());
        // the plotted series carries the requests: uPlot's data of the first chart sums to the table's total
        Object plotted = ((JavascriptExecutor) browser.driver).executeScript(
                "var d = JSON.parse(document.querySelector('.analytics-data').textContent);"
                        + "return d.series[0].requests.reduce(function (a, b) { return a + b; }, 0);");
        assertEquals(browser.find(By.cssSelector("#analytics-table-hour .analytics-requests")).getText().trim(), String.valueOf(plotted));
        ((JavascriptExecutor) browser.driver).executeScript("document.getElementById('analytics').scrollIntoView();");
        browser.screenshot("analytics-environment");
        Axe.check(browser.driver, "analytics-environment");

        // a day's range swaps in its own charts
        browser.click(By.id("analytics-range-day"));
        browser.waitFor(d -> d.findElements(By.cssSelector("[data-range='day'] figure.analytics-chart[data-rendered='1']")).size() == 3,
                Duration.ofSeconds(20));

        // the account page lists the environment as the busiest
        browser.open(PortalBrowserIT.ADMIN + "/accounts/" + slug);
        browser.waitForText(By.id("busiest"), "charts");
        browser.screenshot("analytics-account");
        Axe.check(browser.driver, "analytics-account");
        assertTrue(java.net.URI.create(page).getPath().endsWith("/environments/production"), page); // the charts were on the environment page
    }
}
