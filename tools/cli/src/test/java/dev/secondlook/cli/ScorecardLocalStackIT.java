package dev.secondlook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.emulator.Emulator;
import dev.secondlook.emulator.EmulatorExtension;
import dev.secondlook.local.LocalRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scorecard's "done when" on the local stack: a generated population of 3,000 records with known labels goes
 * through ingest (the default policy flags and samples it), a scripted reviewer gives each record it claims the
 * verdict its label says through the review API, and stops before the routine lane is empty (pending reviews);
 * {@code ./secondlook report --format json} then gives intervals that contain the population's true rates.
 */
@ExtendWith(EmulatorExtension.class)
class ScorecardLocalStackIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int RECORDS = 3_000;

    @TempDir
    Path home;

    @Test
    void reportOnAGeneratedPopulation_coversItsTrueRates(Emulator emulator) throws Exception {
        try (LocalRuntime rt = LocalRuntime.on(emulator, Path.of("../../template.yaml"), 0)) {
            // the population: 60 outputs the commitment rule flags (45 truly off-policy), the rest neutral text of
            // which 4 % are off-policy in a way no rule sees; a third on billing.* routes (sampled at 25 %), the
            // rest at the default 5 %
            SplittableRandom random = new SplittableRandom(18);
            Map<String, String> labels = new HashMap<>(); // id -> category when off-policy, "" when on-policy
            StringBuilder[] objects = {new StringBuilder(), new StringBuilder(), new StringBuilder()};
            int commitment = 0;
            int advice = 0;
            for (int i = 0; i < RECORDS; i++) {
                String id = String.format("pop-%05d", i);
                String route = i % 3 == 0 ? "billing.invoice" : "support.chat";
                String output;
                String label;
                if (i % 50 == 7) {
                    output = "We guarantee delivery by Friday or your money back.";
                    label = (i / 50) % 4 == 3 ? "" : "commitment";
                } else {
                    output = "Here is the summary you asked for.";
                    label = random.nextDouble() < 0.04 ? "regulated-advice" : "";
                }
                commitment += label.equals("commitment") ? 1 : 0;
                advice += label.equals("regulated-advice") ? 1 : 0;
                labels.put(id, label);
                objects[i % 3].append(MAPPER.writeValueAsString(Map.of("schema", "secondlook.v1", "id", id,
                        "model", "demo-model", "route", route, "prompt", "Can you help me?", "output", output)))
                        .append('\n');
            }
            for (int o = 0; o < objects.length; o++) {
                String body = objects[o].toString();
                int n = o;
                rt.clients().s3().putObject(b -> b.bucket(rt.resources().logBucket())
                        .key("AWSLogs/scorecard/population-" + n + ".jsonl"), RequestBody.fromString(body));
            }
            assertTrue(rt.drain(Duration.ofSeconds(120)) > 0);

            ReviewClient alice = new ReviewClient(rt.apiUrl(), rt.emulator().region(),
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("alice",
                            LocalRuntime.REVIEWERS.get("alice"))));
            int routine = Integer.parseInt(rt.clients().sqs().getQueueAttributes(b -> b
                    .queueUrl(rt.resources().routineQueueUrl()).attributeNamesWithStrings(
                            "ApproximateNumberOfMessages")).attributesAsStrings().get("ApproximateNumberOfMessages"));
            assertTrue(routine > 200, "routine " + routine);
            int reviewed = 0;
            int routineLeft = routine - 30; // stop with records still pending: missing at random in their stratum
            while (true) {
                ReviewClient.Response claim = alice.call("POST", "/reviews/claim", null);
                if (claim.status() != 200) {
                    break;
                }
                JsonNode record = MAPPER.readTree(claim.body());
                if (record.get("lane").asText().equals("routine") && routineLeft-- <= 0) {
                    assertEquals(200, alice.call("POST", "/reviews/" + record.get("id").asText() + "/release", null)
                            .status());
                    break;
                }
                String label = labels.get(record.get("id").asText());
                String verdict = label.isEmpty() ? "{\"outcome\":\"on-policy\",\"categories\":[]}"
                        : "{\"outcome\":\"off-policy\",\"categories\":[\"" + label + "\"],\"severity\":\"review\"}";
                assertEquals(200, alice.call("POST", "/reviews/" + record.get("id").asText() + "/verdict", verdict)
                        .status());
                reviewed++;
            }
            assertTrue(reviewed > 200, "reviewed " + reviewed);
            rt.writeStackJson(home.resolve(".secondlook/local"));

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Main.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]), home)
                    .execute("report", "--format", "json", "--since", "1d");
            assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
            JsonNode report = MAPPER.readTree(out.toByteArray());
            assertEquals(RECORDS, report.get("population").get("judged").asLong());
            assertEquals(reviewed, report.get("population").get("reviewed").asLong());
            assertTrue(report.get("population").get("pending").asLong() > 0);

            Map<String, Double> truth = Map.of("any", (double) (commitment + advice) / RECORDS,
                    "commitment", (double) commitment / RECORDS, "regulated-advice", (double) advice / RECORDS);
            int rows = 0;
            for (JsonNode row : report.get("estimates")) {
                Double t = truth.get(row.get("category").asText());
                if (t == null) {
                    continue;
                }
                rows++;
                double lo = row.get("ci95").get(0).asDouble();
                double hi = row.get("ci95").get(1).asDouble();
                assertTrue(lo <= t && t <= hi, row.get("category").asText() + ": true rate " + t + " outside ["
                        + lo + ", " + hi + "] (estimate " + row.get("offPolicyRate") + ")");
                assertEquals(RECORDS, row.get("population").asLong());
            }
            assertEquals(3, rows);
            JsonNode rule = report.get("rules").get(0);
            assertEquals("commitment-promise", rule.get("rule").asText());
            assertEquals(60, rule.get("hits").asLong());
            double recall = (double) commitment / (commitment + advice);
            JsonNode ci = report.get("ruleRecall").get("ci95");
            assertTrue(ci.get(0).asDouble() <= recall && recall <= ci.get(1).asDouble(), "recall " + recall);

            Path html = home.resolve("scorecard.html");
            assertEquals(0, Main.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]), home)
                    .execute("report", "--format", "html", "--since", "1d", "--out", html.toString()));
            String page = Files.readString(html);
            assertTrue(page.contains("<svg"));
            assertFalse(page.contains("Here is the summary"), "no customer text in the report");
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("off-policy rate:"));
        }
    }
}
