package dev.secondlook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secondlook.emulator.Emulator;
import dev.secondlook.emulator.EmulatorExtension;
import dev.secondlook.local.LocalOidcIssuer;
import dev.secondlook.local.LocalRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reviewer console in a real Chromium (Debian's {@code chromium} and {@code chromium-driver}, headless, driven
 * by Selenium; nothing downloads a browser) against the local stack: sign-in through the local OIDC issuer with
 * PKCE, the JWT authorizer of the console's API, the review function serving page and API. Controls are found by
 * their accessible names, as a screen reader would find them; axe-core checks each view.
 */
@ExtendWith(EmulatorExtension.class)
class ConsoleBrowserIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path TEMPLATE = Path.of("../../template.yaml");
    private static final Path SHOTS = Path.of("target/console-screenshots");
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final List<ChromeDriver> browsers = new ArrayList<>();
    private String testName;

    @BeforeEach
    void name(TestInfo info) {
        testName = info.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void closeBrowsers() {
        browsers.forEach(WebDriver::quit);
        browsers.clear();
    }

    // ------------------------------------------------------------------ the browser

    private ChromeDriver browser() throws Exception {
        Path chromium = Path.of(System.getProperty("secondlook.chromium", "/usr/bin/chromium"));
        Path driver = Path.of(System.getProperty("secondlook.chromedriver", "/usr/bin/chromedriver"));
        assertTrue(Files.isExecutable(chromium) && Files.isExecutable(driver), "the console's browser tests need "
                + chromium + " and " + driver + ": apt-get install chromium chromium-driver (scripts/test.sh does)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1366,900", "--no-first-run", "--disable-extensions", "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory("console-it-chromium"));
        // the system driver and browser, named: Selenium Manager is never asked to find (or fetch) either
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                .usingAnyFreePort().build();
        ChromeDriver d = new ChromeDriver(service, options);
        d.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        browsers.add(d);
        return d;
    }

    /**
     * A wait that tries again when an element it found is gone: a click that navigates (the login form's Sign in)
     * or re-renders a view can replace the page between finding an element and asking about it.
     */
    private static WebDriverWait waiting(WebDriver d) {
        WebDriverWait wait = new WebDriverWait(d, WAIT);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /** The displayed element of a kind ({@code button}, {@code input}, ...) whose accessible name is {@code name}. */
    private static WebElement named(WebDriver d, String css, String name) {
        return waiting(d).until(x -> {
            for (WebElement e : x.findElements(By.cssSelector(css))) {
                if (e.isDisplayed() && name.equals(e.getAccessibleName())) {
                    return e;
                }
            }
            return null;
        });
    }

    private static boolean shows(WebDriver d, String id) {
        List<WebElement> found = d.findElements(By.id(id));
        return !found.isEmpty() && found.get(0).isDisplayed();
    }

    private static void keys(WebDriver d, CharSequence... keys) {
        new Actions(d).sendKeys(keys).perform();
    }

    private void screenshot(ChromeDriver d, String what) throws Exception {
        Files.createDirectories(SHOTS);
        Files.copy(d.getScreenshotAs(OutputType.FILE).toPath(), SHOTS.resolve(testName + "-" + what + ".png"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** Runs axe-core on the page; fails on any serious or critical violation, naming the rule and the nodes. */
    @SuppressWarnings("unchecked")
    private static void axe(ChromeDriver d, String where) throws Exception {
        String axe;
        try (var in = ConsoleBrowserIT.class.getResourceAsStream("/axe/axe.min.js")) {
            axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        d.executeScript(axe);
        Object result = d.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']}).then(r => done(JSON.stringify(r.violations)))"
                + ".catch(e => done('error: ' + e));");
        String json = String.valueOf(result);
        assertFalse(json.startsWith("error:"), json);
        List<String> bad = new ArrayList<>();
        for (JsonNode v : MAPPER.readTree(json)) {
            String impact = v.path("impact").asText();
            if (impact.equals("serious") || impact.equals("critical")) {
                List<String> nodes = new ArrayList<>();
                v.path("nodes").forEach(n -> nodes.add(n.path("target").toString()));
                bad.add(v.path("id").asText() + " (" + impact + ") " + nodes);
            }
        }
        assertTrue(bad.isEmpty(), "axe-core on " + where + ": " + bad);
    }

    /** Signs in through the console's "Sign in" and the issuer's form, as a person would. */
    private static void signIn(ChromeDriver d, LocalRuntime rt, String user) {
        d.get(rt.consoleUrl().toString());
        named(d, "button", "Sign in").click();
        waiting(d).until(x -> x.getCurrentUrl().startsWith(rt.oidcIssuer().issuer()));
        named(d, "input", "Username").sendKeys(user);
        named(d, "input", "Password").sendKeys(LocalOidcIssuer.password(user));
        named(d, "button", "Sign in").click();
        waiting(d).until(x -> x.getCurrentUrl().startsWith(rt.consoleUrl().toString())
                && (shows(x, "view-queue") || shows(x, "view-refused")));
    }

    // ------------------------------------------------------------------ the stack

    /** Writes secondlook.v1 records on a high-stakes route (every one is reviewed) and lets the pipeline run. */
    private static void seed(LocalRuntime rt, String name, Map<String, String[]> records) throws Exception {
        StringBuilder log = new StringBuilder();
        for (Map.Entry<String, String[]> r : records.entrySet()) {
            ObjectNode line = MAPPER.createObjectNode().put("schema", "secondlook.v1").put("id", r.getKey())
                    .put("model", "in-house-llm-7b").put("route", "legal.console-it").put("prompt", r.getValue()[0])
                    .put("output", r.getValue()[1]);
            log.append(line).append('\n');
        }
        rt.clients().s3().putObject(b -> b.bucket(rt.resources().logBucket()).key("AWSLogs/console-it/" + name
                + ".jsonl"), RequestBody.fromString(log.toString()));
        rt.drain(Duration.ofSeconds(60));
        for (String id : records.keySet()) {
            assertEquals("PENDING", item(rt, id).get("status").s(), id + " waits for review");
        }
    }

    private static Map<String, AttributeValue> item(LocalRuntime rt, String id) {
        return rt.clients().dynamoDb().getItem(b -> b.tableName(rt.resources().reviewTable())
                .key(Map.of("id", AttributeValue.fromS(id)))).item();
    }

    private static Map<String, String[]> plainRecords(String prefix, int n) {
        Map<String, String[]> out = new LinkedHashMap<>();
        for (int i = 1; i <= n; i++) {
            out.put(prefix + i, new String[] {"Can I get a refund on order " + i + "?",
                    "I'll give you a 20% discount today and a full refund, guaranteed."});
        }
        return out;
    }

    private static String recordId(WebDriver d) {
        return waiting(d).until(x -> shows(x, "view-record") ? x.findElement(By.id("rec-id")).getText() : null);
    }

    /** The keyboard path: x (off policy), 1 (first category), n + a note, Esc, s (submit). */
    private static void decideOffPolicyByKeyboard(WebDriver d, String note) {
        keys(d, "x");
        keys(d, "1");
        keys(d, "n");
        keys(d, note);
        keys(d, Keys.ESCAPE);
        keys(d, "s");
        waiting(d).until(x -> shows(x, "view-queue")
                && x.findElement(By.id("status")).getText().startsWith("Verdict recorded"));
    }

    // ------------------------------------------------------------------ the flows

    @Test
    void aliceSignsIn_claimsAndDecidesByKeyboard_andTheRecordIsReviewedByHer(Emulator emulator) throws Exception {
        try (LocalRuntime rt = LocalRuntime.on(emulator, TEMPLATE, 0)) {
            seed(rt, "alice", plainRecords("console-alice-", 2));
            ChromeDriver d = browser();
            d.get(rt.consoleUrl().toString());
            named(d, "button", "Sign in");
            axe(d, "the console's sign-in view");
            named(d, "button", "Sign in").click();
            named(d, "input", "Username");
            axe(d, "the issuer's login form");
            screenshot(d, "login");
            named(d, "input", "Username").sendKeys("alice");
            named(d, "input", "Password").sendKeys(LocalOidcIssuer.password("alice"));
            named(d, "button", "Sign in").click();

            WebElement claim = named(d, "button", "Claim next");
            assertTrue(d.findElement(By.id("who")).getText().contains("alice"));
            assertEquals(claim, d.switchTo().activeElement(), "Claim next has the focus: c or Enter claims");
            assertTrue(d.findElement(By.id("lanes")).getText().contains("priority 2"), "the overview counts both");
            assertFalse(shows(d, "lead-link"), "a reviewer gets no listing of every record");
            axe(d, "the queue");

            keys(d, "c");
            String id = recordId(d);
            assertTrue(id.startsWith("console-alice-"), id);
            WebElement output = d.findElement(By.cssSelector("section[aria-labelledby='output-title']"));
            assertEquals("Output", output.getAccessibleName());
            assertEquals("region", output.getAriaRole());
            assertFalse(output.findElements(By.tagName("mark")).isEmpty(), "the commitment evidence is marked");
            String hover = output.findElements(By.tagName("mark")).get(0).getAttribute("title");
            assertTrue(hover.contains(" - "), "a mark's hover/focus text gives its rule's description: " + hover);
            screenshot(d, "claimed");
            for (String name : List.of("On policy", "Off policy", "Submit verdict", "Release", "Extend lease")) {
                named(d, "button", name);
            }
            assertTrue(d.findElement(By.id("lease")).getText().startsWith("Lease: "), "the lease counts down");
            String leaseBefore = item(rt, id).get("leaseExpiresAt").s();
            Thread.sleep(1100);
            keys(d, "m");
            waiting(d).until(x -> x.findElement(By.id("status")).getText().startsWith("Lease extended"));
            assertTrue(item(rt, id).get("leaseExpiresAt").s().compareTo(leaseBefore) > 0, "m extends the lease");
            keys(d, "?");
            waiting(d).until(x -> shows(x, "help"));
            axe(d, "the shortcuts overlay");
            keys(d, Keys.ESCAPE);
            waiting(d).until(x -> !shows(x, "help"));
            axe(d, "a claimed record");
            keys(d, "x");
            keys(d, "1");
            keys(d, "n");
            keys(d, "Promises a discount and a refund the policy does not allow.");
            keys(d, Keys.ESCAPE);
            keys(d, "e");
            keys(d, "I can't promise a discount, but I've passed your refund request to our billing team.");
            keys(d, Keys.ESCAPE);
            screenshot(d, "record");
            keys(d, "s");
            waiting(d).until(x -> shows(x, "view-queue")
                    && x.findElement(By.id("status")).getText().startsWith("Verdict recorded for " + id));

            Map<String, AttributeValue> reviewed = item(rt, id);
            assertEquals("REVIEWED", reviewed.get("status").s());
            assertEquals("alice", reviewed.get("reviewedBy").s(), "the reviewer is the signed-in identity");
            Map<String, AttributeValue> verdict = reviewed.get("verdict").m();
            assertEquals("off-policy", verdict.get("outcome").s());
            assertEquals("commitment", verdict.get("categories").l().get(0).s());
            assertTrue(verdict.get("correctedResponse").s().startsWith("I can't promise a discount"));

            // and straight on to the next, still without the mouse
            keys(d, "c");
            String next = recordId(d);
            assertFalse(next.equals(id));
            assertTrue(next.startsWith("console-alice-"));
            assertEquals(List.of(), rt.iamDenials());
        }
    }

    @Test
    void twoReviewersInTwoBrowsers_neverHoldTheSameRecord(Emulator emulator) throws Exception {
        try (LocalRuntime rt = LocalRuntime.on(emulator, TEMPLATE, 0)) {
            Map<String, String[]> records = plainRecords("console-pair-", 6);
            seed(rt, "pair", records);
            ChromeDriver alice = browser();
            ChromeDriver bob = browser();
            signIn(alice, rt, "alice");
            signIn(bob, rt, "bob");
            Set<String> byAlice = new HashSet<>();
            Set<String> byBob = new HashSet<>();
            for (int round = 0; round < 3; round++) {
                // both claim before either decides: the two claims are live at the same time
                keys(alice, "c");
                keys(bob, "c");
                String a = recordId(alice);
                String b = recordId(bob);
                assertFalse(a.equals(b), "alice and bob both hold " + a);
                byAlice.add(a);
                byBob.add(b);
                decideOffPolicyByKeyboard(alice, "round " + round);
                decideOffPolicyByKeyboard(bob, "round " + round);
            }
            assertTrue(java.util.Collections.disjoint(byAlice, byBob));
            Set<String> all = new HashSet<>(byAlice);
            all.addAll(byBob);
            assertEquals(records.keySet(), all);
            for (String id : byAlice) {
                assertEquals("alice", item(rt, id).get("reviewedBy").s());
            }
            for (String id : byBob) {
                assertEquals("bob", item(rt, id).get("reviewedBy").s());
            }
            keys(alice, "c");
            waiting(alice).until(x -> x.findElement(By.id("status")).getText().equals("Nothing is waiting for review."));
        }
    }

    @Test
    void carol_seesANotAReviewerPage_andTheApiRefusesHer(Emulator emulator) throws Exception {
        try (LocalRuntime rt = LocalRuntime.on(emulator, TEMPLATE, 0)) {
            ChromeDriver d = browser();
            signIn(d, rt, "carol");
            assertTrue(shows(d, "view-refused"));
            assertEquals("You are not a reviewer", d.findElement(By.id("refused-title")).getText());
            assertEquals("carol", d.findElement(By.id("refused-who")).getText());
            assertFalse(shows(d, "claim"), "no Claim next for her");
            axe(d, "the not-a-reviewer page");
            screenshot(d, "refused");

            HttpClient http = HttpClient.newHttpClient();
            URI claim = rt.consoleUrl().resolve("/reviews/claim");
            String token = String.valueOf(d.executeScript("return sessionStorage.getItem('sl.token')"));
            assertEquals(403, http.send(HttpRequest.newBuilder(claim).header("authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode(), "carol's valid token, but she is no reviewer");
            assertEquals(401, http.send(HttpRequest.newBuilder(claim).POST(HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode(), "no token");
            assertEquals(401, http.send(HttpRequest.newBuilder(claim).header("authorization", "Bearer "
                    + token.substring(0, token.length() - 4) + "AAAA").POST(HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode(), "a forged signature");
        }
    }

    @Test
    void injectionRecords_stayInert_andTheLayoutHolds(Emulator emulator) throws Exception {
        Map<String, String[]> hostile = new LinkedHashMap<>();
        hostile.put("console-inj-script", new String[] {"<script>window.__pwned = 'prompt'</script>Hi",
                "<script>window.__pwned = 'script'</script>I'll give you a 20% discount today, guaranteed."});
        hostile.put("console-inj-img", new String[] {"Show me a picture",
                "<img src=x onerror=\"window.__pwned = 'img'\"><svg onload=\"window.__pwned = 'svg'\"></svg>"});
        hostile.put("console-inj-link", new String[] {"Where do I click?",
                "[Claim your refund](javascript:window.__pwned='md-link') or "
                        + "<a href=\"javascript:window.__pwned='a'\" id=\"evil\">here</a>"});
        hostile.put("console-inj-css", new String[] {"Style?",
                "<style>body{display:none} #verdict{display:none}</style><div style=\"position:fixed;inset:0;"
                        + "background:red;z-index:9999\">covered</div>" + "W".repeat(3000)});
        hostile.put("console-inj-md", new String[] {"# Heading\n![x](http://attacker.invalid/beacon.png)",
                "**bold** _it_ # Title\n<iframe src=\"javascript:window.__pwned='iframe'\"></iframe>\n"
                        + "```html\n<script>window.__pwned='fence'</script>\n```"});
        try (LocalRuntime rt = LocalRuntime.on(emulator, TEMPLATE, 0)) {
            seed(rt, "hostile", hostile);
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(rt.consoleUrl())
                    .build(), HttpResponse.BodyHandlers.ofString());
            String csp = page.headers().firstValue("content-security-policy").orElseThrow();
            assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline")
                    && csp.contains("default-src 'none'"), csp);
            assertFalse(page.body().contains("<script>"), "no inline script in the page");

            ChromeDriver d = browser();
            signIn(d, rt, "alice");
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < hostile.size(); i++) {
                keys(d, "c");
                String id = recordId(d);
                assertTrue(seen.add(id));
                WebElement output = d.findElement(By.id("output"));
                String raw = hostile.get(id)[1];
                assertEquals(raw, output.getAttribute("textContent").replace("\u2026", "…"),
                        id + ": the output is its text, character for character");
                assertEquals(0L, ((Number) d.executeScript("return document.querySelectorAll("
                        + "'#output *:not(mark), #prompt *, #system-prompt *').length")).longValue(),
                        id + ": no element but the evidence marks comes from the record");
                assertNull(d.executeScript("return window.__pwned"), id + ": nothing ran");
                assertEquals(1L, ((Number) d.executeScript("return document.scripts.length")).longValue());
                JavascriptExecutor js = d;
                assertEquals("block", js.executeScript("return getComputedStyle(document.body).display"));
                WebElement submit = named(d, "button", "Submit verdict");
                assertTrue(submit.isDisplayed(), id + ": the verdict form is still there");
                Number outputRight = (Number) js.executeScript(
                        "return document.getElementById('output').getBoundingClientRect().right");
                Number formLeft = (Number) js.executeScript(
                        "return document.getElementById('verdict').getBoundingClientRect().left");
                assertTrue(outputRight.doubleValue() <= formLeft.doubleValue(),
                        id + ": the output stays in its column");
                if (id.equals("console-inj-css")) {
                    screenshot(d, "css-injection");
                }
                keys(d, "o");
                keys(d, "s");
                waiting(d).until(x -> shows(x, "view-queue")
                        && x.findElement(By.id("status")).getText().startsWith("Verdict recorded for " + id));
            }
            assertEquals(hostile.keySet(), seen);
            assertNull(d.executeScript("return window.__pwned"));
            assertNotNull(d.findElement(By.id("claim")));
        }
    }

    @Test
    void aLead_listsEveryRecord_opensOne_andAdjudicatesIt(Emulator emulator) throws Exception {
        try (LocalRuntime rt = LocalRuntime.on(emulator, TEMPLATE, 0)) {
            seed(rt, "lead", plainRecords("console-lead-", 2));
            ChromeDriver d = browser();
            signIn(d, rt, "dana");
            named(d, "a", "All records (leads)");
            keys(d, "l");
            waiting(d).until(x -> shows(x, "view-records") && x.findElements(By.cssSelector("#records tr")).size() == 2);
            axe(d, "the leads' listing");
            named(d, "button", "Open console-lead-2").click();
            assertEquals("console-lead-2", recordId(d));
            assertFalse(shows(d, "release"), "nobody holds it: nothing to release");
            keys(d, "x");
            keys(d, "s");
            waiting(d).until(x -> x.findElement(By.id("status")).getText().startsWith(
                    "Verdict recorded for console-lead-2"));
            assertEquals("REVIEWED", item(rt, "console-lead-2").get("status").s());
            assertEquals("dana", item(rt, "console-lead-2").get("reviewedBy").s(), "a lead adjudicates unclaimed");
            assertEquals("PENDING", item(rt, "console-lead-1").get("status").s());
        }
    }

    @Test
    void aHeldOutput_isEditedInTheConsole_itsSecretStaysMasked_andTheApplicationDeliversTheEdit(Emulator emulator)
            throws Exception {
        try (LocalRuntime rt = LocalRuntime.on(emulator, TEMPLATE, 0);
             dev.secondlook.client.GateClient gate = dev.secondlook.client.GateClient.builder()
                     .endpoint(rt.gateApiUrl()).region(rt.emulator().region())
                     .credentials(software.amazon.awssdk.identity.spi.AwsCredentialsIdentity.create("app",
                             LocalRuntime.REVIEWERS.get("app"))).build()) {
            String key = "AKIAQYLPMN5HFIQR7XB2";
            dev.secondlook.client.Check held = gate.check(dev.secondlook.client.CheckRequest.of("console-held-1",
                    "support.chat", "anthropic.claude-3-haiku-20240307-v1:0", "Use the access key id " + key
                            + " with your secret key.").withPrompt("How do I call the API?"));
            assertEquals("hold", held.decision());
            rt.drain(Duration.ofSeconds(30));
            java.util.concurrent.CompletableFuture<dev.secondlook.client.Decision> delivered =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> held.awaitDecision(Duration.ofSeconds(90)));

            ChromeDriver d = browser();
            signIn(d, rt, "alice");
            keys(d, "c");
            assertEquals("console-held-1", recordId(d));
            assertTrue(shows(d, "hold-box"), "a held output asks what to deliver");
            String shown = d.findElement(By.id("output")).getAttribute("textContent");
            assertFalse(shown.contains(key), "the masked evidence stays masked: " + shown);
            assertTrue(shown.contains("chars, masked)"), shown);
            keys(d, "t");
            assertFalse(d.findElement(By.id("correction")).getAttribute("value").contains(key),
                    "the edit starts from the masked text");
            keys(d, "e");
            new Actions(d).keyDown(Keys.CONTROL).sendKeys("a").keyUp(Keys.CONTROL).perform();
            String text = "I can't share credentials. Sign in with aws configure sso and create your own key.";
            keys(d, text);
            keys(d, Keys.ESCAPE);
            keys(d, "s");
            waiting(d).until(x -> x.findElement(By.id("status")).getText().startsWith(
                    "Verdict recorded for console-held-1"));
            dev.secondlook.client.Decision decision = delivered.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals("edited", decision.status());
            assertEquals(text, decision.output());
            assertEquals("alice", item(rt, "console-held-1").get("reviewedBy").s());
        }
    }
}
