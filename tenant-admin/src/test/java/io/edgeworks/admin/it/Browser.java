package io.edgeworks.admin.it;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) driven through Selenium,
 * with a fresh profile, plus the few actions the end-to-end tests need.
 */
final class Browser implements AutoCloseable {
    static {
        // Browser ITs reach the edge by IP with the environment's Host header (CONTRACT.md). The JDK HTTP client reads
        // this property once, when it is first used, and Selenium's own client (to chromedriver) is usually first:
        // so it is set here, before any browser starts (AnalyticsBrowserIT failed with "restricted header name").
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }

    static final String CHROMIUM = System.getProperty("edgeworks.it.chromium", "/usr/bin/chromium");
    static final String DRIVER = System.getProperty("edgeworks.it.chromedriver", "/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final WebDriver driver;
    private final Path profile;
    private final WebDriverWait wait;

    Browser() throws IOException {
        if (!new File(CHROMIUM).canExecute() || !new File(DRIVER).canExecute()) {
            throw new IllegalStateException("Chromium is missing (" + CHROMIUM + ", " + DRIVER + "): install it with "
                    + "'apt-get install -y chromium chromium-driver' (tenant-admin/install-browser.sh does it)");
        }
        profile = Files.createTempDirectory("edgeworks-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1800", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement find(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    void type(By by, String text) {
        WebElement field = find(by);
        field.clear();
        field.sendKeys(text);
    }

    /** Replaces a textarea's content at once (sendKeys would take seconds for code). */
    void fill(By by, String text) {
        WebElement field = find(by);
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1];", field, text);
    }

    /**
     * Puts {@code source} into the first module of the environment page's new-version form: through the code editor
     * (Monaco, which copies every edit into the form's textarea, hidden once the editor is up), then waits for the
     * textarea to hold it.
     */
    void code(String source) {
        find(By.cssSelector("#deploy-code .monaco-editor"));
        JavascriptExecutor js = (JavascriptExecutor) driver;
        js.executeScript("monaco.editor.getEditors()[0].getModel().setValue(arguments[0]);", source);
        waitFor(d -> source.equals(js.executeScript("return document.getElementById('module-source-0').value;")),
                Duration.ofSeconds(5));
    }

    void click(By by) {
        wait.until(ExpectedConditions.elementToBeClickable(by)).click();
    }

    void waitForText(By by, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    <T> T waitFor(Function<WebDriver, T> condition, Duration timeout) {
        return new WebDriverWait(driver, timeout).until(condition::apply);
    }

    String pageText() {
        return driver.findElement(By.tagName("body")).getText();
    }

    void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    /** Signs in through Keycloak's login form when the portal sends the browser there. */
    void signIn(String adminUrl, String username, String password) {
        open(adminUrl + "/accounts");
        find(By.id("username"));
        if (driver.getCurrentUrl().startsWith(adminUrl)) {
            return; // already signed in
        }
        type(By.id("username"), username);
        type(By.id("password"), password);
        click(By.id("kc-login"));
        waitForText(By.id("username"), username);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a leftover temp profile is harmless
            }
        }
    }
}
