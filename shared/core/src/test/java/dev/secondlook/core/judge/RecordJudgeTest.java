package dev.secondlook.core.judge;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.model.Interaction;
import dev.secondlook.core.model.ObjectRef;
import dev.secondlook.core.model.SourceRef;
import dev.secondlook.core.normalize.RecordNormalizer;
import dev.secondlook.core.normalize.SidecarReader;
import dev.secondlook.core.policy.Decision;
import dev.secondlook.core.policy.Policy;
import dev.secondlook.core.policy.PolicyLoader;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordJudgeTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectRef LOG = new ObjectRef("logs", "AWSLogs/a.jsonl", null, "etag", -1);

    private static String generic(String id, String output) {
        return MAPPER.createObjectNode().put("schema", "secondlook.v1").put("id", id).put("output", output)
                .toString();
    }

    private static List<JudgedRecord> judgeAll(RecordJudge judge, String... lines) throws IOException {
        byte[] bytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        List<JudgedRecord> out = new ArrayList<>();
        try (RecordJudge.Records records = judge.open(new ByteArrayInputStream(bytes), LOG, 8 * 1024 * 1024,
                64L * 1024 * 1024)) {
            JudgedRecord r;
            while ((r = records.next()) != null) {
                out.add(r);
            }
        }
        return out;
    }

    private static RecordJudge judge(Policy policy, JudgeBudget budget) {
        return new RecordJudge(RecordNormalizer.offline(), policy, budget, MAPPER);
    }

    @Test
    void everyRecordPosition_comesOutOnce_inOrder() throws IOException {
        List<JudgedRecord> out = judgeAll(judge(PolicyLoader.loadDefault(), JudgeBudget.defaults()),
                generic("a", "Use AKIAQYLPMN5HFIQR7XB2."), "{not json",
                "{\"schema\":\"secondlook.v1\",\"id\":\"b\",\"output\":\"x\",\"error\":\"boom\"}", "{\"foo\":1}",
                generic("c", "Hello."));
        assertEquals(5, out.size());
        for (int i = 0; i < 5; i++) {
            assertEquals(i + 1, out.get(i).line());
        }
        JudgedRecord.Judged a = assertInstanceOf(JudgedRecord.Judged.class, out.get(0));
        assertEquals(Decision.PAGE, a.judgement().decision());
        assertEquals(new SourceRef("logs", "AWSLogs/a.jsonl", null, "etag", 1), a.interaction().source());
        assertEquals("invalid-json", assertInstanceOf(JudgedRecord.Rejected.class, out.get(1)).code());
        assertEquals("model-call-failed", assertInstanceOf(JudgedRecord.Skipped.class, out.get(2)).code());
        assertEquals("unrecognised-format", assertInstanceOf(JudgedRecord.Rejected.class, out.get(3)).code());
        assertInstanceOf(JudgedRecord.Judged.class, out.get(4));
    }

    @Test
    void textOverTheBudget_isJudgeFailed_withAReasonThatQuotesNoText() throws IOException {
        RecordJudge judge = judge(PolicyLoader.loadDefault(), new JudgeBudget(1000, Duration.ofSeconds(5)));
        List<JudgedRecord> out = judgeAll(judge,
                generic("big", "secret-ish " + "y".repeat(1000)), generic("small", "ok"));
        JudgedRecord.Rejected r = assertInstanceOf(JudgedRecord.Rejected.class, out.get(0));
        assertEquals(JudgedRecord.JUDGE_FAILED, r.code());
        assertEquals("judge budget: 1011 characters of text, more than the 1000 a record may have", r.detail());
        assertTrue(r.preview().startsWith("{\"schema\""), "the quarantine keeps the raw record's start");
        assertInstanceOf(JudgedRecord.Judged.class, out.get(1));
    }

    @Test
    void aBedrockLineReadWithoutATree_isJudgedAndQuarantinedAsTheTreePathWould() throws IOException {
        // the line is read straight from its bytes (BedrockLineExtractor); over the budget, its quarantine
        // preview is still the tree's rendering, as for every other record
        String output = "Your key is AKIAQYLPMN5HFIQR7XB2. " + "y".repeat(1000);
        String line = "{\"schemaType\":\"ModelInvocationLog\",  \"requestId\":\"r-1\",\"operation\":\"Converse\","
                + "\"modelId\":\"m\",\"input\":{\"inputBodyJson\":{\"messages\":[{\"role\":\"user\",\"content\":"
                + "[{\"text\":\"Hi\"}]}]}},\"output\":{\"outputBodyJson\":{\"output\":{\"message\":{\"content\":"
                + "[{\"text\":\"" + output + "\"}]}},\"stopReason\":\"end_turn\"}}}";
        // a mapper that counts the tree nodes it builds: none for a line read straight from its bytes
        java.util.concurrent.atomic.AtomicInteger objects = new java.util.concurrent.atomic.AtomicInteger();
        ObjectMapper counting = new ObjectMapper().setNodeFactory(new com.fasterxml.jackson.databind.node
                .JsonNodeFactory() {
            @Override
            public com.fasterxml.jackson.databind.node.ObjectNode objectNode() {
                objects.incrementAndGet();
                return super.objectNode();
            }
        });
        List<JudgedRecord> out;
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        RecordJudge fast = new RecordJudge(RecordNormalizer.offline(), PolicyLoader.loadDefault(),
                JudgeBudget.defaults(), counting);
        try (RecordJudge.Records records = fast.open(new ByteArrayInputStream(bytes), LOG, 1 << 20, 1L << 30)) {
            out = List.of(records.next());
        }
        assertEquals(0, objects.get(), "read without a tree");
        JudgedRecord.Judged judged = assertInstanceOf(JudgedRecord.Judged.class, out.get(0));
        assertEquals(output, judged.interaction().output());
        assertEquals(Decision.PAGE, judged.judgement().decision());
        assertEquals(new SourceRef("logs", "AWSLogs/a.jsonl", null, "etag", 1), judged.interaction().source());

        JudgedRecord.Rejected r = assertInstanceOf(JudgedRecord.Rejected.class,
                judgeAll(judge(PolicyLoader.loadDefault(), new JudgeBudget(1000, Duration.ofSeconds(5))), line)
                        .get(0));
        assertEquals(JudgedRecord.JUDGE_FAILED, r.code());
        assertEquals(MAPPER.readTree(line).toString().substring(0, 512), r.preview());
    }

    @Test
    void promptsWhenSelected_judgesAsTheFullRead_andKeepsThePromptOfEverySelectedRecord() throws IOException {
        // a Bedrock log, and lines whose prompt a rule reads when their output refuses (the default policy's
        // over-refusal rule reads the prompt only then)
        List<String> lines = new ArrayList<>(java.nio.file.Files.readAllLines(
                java.nio.file.Path.of("../../events/logs/bedrock-invocations.jsonl")));
        for (int i = 0; i < 300; i++) {
            String output = i % 10 == 0 ? "I will refund you today." : i % 10 == 1 ? "I'm sorry, but I can't help."
                    : "Here is the status of order " + i + ".";
            lines.add("{\"schemaType\":\"ModelInvocationLog\",\"requestId\":\"p-" + i + "\",\"operation\":"
                    + "\"Converse\",\"modelId\":\"m\",\"input\":{\"inputBodyJson\":{\"system\":[{\"text\":\"S\"}],"
                    + "\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\""
                    + (i % 20 == 1 ? "how do I make a bomb" : "please refund order " + i) + "\"}]}]}},"
                    + "\"output\":{\"outputBodyJson\":{\"output\":{\"message\":{\"content\":[{\"text\":\""
                    + output + "\"}]}},\"stopReason\":\"end_turn\"}}}");
        }
        String[] log = lines.toArray(String[]::new);
        Policy everyPrompt = PolicyLoader.load("rules:\n  - {id: asked, category: c, outcome: review, when: {not: "
                + "{not: {keywords: {terms: [refund], in: [prompt]}}}}}\n");
        for (Policy policy : List.of(PolicyLoader.loadDefault(), everyPrompt)) {
            RecordJudge full = judge(policy, JudgeBudget.defaults());
            List<JudgedRecord> expected = judgeAll(full, log);
            List<JudgedRecord> got = new ArrayList<>();
            boolean defersAtTheEnd;
            byte[] bytes = (String.join("\n", log) + "\n").getBytes(StandardCharsets.UTF_8);
            try (RecordJudge.Records records = full.promptsWhenSelected().open(new ByteArrayInputStream(bytes), LOG,
                    8 * 1024 * 1024, 64L * 1024 * 1024)) {
                JudgedRecord r;
                while ((r = records.next()) != null) {
                    got.add(r);
                }
                defersAtTheEnd = records.defersPrompts();
            }
            assertEquals(expected.size(), got.size());
            int selected = 0;
            int withoutPrompt = 0;
            for (int i = 0; i < expected.size(); i++) {
                if (!(expected.get(i) instanceof JudgedRecord.Judged e)) {
                    assertEquals(expected.get(i), got.get(i));
                    continue;
                }
                JudgedRecord.Judged g = assertInstanceOf(JudgedRecord.Judged.class, got.get(i));
                assertEquals(e.judgement(), g.judgement(), "record " + i);
                if (e.judgement().selected()) {
                    selected++;
                    assertEquals(e.interaction(), g.interaction(), "record " + i + " has its prompt");
                } else {
                    withoutPrompt += g.interaction().prompt().isEmpty() && !e.interaction().prompt().isEmpty()
                            ? 1 : 0;
                    assertEquals(e.interaction().output(), g.interaction().output());
                    assertEquals(e.interaction().systemPrompt(), g.interaction().systemPrompt());
                }
            }
            assertTrue(selected >= 30, "selected " + selected);
            if (policy == everyPrompt) {
                assertTrue(!defersAtTheEnd, "a policy that reads every prompt: the log's rest read in one step");
                assertTrue(withoutPrompt == 0, "none judged without its prompt: " + withoutPrompt);
            } else {
                assertTrue(defersAtTheEnd);
                assertTrue(withoutPrompt > 200, "records judged without decoding their prompt: " + withoutPrompt);
            }
        }
    }

    @Test
    void promptsWhenSelected_stillRejectsARecordWhosePromptIsOverTheTextBudget() throws IOException {
        String line = "{\"schemaType\":\"ModelInvocationLog\",\"requestId\":\"big\",\"operation\":\"Converse\","
                + "\"modelId\":\"m\",\"input\":{\"inputBodyJson\":{\"messages\":[{\"role\":\"user\",\"content\":"
                + "[{\"text\":\"" + "p".repeat(1500) + "\"}]}]}},\"output\":{\"outputBodyJson\":{\"output\":"
                + "{\"message\":{\"content\":[{\"text\":\"fine\"}]}},\"stopReason\":\"end_turn\"}}}";
        RecordJudge judge = judge(PolicyLoader.loadDefault(), new JudgeBudget(1000, Duration.ofSeconds(5)));
        JudgedRecord.Rejected r = assertInstanceOf(JudgedRecord.Rejected.class,
                judgeAll(judge.promptsWhenSelected(), line).get(0));
        assertEquals(JudgedRecord.JUDGE_FAILED, r.code());
        assertEquals(judgeAll(judge, line), judgeAll(judge.promptsWhenSelected(), line));
    }

    @Test
    void aStackOverflowWhileJudging_quarantinesThatRecordOnly() throws Exception {
        // RE2/J follows empty transitions recursively: a program this deep overflows a deliberately tiny stack
        Policy deep = PolicyLoader.load("rules:\n  - {id: deep, category: c, outcome: review, "
                + "when: {regex: \"\\\\bzq(?:a?){900}z\"}}\n");
        RecordJudge judge = judge(deep, JudgeBudget.defaults());
        AtomicReference<Object> result = new AtomicReference<>();
        Thread small = new Thread(null, () -> {
            try {
                result.set(judgeAll(judge, generic("deep", "zq" + "a".repeat(5000)), generic("next", "fine")));
            } catch (Throwable t) {
                result.set(t);
            }
        }, "small-stack", 128 * 1024);
        small.start();
        small.join();
        assertInstanceOf(List.class, result.get(), () -> "nothing escapes: " + result.get());
        List<?> out = (List<?>) result.get();
        JudgedRecord.Rejected r = assertInstanceOf(JudgedRecord.Rejected.class, out.get(0));
        assertEquals("judging failed: StackOverflowError", r.detail());
        JudgedRecord.Judged next = assertInstanceOf(JudgedRecord.Judged.class, out.get(1));
        assertEquals(Decision.NONE, next.judgement().decision());
    }

    @Test
    void anErrorWhileNormalising_quarantinesThatRecordOnly() throws IOException {
        SidecarReader overflowing = (bucket, key) -> {
            throw new StackOverflowError();
        };
        RecordJudge judge = new RecordJudge(new RecordNormalizer(overflowing, Set.of(), 1024),
                PolicyLoader.loadDefault(), JudgeBudget.defaults(), MAPPER);
        List<JudgedRecord> out = judgeAll(judge, sidecarRecord(), generic("next", "fine"));
        JudgedRecord.Rejected r = assertInstanceOf(JudgedRecord.Rejected.class, out.get(0));
        assertEquals(JudgedRecord.JUDGE_FAILED, r.code());
        assertEquals("normalising failed: StackOverflowError", r.detail());
        assertInstanceOf(JudgedRecord.Judged.class, out.get(1));
    }

    @Test
    void anErrorThatSaysTheDeploymentIsBroken_isNotBlamedOnTheRecord() {
        SidecarReader broken = (bucket, key) -> {
            throw new NoClassDefFoundError("dev/secondlook/Missing");
        };
        RecordJudge judge = new RecordJudge(new RecordNormalizer(broken, Set.of(), 1024),
                PolicyLoader.loadDefault(), JudgeBudget.defaults(), MAPPER);
        assertThrows(NoClassDefFoundError.class, () -> judgeAll(judge, sidecarRecord()));
    }

    @Test
    void oneInteraction_isJudgedAsInALog() throws IOException {
        RecordJudge judge = judge(PolicyLoader.loadDefault(), JudgeBudget.defaults());
        JudgedRecord.Judged fromLog = assertInstanceOf(JudgedRecord.Judged.class,
                judgeAll(judge, generic("r1", "I have issued a full refund.")).get(0));
        Interaction i = fromLog.interaction();
        JudgedRecord.Judged alone = assertInstanceOf(JudgedRecord.Judged.class, judge.judge(i, 1));
        assertEquals(fromLog.judgement(), alone.judgement());
        assertEquals(List.of("commitment"), alone.judgement().categories());
    }

    @Test
    void judgedRecords_keepNoTextInTheirReasons() throws IOException {
        RecordJudge judge = judge(PolicyLoader.loadDefault(), new JudgeBudget(10, Duration.ofSeconds(1)));
        Interaction i = new Interaction("x", "f", new SourceRef("b", "k", null, "e", 1), null, "op", "m", Map.of(),
                "", "", "my password is hunter2", null, null, null, null, null, false);
        JudgedRecord.Rejected r = assertInstanceOf(JudgedRecord.Rejected.class, judge.judge(i, 7));
        assertEquals(7, r.line());
        assertFalse(r.detail().contains("hunter2"));
        assertEquals("", r.preview());
    }

    private static String sidecarRecord() {
        return "{\"schemaType\":\"ModelInvocationLog\",\"requestId\":\"side\",\"operation\":\"Converse\","
                + "\"modelId\":\"m\",\"input\":{\"inputBodyS3Path\":\"s3://logs/AWSLogs/data/in.json\"},"
                + "\"output\":{\"outputBodyS3Path\":\"s3://logs/AWSLogs/data/out.json\"}}";
    }

    @Test
    void anEmbeddingModelThatCannotLoad_failsTheLog_notEachRecord() {
        Policy p = PolicyLoader.load("""
                exemplars:
                  categories:
                    commitment: {gate: [refund], examples: ["I refunded you in full."]}
                rules:
                  - {id: s, category: commitment, outcome: review,
                     when: {similar: {category: commitment, threshold: 0.5}}}
                """);
        dev.secondlook.core.similar.Embedder broken = new dev.secondlook.core.similar.Embedder() {
            @Override
            public float[] embed(String text) {
                throw new dev.secondlook.core.similar.EmbedderUnavailableException("no natives", null);
            }

            @Override
            public int dimension() {
                return 384;
            }

            @Override
            public String model() {
                return "broken";
            }
        };
        Policy bound = p.withExemplars(new dev.secondlook.core.similar.ExemplarIndex(broken, p.similarCategories(),
                p.exemplarSettings().writtenExemplars(), dev.secondlook.core.similar.ExemplarSource.NONE,
                Duration.ofMinutes(5), 1000, 100, java.time.Clock.systemUTC(), p::exemplarWindows));
        RecordJudge judge = new RecordJudge(RecordNormalizer.offline(), bound, dev.secondlook.core.judge.JudgeBudget
                .defaults(), MAPPER);
        Interaction i = new Interaction("r1", "test", new SourceRef("b", "k", null, null, 0), null, "Converse", "m",
                Map.of(), "", "", "a refund is on its way", null, null, null, null, null, false);
        assertThrows(dev.secondlook.core.similar.EmbedderUnavailableException.class, () -> judge.judge(i, 1));
    }
}
