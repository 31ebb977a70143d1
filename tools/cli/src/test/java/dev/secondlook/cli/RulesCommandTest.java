package dev.secondlook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RulesCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        String[] line = new String[args.length + 1];
        line[0] = "rules";
        System.arraycopy(args, 0, line, 1, args.length);
        return Main.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]),
                Path.of("../..")).execute(line);
    }

    private List<JsonNode> lines() throws IOException {
        List<JsonNode> l = new ArrayList<>();
        for (String s : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!s.isBlank()) {
                l.add(new ObjectMapper().readTree(s));
            }
        }
        return l;
    }

    @Test
    void check_printsADecisionForEveryRecord_andRejectsTheMalformedLineWithItsReason() throws IOException {
        assertEquals(0, run("check", "--input", "../../events/logs/generic-secondlook-v1.jsonl"));
        List<JsonNode> l = lines();
        assertEquals(5, l.size());
        assertEquals("review", l.get(0).get("decision").asText());
        assertEquals("commitment", l.get(0).get("categories").get(0).asText());
        JsonNode malformed = l.get(4);
        assertEquals("rejected", malformed.get("decision").asText());
        assertEquals(5, malformed.get("line").asInt());
        assertTrue(malformed.get("reason").asText().startsWith("invalid-json"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("5 records"));
    }

    @Test
    void check_writesIdsOutsideTheBmpAsThemselves_andALoneSurrogateAsAQuestionMark(@TempDir Path dir)
            throws IOException {
        // what printing each line as a string wrote, before the lines had a generator of their own
        Path log = dir.resolve("ids.jsonl");
        Files.writeString(log, "{\"schema\": \"secondlook.v1\", \"id\": \"gen-\uD83D\uDE00-1\", \"output\": \"Hello.\"}\n"
                + "{\"schema\": \"secondlook.v1\", \"id\": \"gen-\\ud83d-2\", \"output\": \"Hello.\"}\n"
                + "{\"schema\": \"secondlook.v1\", \"id\": \"gen-\\u0001-3\", \"output\": \"Hello.\"}\n",
                StandardCharsets.UTF_8);
        assertEquals(0, run("check", "--input", log.toString()));
        String[] printed = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(3, printed.length, out.toString(StandardCharsets.UTF_8));
        assertTrue(printed[0].contains("\"recordId\":\"gen-\uD83D\uDE00-1\""), printed[0]);
        assertTrue(printed[1].contains("\"recordId\":\"gen-?-2\""), printed[1]);
        assertTrue(printed[2].contains("\"recordId\":\"gen-\\u0001-3\""), printed[2]);
        assertTrue(printed[0].endsWith("\"reason\":null}"), printed[0]);
    }

    @Test
    void check_judgesHostileRecordsInLinearTime_andTheirNeighboursToo(@TempDir Path dir) throws IOException {
        // each of these stopped a whole object before (StackOverflowError, or a quadratic regex past 300 s)
        String emails = "x@" + "a.".repeat(1500) + "a";
        String sections = "see section " + "1.".repeat(1500) + "1 of the terms";
        String spaces = "per our policy" + " ".repeat(128 * 1024) + "x";
        Path log = dir.resolve("hostile.jsonl");
        StringBuilder b = new StringBuilder();
        for (String text : List.of(emails, sections, spaces)) {
            b.append(new ObjectMapper().createObjectNode().put("schema", "secondlook.v1").put("id", "h"
                    + b.length()).put("output", text)).append('\n');
        }
        b.append("{\"schema\":\"secondlook.v1\",\"id\":\"leak\",\"output\":\"key AKIAZ7QW3ERT5YUI6OPA now\"}\n");
        java.nio.file.Files.writeString(log, b);
        long t0 = System.nanoTime();
        assertEquals(0, run("check", "--input", log.toString()));
        assertTrue(System.nanoTime() - t0 < 60_000_000_000L, "well within a Lambda timeout");
        List<JsonNode> l = lines();
        assertEquals(4, l.size(), "one line per record, none lost");
        assertEquals("secret-leak", l.get(3).get("categories").get(0).asText(), "the neighbour is still judged");
    }

    @Test
    void check_readsGzipAndEveryFormat() throws IOException {
        assertEquals(0, run("check", "--input", "../../events/logs/bedrock-invocations.json.gz"));
        assertEquals(52, lines().size());
    }

    @Test
    void test_passesForTheDefaultPolicy_andFailsWithADiffForABrokenOne(@TempDir Path dir) throws IOException {
        assertEquals(0, run("test"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains(" passed, 0 failed"));
        out.reset();
        Path policy = dir.resolve("mine.yaml");
        Files.writeString(policy, "rules:\n  - {id: r, category: commitment, outcome: review, "
                + "when: {keywords: [i will refund]}}\n");
        Files.writeString(dir.resolve("mine.tests.yaml"), "cases:\n  - category: commitment\n    positive:\n"
                + "      - \"I will refund you.\"\n      - \"You are entitled to a refund.\"\n    negative:\n"
                + "      - \"No refunds.\"\n");
        assertEquals(1, run("test", "--policy", policy.toString()));
        String report = out.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains("FAIL commitment positive #2"), report);
        assertTrue(report.contains("expected: commitment"));
        assertTrue(report.contains("2 passed, 1 failed"));
    }

    @Test
    void aBadPolicyFile_failsAtLoadWithTheRuleId(@TempDir Path dir) throws IOException {
        Path policy = dir.resolve("bad.yaml");
        Files.writeString(policy, "rules:\n  - {id: broken-re, category: c, outcome: review, when: {regex: \"(\"}}\n");
        assertEquals(1, run("check", "--policy", policy.toString(), "--input",
                "../../events/logs/openai-chat.jsonl"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("rule 'broken-re': invalid regex"));
    }

    @Test
    void tune_sweepsThresholdsPerSimilarCategory_andSuggestsOne() {
        assertEquals(0, run("tune", "--labelled", "../../benchmarks/similar/outputs.jsonl", "--split", "dev",
                "--exemplar-split", "exemplar"));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("93 labelled outputs, 132 verdicts as exemplars"), text);
        for (String c : List.of("commitment (24 positives)", "policy-or-contract-claim (20 positives)",
                "regulated-advice (20 positives)")) {
            assertTrue(text.contains(c), text);
        }
        assertTrue(text.contains("+ similar 0.50"), text);
        assertEquals(3, text.split("<- suggested", -1).length - 1, text);
        // one threshold per category chosen together (on this machine: the default policy's 0.70 / 0.70 / 0.60;
        // a quantised model's scores can move in the last digits on another CPU, so only the shape is asserted)
        assertTrue(text.contains("all categories together (the most recall at 85 % precision"), text);
        for (String c : List.of("commitment", "policy-or-contract-claim", "regulated-advice")) {
            assertTrue(java.util.regex.Pattern.compile("\\n  " + java.util.regex.Pattern.quote(c)
                    + " +threshold 0\\.\\d\\d\\n").matcher(text).find(), c + " in " + text);
        }
    }

    @Test
    void test_runsTheSimilarRulesExamples_withTheModel() {
        assertEquals(0, run("test", "--tests", "../../policy/default-policy.similar.tests.yaml"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("0 failed"), out.toString(StandardCharsets.UTF_8));
    }
}
