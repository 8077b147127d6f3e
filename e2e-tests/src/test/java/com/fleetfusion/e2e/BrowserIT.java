package com.fleetfusion.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fleetfusion.testsupport.QuarkusAppProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The SPA in a real browser (Debian's headless Chromium, driven by Selenium with the system chromedriver):
 * sign up through the emulator, fill in the onboarding form, land on the dashboard listing the members — across
 * origins, with CORS and bearer tokens, against the whole suite.
 */
class BrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static Process spa;
    private static WebDriver browser;

    private final SuiteUnderTest suite = SuiteUnderTest.shared();

    @BeforeAll
    static void openBrowser() throws IOException {
        boolean browserInstalled = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String missing = "needs Debian's chromium and chromium-driver packages (.ci/run installs them)";
        // CI installs the browser, so there its absence is a failure rather than a skip
        if (Boolean.parseBoolean(System.getenv("E2E_REQUIRE_BROWSER"))) {
            assertThat(browserInstalled).as(missing).isTrue();
        }
        assumeTrue(browserInstalled, missing);
        SuiteUnderTest suite = SuiteUnderTest.shared();
        Path spaFolder = QuarkusAppProcess.repositoryRoot().resolve("spa");
        ProcessBuilder serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                spaFolder.resolve("Serve.java").toString(), Integer.toString(suite.spaPort), spaFolder.toString());
        // the page learns these from its own origin's config.json, never from its address
        serve.environment().put("SPA_GATEWAY_URL", suite.gateway.baseUrl());
        serve.environment().put("SPA_CLERK_URL", suite.clerk.baseUrl());
        spa = serve.redirectErrorStream(true)
                .redirectOutput(Path.of("target", "spa.log").toFile())
                .start();

        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,900");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build(), options);
    }

    @AfterAll
    static void closeBrowser() throws InterruptedException {
        if (browser != null) {
            browser.quit();
        }
        if (spa != null) {
            spa.destroy();
            spa.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theAddressBarCannotPointThePageAtAnotherGatewayOrClerk() {
        String config = browserFetch(suite.spaOrigin + "/config.json");
        assertThat(config).contains(suite.gateway.baseUrl()).contains(suite.clerk.baseUrl());
        browser.get(suite.spaOrigin + "/?gateway=http://127.0.0.9:1&clerk=http://127.0.0.9:2");
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in-form")));
        // the page reached the real gateway (it answered the session question) and kept no trace of the parameters
        assertThat(browser.getCurrentUrl()).endsWith("/sign-in");
        assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();
    }

    private static String browserFetch(String url) {
        browser.get(url);
        return browser.findElement(By.tagName("body")).getText();
    }

    @Test
    void signUpOnboardAndSeeTheMembersOnTheDashboard() throws IOException {
        String url = suite.spaOrigin + "/";
        await("the SPA is served").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> { browser.get(url); return browser.findElement(By.id("sign-in-form")).isDisplayed(); });
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));

        String email = "browser." + UUID.randomUUID() + "@fleetfusion.example";
        WebElement emailField = browser.findElement(By.name("email"));
        emailField.clear();
        emailField.sendKeys(email);
        browser.findElement(By.cssSelector("#sign-in-form button")).click();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("onboarding-form")));
        assertThat(browser.getCurrentUrl()).contains("/onboarding");
        WebElement name = browser.findElement(By.name("organizationName"));
        name.clear();
        name.sendKeys("Browser Freight " + UUID.randomUUID().toString().substring(0, 6));
        browser.findElement(By.cssSelector("#onboarding-form button")).click();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("dashboard")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("members"), email));
        assertThat(browser.getCurrentUrl()).containsPattern("/org_[^/]+/dashboard/user_[^/?]+");
        assertThat(browser.findElement(By.id("org-name")).getText()).startsWith("Browser Freight");
        assertThat(browser.findElement(By.id("role")).getText()).isEqualTo("org:admin");
        List<WebElement> rows = browser.findElements(By.cssSelector("#members tr"));
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.getText()).contains("Demo Dispatcher").contains(email).contains("org:admin");
        });
        assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();

        Path screenshot = Path.of("target", "screenshots", "dashboard.png");
        Files.createDirectories(screenshot.getParent());
        Files.write(screenshot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
