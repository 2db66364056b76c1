package io.edgeworks.admin.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Accessibility check of the page a browser shows: injects axe-core (the {@code org.webjars.npm:axe-core} test
 * dependency, read from the classpath: no network) and fails on any serious or critical violation, listing each
 * with its rule id, impact and the elements concerned. Besides axe's default rules (WCAG 2.0/2.1 A and AA and
 * best practices) it runs {@code label-content-name-mismatch} (WCAG 2.5.3: a control's accessible name contains
 * its visible label), which axe ships switched off. Call {@link #check} once per page the test visits.
 * The code editor's Monaco widget ({@code .monaco-editor}) is taken out of the page while axe runs and put back
 * after: it is the library's DOM, not ours (our tabs, toolbar and error list around it are checked), and axe-core
 * 4.6.3 with it in the page hung or crashed Chromium's tab on the loaded 2-core machine (an axe run of a static page
 * with Monaco completed with no serious violation).
 */
final class Axe {
    static final Path REPORTS = Path.of("target", "axe");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN = """
            var done = arguments[arguments.length - 1];
            var parked = Array.prototype.slice.call(document.querySelectorAll('.monaco-editor'))
              .filter(function (e) { return !e.parentNode.closest('.monaco-editor'); })
              .map(function (e) { var at = [e, e.parentNode, e.nextSibling]; e.parentNode.removeChild(e); return at; });
            function back() { parked.forEach(function (at) { at[1].insertBefore(at[0], at[2]); }); }
            axe.run(document, { resultTypes: ['violations'], preload: false, iframes: false,
                  rules: { 'label-content-name-mismatch': { enabled: true } } })
              .then(function (r) { back(); done(JSON.stringify(r.violations)); })
              .catch(function (e) { back(); done(JSON.stringify({ error: String(e) })); });
            """;
    private static volatile String source;

    private Axe() {
    }

    /** Runs axe-core on the current page of {@code driver}; throws an AssertionError listing serious and critical violations. */
    static void check(WebDriver driver, String page) {
        List<String> found = violations(driver, page);
        if (!found.isEmpty()) {
            throw new AssertionError("axe-core found " + found.size() + " serious or critical accessibility violation(s) on "
                    + page + " (" + driver.getCurrentUrl() + "):\n  " + String.join("\n  ", found));
        }
    }

    /** The serious and critical violations on the current page, one line each: rule id, impact, help, targets. */
    static List<String> violations(WebDriver driver, String page) {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        if (!Boolean.TRUE.equals(js.executeScript("return typeof window.axe === 'object';"))) {
            js.executeScript(source());
        }
        String result = String.valueOf(js.executeAsyncScript(RUN));
        List<String> out = new ArrayList<>();
        try {
            JsonNode node = JSON.readTree(result);
            if (node.has("error")) {
                throw new AssertionError("axe-core could not run on " + page + ": " + node.get("error").asText());
            }
            for (JsonNode v : node) {
                String impact = v.path("impact").asText("");
                if (!impact.equals("serious") && !impact.equals("critical")) {
                    continue;
                }
                List<String> targets = new ArrayList<>();
                for (JsonNode n : v.path("nodes")) {
                    targets.add(n.path("target").toString());
                }
                out.add(v.path("id").asText() + " (" + impact + "): " + v.path("help").asText() + " -> " + String.join(", ", targets));
            }
            Files.createDirectories(REPORTS);
            Files.writeString(REPORTS.resolve(page + ".json"), result);
        } catch (IOException e) {
            throw new AssertionError("unreadable axe-core result on " + page + ": " + result, e);
        }
        return out;
    }

    /** axe.min.js from the webjar on the test classpath (its version from the webjar's own pom.properties). */
    private static String source() {
        if (source == null) {
            ClassLoader loader = Axe.class.getClassLoader();
            try (InputStream pom = loader.getResourceAsStream("META-INF/maven/org.webjars.npm/axe-core/pom.properties")) {
                if (pom == null) {
                    throw new IllegalStateException("org.webjars.npm:axe-core is not on the test classpath (tenant-admin/pom.xml)");
                }
                Properties p = new Properties();
                p.load(pom);
                String path = "META-INF/resources/webjars/axe-core/" + p.getProperty("version") + "/axe.min.js";
                try (InputStream js = loader.getResourceAsStream(path)) {
                    if (js == null) {
                        throw new IllegalStateException(path + " is missing from the axe-core webjar");
                    }
                    source = new String(js.readAllBytes(), StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read axe-core from the classpath", e);
            }
        }
        return source;
    }
}
