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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
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

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The SPA in a real browser (Debian's headless Chromium, driven by Selenium with the system chromedriver), with
 * Clerk's browser SDK (@clerk/clerk-js from npm) against clerk-emulator's Frontend API and the gateway in front of
 * the whole suite: sign up with the e-mailed code, onboard, the dashboard, sign out, a wrong password, a password
 * reset, sign in again, and another organization's URL. A screenshot of each page goes to target/screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static Process spa;
    private static WebDriver browser;
    /** The emulator as the page reaches it: on localhost, the page's own site, so that its client cookie is sent. */
    private static String clerkProxyUrl;

    private final SuiteUnderTest suite = SuiteUnderTest.shared();

    @BeforeAll
    static void openBrowser() throws IOException, InterruptedException {
        boolean browserInstalled = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String missing = "needs Debian's chromium and chromium-driver packages (.ci/run installs them)";
        // CI installs the browser, so there its absence is a failure rather than a skip
        boolean required = Boolean.parseBoolean(System.getenv("E2E_REQUIRE_BROWSER"));
        if (required) {
            assertThat(browserInstalled).as(missing).isTrue();
        }
        assumeTrue(browserInstalled, missing);
        Path spaFolder = QuarkusAppProcess.repositoryRoot().resolve("spa");
        installClerkJs(spaFolder, required);

        SuiteUnderTest suite = SuiteUnderTest.shared();
        clerkProxyUrl = suite.clerk.baseUrl().replace("://127.0.0.1:", "://localhost:");
        ProcessBuilder serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                spaFolder.resolve("Serve.java").toString(), Integer.toString(suite.spaPort), spaFolder.toString());
        // the page learns these from its own origin's config.json, never from its address
        serve.environment().put("SPA_GATEWAY_URL", suite.gateway.baseUrl());
        serve.environment().put("SPA_CLERK_PROXY_URL", clerkProxyUrl);
        spa = serve.redirectErrorStream(true)
                .redirectOutput(Path.of("target", "spa.log").toFile())
                .start();

        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,900");
        await("the SPA is served").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> given().get("http://127.0.0.1:" + suite.spaPort + "/config.json").statusCode() == 200);
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build(), options);
    }

    /** Clerk's browser SDK comes from npm ({@code npm ci} in spa/, as ./suite does), never from the repository. */
    private static void installClerkJs(Path spaFolder, boolean required) throws IOException, InterruptedException {
        if (Files.isRegularFile(spaFolder.resolve("node_modules/@clerk/clerk-js/dist/clerk.no-rhc.mjs"))) {
            return;
        }
        Process npm;
        try {
            npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(spaFolder.toFile())
                    .redirectErrorStream(true).redirectOutput(Path.of("target", "spa-npm-ci.log").toFile()).start();
        } catch (IOException noNpm) {
            String missing = "needs npm (Debian's nodejs and npm packages) to install the SPA's @clerk/clerk-js";
            if (required) {
                throw new AssertionError(missing, noNpm);
            }
            assumeTrue(false, missing);
            return;
        }
        assertThat(npm.waitFor(5, TimeUnit.MINUTES)).as("npm ci in spa/ finished").isTrue();
        assertThat(npm.exitValue()).as("npm ci in spa/ (target/spa-npm-ci.log)").isZero();
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
    @Order(1)
    void theAddressBarCannotPointThePageAtAnotherGatewayOrClerk() {
        String config = browserFetch(suite.spaOrigin + "/config.json");
        assertThat(config).contains(suite.gateway.baseUrl()).contains(clerkProxyUrl).contains("pk_live_");
        browser.get(suite.spaOrigin + "/?gateway=http://127.0.0.9:1&clerk=http://127.0.0.9:2&proxyUrl=http://127.0.0.9:3");
        waitFor(By.id("sign-in-form"));
        // clerk-js loaded from the configured emulator (a dead host would fail load()) and the page kept no trace of
        // the parameters
        assertThat(browser.getCurrentUrl()).endsWith("/sign-in");
        assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();
    }

    private static String browserFetch(String url) {
        browser.get(url);
        return browser.findElement(By.tagName("body")).getText();
    }

    @Test
    @Order(2)
    void signUpOnboardSignOutSignInResetThePasswordAndStayInOnesOwnOrganization() throws IOException {
        String email = "browser." + UUID.randomUUID() + "@fleetfusion.example";
        String password = "correct horse battery";
        String newPassword = "a brand new password";

        // not signed in: / is the sign-in page
        await("the SPA is served").atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            browser.get(suite.spaOrigin + "/");
            return browser.findElement(By.id("sign-in-form")).isDisplayed();
        });
        assertThat(browser.getCurrentUrl()).endsWith("/sign-in");
        screenshot("01-sign-in");

        // sign up: names, e-mail, password, then the code Clerk (the emulator) e-mailed
        browser.findElement(By.id("to-sign-up")).click();
        waitFor(By.id("sign-up-form"));
        assertThat(browser.getCurrentUrl()).endsWith("/sign-up");
        type("#sign-up-form [name=firstName]", "Bea");
        type("#sign-up-form [name=lastName]", "Browser");
        type("#sign-up-form [name=email]", email);
        type("#sign-up-form [name=password]", password);
        screenshot("02-sign-up");
        browser.findElement(By.cssSelector("#sign-up-form button")).click();
        waitFor(By.id("verify-form"));
        type("#verify-form [name=code]", emailedCode(email, "email_code"));
        screenshot("03-sign-up-verification-code");
        browser.findElement(By.cssSelector("#verify-form button")).click();

        // onboarding: the server's validation errors next to their fields, then the organization
        waitFor(By.id("onboarding-form"));
        assertThat(browser.getCurrentUrl()).endsWith("/onboarding");
        assertThat(text("user-name")).isEqualTo("Bea Browser");
        type("#onboarding-form [name=usdotNumber]", "12ab");
        type("#onboarding-form [name=organizationName]", "");
        browser.findElement(By.cssSelector("#onboarding-form button")).click();
        waitFor(By.cssSelector(".field-error[data-error-for=usdotNumber]"));
        assertThat(browser.findElement(By.cssSelector(".field-error[data-error-for=organizationName]")).isDisplayed())
                .isTrue();
        assertThat(browser.findElement(By.cssSelector("[name=usdotNumber]")).getAttribute("aria-invalid"))
                .isEqualTo("true");
        assertThat(browser.findElements(By.cssSelector(".field-error[data-error-for='address.city']"))).isEmpty();
        screenshot("04-onboarding-field-errors");
        String orgName = "Browser Freight " + UUID.randomUUID().toString().substring(0, 6);
        type("#onboarding-form [name=usdotNumber]", "1234567");
        type("#onboarding-form [name=organizationName]", orgName);
        browser.findElement(By.cssSelector("#onboarding-form button")).click();

        // the dashboard: the members (tenant-store's publicUserData and role) and the user-nav
        String dashboard = awaitDashboard();
        wait(Duration.ofSeconds(30)).until(ExpectedConditions.textToBePresentInElementLocated(By.id("members"), email));
        assertThat(text("org-name")).isEqualTo(orgName);
        assertThat(text("role")).isEqualTo("org:admin");
        List<WebElement> rows = browser.findElements(By.cssSelector("#members tr"));
        assertThat(rows).singleElement().satisfies(row ->
                assertThat(row.getText()).contains("Bea Browser").contains(email).contains("org:admin"));
        assertThat(text("user-name")).isEqualTo("Bea Browser");
        assertThat(text("user-org")).isEqualTo(orgName);
        assertThat(text("user-role")).isEqualTo("org:admin");
        assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();
        // the permissions the gateway read from the session token: Clerk's tokens carry custom permissions only,
        // and the emulator's default roles have none
        browser.findElement(By.cssSelector("#user-nav summary")).click();
        waitFor(By.id("user-permissions"));
        assertThat(browser.findElements(By.cssSelector("#user-permissions li"))).singleElement()
                .satisfies(item -> assertThat(item.getText()).isEqualTo("no custom permissions"));
        screenshot("05-dashboard");

        // another organization's dashboard: back to one's own
        Journeys.Member other = Journeys.onboarded(suite, "Otto");
        browser.get(suite.spaOrigin + "/" + other.orgId() + "/dashboard/" + other.userId());
        wait(Duration.ofSeconds(30)).until(ExpectedConditions.urlToBe(suite.spaOrigin + dashboard));
        wait(Duration.ofSeconds(30)).until(ExpectedConditions.textToBe(By.id("org-name"), orgName));
        screenshot("06-other-organization-redirected");

        // sign out: back to / and so to sign-in
        browser.findElement(By.id("sign-out")).click();
        waitFor(By.id("sign-in-form"));
        assertThat(browser.getCurrentUrl()).endsWith("/sign-in");
        assertThat(browser.findElement(By.id("user-nav")).isDisplayed()).isFalse();
        // signed out, the dashboard's URL is the sign-in page
        browser.get(suite.spaOrigin + dashboard);
        waitFor(By.id("sign-in-form"));
        assertThat(browser.getCurrentUrl()).endsWith("/sign-in");

        // a wrong password: Clerk's error shown
        type("#sign-in-form [name=email]", email);
        type("#sign-in-form [name=password]", "not the password");
        browser.findElement(By.cssSelector("#sign-in-form button")).click();
        waitFor(By.id("error"));
        assertThat(browser.findElement(By.id("error")).getAttribute("data-code")).isEqualTo("form_password_incorrect");
        assertThat(text("error")).isNotBlank();
        assertThat(browser.getCurrentUrl()).endsWith("/sign-in");
        screenshot("07-sign-in-wrong-password");

        // forgot password: the e-mailed code and a new password, then back to sign-in
        browser.findElement(By.id("to-forgot-password")).click();
        waitFor(By.id("forgot-form"));
        assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();
        type("#forgot-form [name=email]", email);
        screenshot("08-forgot-password");
        browser.findElement(By.cssSelector("#forgot-form button")).click();
        waitFor(By.id("reset-form"));
        type("#reset-form [name=code]", emailedCode(email, "reset_password_email_code"));
        type("#reset-form [name=password]", newPassword);
        screenshot("09-forgot-password-code");
        browser.findElement(By.cssSelector("#reset-form button")).click();
        waitFor(By.id("sign-in-form"));
        waitFor(By.id("notice"));
        assertThat(browser.getCurrentUrl()).endsWith("/sign-in");
        screenshot("10-password-changed");

        // the old password no longer works; the new one does, and leads to one's own dashboard
        type("#sign-in-form [name=email]", email);
        type("#sign-in-form [name=password]", password);
        browser.findElement(By.cssSelector("#sign-in-form button")).click();
        wait(Duration.ofSeconds(30)).until(ExpectedConditions.attributeToBe(By.id("error"), "data-code",
                "form_password_incorrect"));
        type("#sign-in-form [name=password]", newPassword);
        browser.findElement(By.cssSelector("#sign-in-form button")).click();
        assertThat(awaitDashboard()).isEqualTo(dashboard);
        wait(Duration.ofSeconds(30)).until(ExpectedConditions.textToBePresentInElementLocated(By.id("members"), email));
        screenshot("11-signed-in-again");

        browser.findElement(By.id("sign-out")).click();
        waitFor(By.id("sign-in-form"));
    }

    /** Waits for the dashboard of the signed-in user's organization; answers its path. */
    private String awaitDashboard() {
        wait(Duration.ofSeconds(60)).until(ExpectedConditions.urlMatches("/org_[^/]+/dashboard/user_[^/?]+$"));
        waitFor(By.id("dashboard"));
        return browser.getCurrentUrl().substring(suite.spaOrigin.length());
    }

    /** The latest code the emulator e-mailed to this address for this purpose (its control API, not the page's). */
    private String emailedCode(String email, String purpose) {
        List<String> codes = given().baseUri(suite.clerk.baseUrl()).queryParam("to", email)
                .get("/__emulator/emails")
                .then().statusCode(200)
                .extract().jsonPath().getList("findAll { it.purpose == '" + purpose + "' }.code", String.class);
        assertThat(codes).as("codes e-mailed to %s for %s", email, purpose).isNotEmpty();
        return codes.get(codes.size() - 1);
    }

    private static void type(String css, String value) {
        WebElement field = browser.findElement(By.cssSelector(css));
        field.clear();
        field.sendKeys(value);
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static WebDriverWait wait(Duration timeout) {
        return new WebDriverWait(browser, timeout);
    }

    private static void waitFor(By element) {
        wait(Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(element));
    }

    private static void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
