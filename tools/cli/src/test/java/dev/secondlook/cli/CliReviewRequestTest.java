package dev.secondlook.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The review subcommands' options become the same review API requests as before the move to picocli. */
class CliReviewRequestTest {

    private record Request(String method, String target, String body, String authorization) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<Request> requests = new ArrayList<>();
    private HttpServer api;
    private int status = 200;
    private String answer = "{\"ok\":true}";

    @TempDir
    Path home;

    @BeforeAll
    static void signAsAlice() {
        // the default credentials chain reads these first
        System.setProperty("aws.accessKeyId", "alice");
        System.setProperty("aws.secretAccessKey", "alice-local-secret");
    }

    @AfterAll
    static void forgetAlice() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @BeforeEach
    void startApi() throws IOException {
        api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.createContext("/", exchange -> {
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, status == 204 ? -1 : body.length);
            if (status != 204) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        api.start();
    }

    @AfterEach
    void stopApi() {
        api.stop(0);
    }

    private int review(String... args) {
        List<String> line = new ArrayList<>(List.of("review"));
        line.addAll(List.of(args));
        line.addAll(List.of("--api", "http://127.0.0.1:" + api.getAddress().getPort(), "--region", "us-east-1"));
        return Main.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]), home)
                .execute(line.toArray(String[]::new));
    }

    private Request only() {
        assertEquals(1, requests.size(), requests.toString());
        return requests.get(0);
    }

    @Test
    void verdict_sendsEveryOptionInTheBody_repeatedCategoriesInOrder() throws IOException {
        assertEquals(0, review("verdict", "7b3e1c2a-0001", "--outcome", "off-policy", "--category", "commitment",
                "--category", "refund", "--severity", "page", "--note", "promised a refund", "--correct",
                "A specialist will reply."));
        Request r = only();
        assertEquals("POST /reviews/7b3e1c2a-0001/verdict", r.method() + " " + r.target());
        assertEquals(MAPPER.readTree("{\"outcome\":\"off-policy\",\"categories\":[\"commitment\",\"refund\"],"
                + "\"severity\":\"page\",\"note\":\"promised a refund\","
                + "\"correctedResponse\":\"A specialist will reply.\"}"), MAPPER.readTree(r.body()));
        assertTrue(r.authorization().startsWith("AWS4-HMAC-SHA256 Credential=alice/"), r.authorization());
    }

    @Test
    void verdict_withOnlyAnOutcome_sendsNoCategoriesAndNothingElse() throws IOException {
        assertEquals(0, review("verdict", "r1", "--outcome", "on-policy"));
        assertEquals(MAPPER.readTree("{\"outcome\":\"on-policy\",\"categories\":[]}"), MAPPER.readTree(only().body()));
    }

    @Test
    void verdict_onAHeldOutput_sendsTheDecisionAndTheEdit_andAnEditImpliesItsDecision() throws IOException {
        assertEquals(0, review("verdict", "req-1", "--edit", "Use SSO.", "--category", "secret-leak"));
        assertEquals(MAPPER.readTree("{\"decision\":\"edit\",\"editedOutput\":\"Use SSO.\",\"categories\":"
                + "[\"secret-leak\"]}"), MAPPER.readTree(only().body()));
        requests.clear();
        assertEquals(0, review("verdict", "req-2", "--decision", "block", "--outcome", "off-policy"));
        assertEquals(MAPPER.readTree("{\"outcome\":\"off-policy\",\"decision\":\"block\",\"categories\":[]}"),
                MAPPER.readTree(only().body()));
    }

    @Test
    void amendExtendAndMine_callTheirRoutes_amendWithTheVerdictsOptions() throws IOException {
        assertEquals(0, review("amend", "r1", "--outcome", "on-policy", "--note", "a test key"));
        Request r = only();
        assertEquals("POST /reviews/r1/amend", r.method() + " " + r.target());
        assertEquals(MAPPER.readTree("{\"outcome\":\"on-policy\",\"categories\":[],\"note\":\"a test key\"}"),
                MAPPER.readTree(r.body()));
        requests.clear();
        assertEquals(0, review("extend", "r1"));
        assertEquals("POST /reviews/r1/extend", only().method() + " " + only().target());
        requests.clear();
        assertEquals(0, review("mine"));
        assertEquals("GET /reviews/mine", only().method() + " " + only().target());
    }

    @Test
    void list_sendsOnlyTheFiltersGiven_inTheirUsualOrder() {
        assertEquals(0, review("list", "--limit", "5", "--lane", "priority", "--status", "REVIEWED"));
        assertEquals("GET /reviews?status=REVIEWED&lane=priority&limit=5", only().method() + " " + only().target());
    }

    @Test
    void list_withoutFilters_asksForTheFirstPage() {
        assertEquals(0, review("list"));
        assertEquals("GET /reviews", only().method() + " " + only().target());
    }

    @Test
    void showAndRelease_encodeTheIdIntoThePath() {
        assertEquals(0, review("show", "a/b c"));
        assertEquals(0, review("release", "a/b c"));
        assertEquals("GET /reviews/a%2Fb+c", requests.get(0).method() + " " + requests.get(0).target());
        assertEquals("POST /reviews/a%2Fb+c/release", requests.get(1).method() + " " + requests.get(1).target());
    }

    @Test
    void next_whenNothingWaits_saysSo_andExits0() {
        status = 204;
        assertEquals(0, review("next"));
        assertEquals("POST /reviews/claim", only().method() + " " + only().target());
        assertEquals("no record is waiting for review\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anUnreachableApi_saysWhereAndWhy_andExits1() {
        int port = api.getAddress().getPort();
        api.stop(0);
        assertEquals(1, review("next"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("secondlook: cannot reach the review API at "
                + "http://127.0.0.1:" + port + ": ConnectException"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anErrorAnswer_isOneReadableLine_orPrettyJsonWithJson_andExits1() {
        status = 409;
        answer = "{\"error\":\"conflict\",\"message\":\"claimed by bob\"}";
        assertEquals(1, review("show", "r1"));
        assertEquals("review: HTTP 409 conflict: claimed by bob\n", out.toString(StandardCharsets.UTF_8));
        out.reset();
        assertEquals(1, review("show", "r1", "--json"));
        assertEquals("{\n  \"error\" : \"conflict\",\n  \"message\" : \"claimed by bob\"\n}\n",
                out.toString(StandardCharsets.UTF_8));
    }
}
