package io.daca.chatagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page at {@code /} and the OpenAPI UI, in a real headless Chromium against the real WAR, daprd
 * and placement: a message sent as a user gets its reply and shows in the history, and the live
 * analytics view counts it; the UI's "Try it out" calls this instance. The static files are served
 * while unknown API paths still get the JSON problem 404.
 */
@ExtendWith(ArquillianExtension.class)
class WebPageIT {

    @RegisterExtension
    static final LocalDaprStack STACK = LocalDaprStack.inMemory().name("web-page").start();

    private final ServiceClient service = new ServiceClient(STACK.appUrl());
    private ChromeDriver browser;

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.builtWar();
    }

    @BeforeEach
    void stackAndBrowser() {
        STACK.awaitReady(Duration.ofSeconds(120));
        browser = Browser.start();
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void staticFilesAreServedAndUnknownApiPathsStillGetJsonProblems() {
        for (String path : List.of("/", "/index.html")) {
            HttpResponse<String> page = service.get(path);
            assertEquals(200, page.statusCode(), path);
            assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), path);
            assertTrue(page.body().contains("<h1>ChatAgent</h1>"), path);
        }
        HttpResponse<String> script = service.get("/assets/app.js");
        assertEquals(200, script.statusCode());
        assertTrue(script.headers().firstValue("Content-Type").orElse("").contains("javascript"));
        assertEquals(200, service.get("/openapi-ui/").statusCode());
        assertEquals(200, service.get("/openapi-ui/swagger-ui-bundle.js").statusCode());
        for (String path : List.of("/no-such-thing", "/chat", "/index.htm")) {
            HttpResponse<String> unknown = service.get(path);
            assertEquals(404, unknown.statusCode(), path);
            assertEquals("application/problem+json", unknown.headers().firstValue("Content-Type").orElse(""), path);
            assertTrue(ServiceClient.json(unknown).hasNonNull("detail"), path);
        }
        assertEquals(405, service.post("/", "{}").statusCode());
    }

    @Test
    void chatAsAUserSeeTheReplyTheHistoryAndTheAnalyticsCountChange() {
        browser.get(STACK.appUrl() + "/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        // Landmarks and labels a screen reader relies on.
        assertEquals(1, browser.findElements(By.tagName("main")).size());
        assertEquals(1, browser.findElements(By.cssSelector("label[for='user-id']")).size());
        assertEquals(1, browser.findElements(By.cssSelector("label[for='message']")).size());
        assertEquals("polite", browser.findElement(By.id("reply")).getAttribute("aria-live"));

        wait.until(driver -> driver.findElement(By.id("total-messages")).getText().matches("\\d+"));
        long before = Long.parseLong(browser.findElement(By.id("total-messages")).getText());
        assertTrue(browser.findElement(By.id("host")).getText().startsWith("web-page-"), "the answering host is shown");
        assertFalse(browser.findElements(By.cssSelector("#partitions tbody tr")).isEmpty(), "one row per partition");

        String user = "page-user-" + System.nanoTime() % 100000;
        WebElement userId = browser.findElement(By.id("user-id"));
        userId.clear();
        userId.sendKeys(user);
        WebElement message = browser.findElement(By.id("message"));
        message.sendKeys("Hello from the page");
        message.sendKeys(Keys.ENTER); // the keyboard sends, no mouse needed

        wait.until(ExpectedConditions.textToBe(By.id("reply"), "Got your message: Hello from the page"));
        wait.until(driver -> driver.findElements(By.cssSelector("#history li")).size() == 2);
        List<String> history = browser.findElements(By.cssSelector("#history li")).stream().map(WebElement::getText).toList();
        assertEquals(List.of("user: Hello from the page", "assistant: Got your message: Hello from the page"), history);
        assertEquals(user, browser.findElement(By.id("history-user")).getText());
        assertTrue(browser.findElement(By.id("chat-error")).getAttribute("hidden") != null, "no error shown");

        // The event goes through the pubsub to analytics; the page refreshes GET /analytics by itself.
        new WebDriverWait(browser, Duration.ofSeconds(90)).until(driver ->
                Long.parseLong(driver.findElement(By.id("total-messages")).getText()) > before);
        assertEquals(1, service.messageCount(user));

        // A second message, and "Show history" reads it back.
        message.sendKeys("Second");
        browser.findElement(By.id("send")).click();
        wait.until(ExpectedConditions.textToBe(By.id("reply"), "Got your message: Second"));
        wait.until(driver -> driver.findElements(By.cssSelector("#history li")).size() == 4);
    }

    @Test
    void anInvalidUserIdIsRefusedOnThePageWithAMessage() {
        browser.get(STACK.appUrl() + "/");
        WebElement userId = browser.findElement(By.id("user-id"));
        userId.clear();
        userId.sendKeys("not|safe");
        browser.findElement(By.id("message")).sendKeys("hi");
        browser.findElement(By.id("send")).click();
        WebElement error = browser.findElement(By.id("chat-error"));
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(driver -> error.isDisplayed());
        assertEquals("alert", error.getAttribute("role"));
        assertEquals("true", userId.getAttribute("aria-invalid"));
    }

    @Test
    void openApiUiTryItOutCallsThisInstance() {
        browser.get(STACK.appUrl() + "/openapi-ui/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        WebElement operation = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#operations-chat-getHistory .opblock-summary-control")));
        operation.click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#operations-chat-getHistory .try-out__btn")))
                .click();
        WebElement actorId = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#operations-chat-getHistory tr[data-param-name='actor_id'] input")));
        actorId.clear();
        actorId.sendKeys("ui-user");
        browser.findElement(By.cssSelector("#operations-chat-getHistory .execute")).click();
        // The live response's row (the table's header row has the same cell class, reading "Code").
        WebElement status = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#operations-chat-getHistory .live-responses-table tr.response .response-col_status")));
        assertEquals("200", status.getText().trim());
        String url = browser.findElement(By.cssSelector("#operations-chat-getHistory .request-url pre")).getText();
        assertEquals(STACK.appUrl() + "/chat/ui-user/history", url.trim());
    }
}
