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
 * {@code ./secondlook report --format json} then gives intervals that contain the population's true rates. The
 * policy sends a quarter of the reviews to a second, independent reviewer (alice and bob take turns; bob, as second
 * reviewer, misses some off-policy outputs); dana settles the disagreements, and the report's agreement figures
 * count them.
 */
@ExtendWith(EmulatorExtension.class)
class ScorecardLocalStackIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int RECORDS = 3_000;

    @TempDir
    Path home;

    @Test
    void reportOnAGeneratedPopulation_coversItsTrueRates(Emulator emulator) throws Exception {
        dev.secondlook.local.LocalClients setup = dev.secondlook.local.LocalClients.of(emulator);
        String rules = "rules-" + Long.toHexString(System.nanoTime());
        setup.s3().createBucket(b -> b.bucket(rules));
        byte[] policy = (Files.readString(Path.of("../../policy/default-policy.yaml")) + "\ndoubleReview: 0.25\n")
                .getBytes(StandardCharsets.UTF_8);
        setup.s3().putObject(b -> b.bucket(rules).key("policy.yaml"), RequestBody.fromBytes(policy));
        String policyUri = "s3://" + rules + "/policy.yaml#sha256=" + java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(policy));
        try (LocalRuntime rt = LocalRuntime.on(emulator, Path.of("../../template.yaml"), 0, new LocalRuntime.Options(
                Map.of("PolicyS3Uri", policyUri), null, 1, 0))) {
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

            ReviewClient alice = client(rt, "alice");
            ReviewClient bob = client(rt, "bob");
            ReviewClient dana = client(rt, "dana");
            int routine = Integer.parseInt(rt.clients().sqs().getQueueAttributes(b -> b
                    .queueUrl(rt.resources().routineQueueUrl()).attributeNamesWithStrings(
                            "ApproximateNumberOfMessages")).attributesAsStrings().get("ApproximateNumberOfMessages"));
            assertTrue(routine > 200, "routine " + routine);
            int reviewed = 0;
            int doubled = 0;
            int disputed = 0;
            int routineLeft = routine - 30; // stop with records still pending: missing at random in their stratum
            ReviewClient[] team = {alice, bob};
            int turn = 0;
            int idle = 0;
            boolean waited = false;
            while (true) {
                ReviewClient who = team[turn++ % 2];
                ReviewClient.Response claim = who.call("POST", "/reviews/claim", null);
                if (claim.status() != 200) {
                    if (++idle < 2) {
                        continue;
                    }
                    if (waited) {
                        break;
                    }
                    // a record met by its own first reviewer comes back a minute later for the other
                    Thread.sleep(61_000);
                    waited = true;
                    idle = 0;
                    continue;
                }
                idle = 0;
                JsonNode record = MAPPER.readTree(claim.body());
                String id = record.get("id").asText();
                if (record.get("lane").asText().equals("routine") && routineLeft-- <= 0) {
                    assertEquals(200, who.call("POST", "/reviews/" + id + "/release", null).status());
                    break;
                }
                String label = labels.get(id);
                // bob, giving a second review, misses every third off-policy output he meets
                boolean second = record.get("claimCount").asInt() >= 2;
                if (who == bob && second && !label.isEmpty() && (id.hashCode() & 0x7fffffff) % 3 == 0) {
                    label = "";
                }
                ReviewClient.Response given = who.call("POST", "/reviews/" + id + "/verdict", verdict(label));
                assertEquals(200, given.status(), given.body());
                String status = MAPPER.readTree(given.body()).get("status").asText();
                reviewed += status.equals("REVIEWED") ? 1 : 0;
                doubled += second && !status.equals("PENDING") ? 1 : 0;
                disputed += status.equals("DISPUTED") ? 1 : 0;
            }
            JsonNode toSettle = MAPPER.readTree(dana.call("GET", "/reviews?status=DISPUTED&limit=100", null).body());
            assertEquals(disputed, toSettle.get("items").size());
            assertTrue(disputed > 0, "bob's misses are disagreements");
            for (JsonNode item : toSettle.get("items")) {
                String id = item.get("id").asText();
                assertEquals(200, dana.call("POST", "/reviews/" + id + "/verdict", verdict(labels.get(id))).status());
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

            JsonNode agreement = report.get("agreement");
            assertEquals(doubled, agreement.get("doubleReviewed").asLong(), agreement.toString());
            // a first review sends its record to the back of its queue, and the script stops before the routine lane
            // is empty: the priority lane's doubled records and the first routine ones finish both reviews
            assertTrue(doubled >= 8, "double reviews finished: " + doubled);
            assertEquals(disputed, agreement.get("disagreements").asLong());
            double kappa = agreement.get("kappa").asDouble();
            assertTrue(kappa > 0 && kappa < 1 && agreement.get("ci95").get(0).asDouble() <= kappa
                    && kappa <= agreement.get("ci95").get(1).asDouble(), agreement.toString());
        }
    }

    private static ReviewClient client(LocalRuntime rt, String who) {
        return new ReviewClient(rt.apiUrl(), rt.emulator().region(), StaticCredentialsProvider.create(
                AwsBasicCredentials.create(who, LocalRuntime.REVIEWERS.get(who))));
    }

    private static String verdict(String label) {
        return label.isEmpty() ? "{\"outcome\":\"on-policy\",\"categories\":[]}"
                : "{\"outcome\":\"off-policy\",\"categories\":[\"" + label + "\"],\"severity\":\"review\"}";
    }
}
