package dev.secondlook.core.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.redact.Redaction;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvalSetExportTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final EvalSetExport export = new EvalSetExport(Redaction.MASK_ALL);

    private static EvalCase sample() throws IOException {
        return MAPPER.readValue(Path.of("../../contracts/eval-case.v2.sample.json").toFile(), EvalCase.class);
    }

    private static EvalCase withId(EvalCase c, String id, String reviewedAt, String fix, List<String> labels) {
        return new EvalCase(c.schema(), id, c.prompt(), c.systemPrompt(), c.offPolicyOutput(), fix, labels,
                c.severity(), c.note(), new EvalCase.Provenance(id, c.provenance().sourceUri(),
                c.provenance().modelId(), c.provenance().route(), c.provenance().policyVersion(),
                c.provenance().ruleIds(), c.provenance().reviewer(), reviewedAt), c.masking(), null);
    }

    /** The top-level keys of the first line of a reference file in ../shared, or of our own copy. */
    private static Set<String> keys(JsonNode n) {
        Set<String> k = new TreeSet<>();
        Iterator<String> it = n.fieldNames();
        it.forEachRemaining(k::add);
        return k;
    }

    private static JsonNode one(EvalSetExport.Result r) throws IOException {
        assertEquals(1, r.files().size());
        return MAPPER.readTree(r.files().get(0).get(0));
    }

    @Test
    void bedrock_customPromptDataset_shape() throws IOException {
        JsonNode line = one(export.export(List.of(sample()), EvalSetExport.Format.BEDROCK, null, null));
        assertEquals(Set.of("prompt", "referenceResponse", "category"), keys(line));
        assertTrue(line.get("prompt").asText().startsWith("You are a billing support assistant"));
        assertTrue(line.get("prompt").asText().endsWith("Is the premium plan refundable after 30 days? My card is "
                + "[masked pii-exposure]."));
        assertEquals("commitment", line.get("category").asText());
    }

    @Test
    void bedrockByoir_addsTheModelResponse() throws IOException {
        JsonNode line = one(export.export(List.of(sample()), EvalSetExport.Format.BEDROCK_BYOIR, null, null));
        assertEquals(Set.of("prompt", "referenceResponse", "category", "modelResponses"), keys(line));
        JsonNode r = line.get("modelResponses").get(0);
        assertEquals(Set.of("response", "modelIdentifier"), keys(r));
        assertTrue(r.get("response").asText().contains("fully refundable"));
    }

    @Test
    void bedrockByoir_namesEachModelAsBedrockAcceptsIt_oneModelPerFile() throws IOException {
        assertEquals("anthropic.claude-3-haiku-20240307-v1-0",
                EvalSetExport.inferenceSourceName("anthropic.claude-3-haiku-20240307-v1:0"));
        assertEquals("m-arn-aws-bedrock-us-east-1--inference-profile-x",
                EvalSetExport.inferenceSourceName(":arn:aws:bedrock:us-east-1::inference-profile/x"));
        assertEquals("unknown-model", EvalSetExport.inferenceSourceName(" "));
        assertEquals(256, EvalSetExport.inferenceSourceName("m".repeat(300)).length());
        for (String id : List.of("anthropic.claude-3-haiku-20240307-v1:0", "meta.llama3 70b/instruct", "ärger")) {
            assertTrue(EvalSetExport.inferenceSourceName(id).matches("[a-zA-Z0-9]([a-zA-Z0-9._-]){0,255}"), id);
        }
        EvalCase a = sample();
        EvalCase b = new EvalCase(a.schema(), "other-model", a.prompt(), a.systemPrompt(), a.offPolicyOutput(),
                a.correctedResponse(), a.labels(), a.severity(), a.note(), new EvalCase.Provenance("other-model",
                a.provenance().sourceUri(), "meta.llama3-70b-instruct-v1:0", a.provenance().route(),
                a.provenance().policyVersion(), a.provenance().ruleIds(), a.provenance().reviewer(),
                a.provenance().reviewedAt()), a.masking(), null);
        EvalSetExport.Result r = export.export(List.of(a, b, a), EvalSetExport.Format.BEDROCK_BYOIR, null, null);
        assertEquals(2, r.files().size(), "one file per model");
        for (int i = 0; i < r.files().size(); i++) {
            for (String line : r.files().get(i)) {
                assertEquals(r.models().get(i), new ObjectMapper().readTree(line).get("modelResponses").get(0)
                        .get("modelIdentifier").asText());
            }
        }
    }

    @Test
    void promptfoo_assertionsComeFromLabelsAndCorrection() throws IOException {
        JsonNode line = one(export.export(List.of(sample()), EvalSetExport.Format.PROMPTFOO, null, null));
        assertEquals(Set.of("description", "vars", "assert", "metadata"), keys(line));
        assertEquals("not-icontains", line.get("assert").get(0).get("type").asText());
        JsonNode rubric = line.get("assert").get(1);
        assertEquals("llm-rubric", rubric.get("type").asText());
        assertTrue(rubric.get("value").asText().contains("commitment, policy-or-contract-claim"));
        assertTrue(rubric.get("value").asText().contains("refundable within 30 days"));
        assertEquals("human-review", line.get("metadata").get("source").asText());
    }

    @Test
    void openAiEvals_inputAndIdeal_andCasesWithoutCorrectionSkippedWithReason() throws IOException {
        EvalCase noFix = withId(sample(), "no-fix", "2026-08-19T08:00:00.000Z", null, List.of("commitment"));
        EvalSetExport.Result r = export.export(List.of(sample(), noFix), EvalSetExport.Format.OPENAI_EVALS, null,
                null);
        JsonNode line = one(r);
        assertEquals(Set.of("input", "ideal"), keys(line));
        assertEquals("system", line.get("input").get(0).get("role").asText());
        assertEquals("user", line.get("input").get(1).get("role").asText());
        assertEquals(List.of("no-fix: no corrected response to use as 'ideal'"), r.skipped());
    }

    @Test
    void filtersByCategoryAndSince() throws IOException {
        List<EvalCase> cases = List.of(sample(),
                withId(sample(), "old", "2026-01-01T00:00:00.000Z", "x", List.of("secret-leak")));
        assertEquals(1, export.export(cases, EvalSetExport.Format.BEDROCK, "secret-leak", null).exported());
        assertEquals(1, export.export(cases, EvalSetExport.Format.BEDROCK, null,
                java.time.Instant.parse("2026-06-01T00:00:00Z")).exported());
        assertEquals(2, export.export(cases, EvalSetExport.Format.BEDROCK, null, null).exported());
    }

    @Test
    void bedrockExports_areSplitAtAThousandPrompts() throws IOException {
        List<EvalCase> many = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            many.add(withId(sample(), "c" + i, "2026-08-19T08:00:00.000Z", "fix", List.of("commitment")));
        }
        EvalSetExport.Result r = export.export(many, EvalSetExport.Format.BEDROCK_BYOIR, null, null);
        assertEquals(List.of(1000, 1000, 500), r.files().stream().map(List::size).toList());
        assertEquals(1, export.export(many, EvalSetExport.Format.PROMPTFOO, null, null).files().size());
    }

    @Test
    void referenceFiles_haveTheKeysWeWrite() throws IOException {
        Path refs = Path.of("../../../shared/reference/formats");
        if (!Files.isDirectory(refs)) {
            return; // the reference folder sits beside the repo on developer machines and in CI
        }
        JsonNode byoir = MAPPER.readTree(Files.readAllLines(refs.resolve("bedrock-eval-byoir-dataset.jsonl")).get(0));
        assertEquals(keys(byoir), keys(one(export.export(List.of(sample()), EvalSetExport.Format.BEDROCK_BYOIR,
                null, null))));
        JsonNode evals = MAPPER.readTree(Files.readAllLines(refs.resolve("openai-evals-registry-samples.jsonl"))
                .get(0));
        assertEquals(keys(evals), keys(one(export.export(List.of(sample()), EvalSetExport.Format.OPENAI_EVALS, null,
                null))));
    }

    @Test
    void spansTheCaseKeptInClear_areMaskedAgain_unlessTheExportKeepsTheirCategoryToo() throws IOException {
        EvalCase c = sample();
        String output = "Refund sent to jane@example.com, card 4111 1111 1111 1111.";
        EvalCase clear = new EvalCase(c.schema(), c.caseId(), c.prompt(), c.systemPrompt(), output,
                c.correctedResponse(), c.labels(), c.severity(), "mailed jane@example.com", c.provenance(),
                new EvalCase.Masking(List.of(), List.of(
                        new EvalCase.ClearSpan("offPolicyOutput", 15, 31, "pii-exposure"),
                        new EvalCase.ClearSpan("offPolicyOutput", 38, 57, "pii-financial"),
                        new EvalCase.ClearSpan("note", 7, 23, "pii-exposure"))), null);
        JsonNode masked = one(export.export(List.of(clear), EvalSetExport.Format.PROMPTFOO, null, null));
        assertEquals("not-icontains", masked.get("assert").get(0).get("type").asText());
        assertEquals("Refund sent to [masked pii-exposure], card [masked pii-financial].",
                masked.get("assert").get(0).get("value").asText());
        assertTrue(masked.get("assert").get(1).get("value").asText().contains("mailed [masked pii-exposure]"));

        JsonNode keptOne = one(new EvalSetExport(Redaction.unmasking("pii-exposure")).export(List.of(clear),
                EvalSetExport.Format.BEDROCK_BYOIR, null, null));
        assertEquals("Refund sent to jane@example.com, card [masked pii-financial].",
                keptOne.get("modelResponses").get(0).get("response").asText());
    }

    @Test
    void aVersion1Case_writtenBeforeMasking_isLeftOutWithItsReason() throws IOException {
        EvalCase v1 = MAPPER.readValue(Path.of("../../contracts/eval-case.v1.sample.json").toFile(), EvalCase.class);
        EvalSetExport.Result r = export.export(List.of(v1, sample()), EvalSetExport.Format.BEDROCK, null, null);
        assertEquals(1, r.exported());
        assertEquals(List.of(v1.caseId() + ": written before masking (secondlook.eval-case/v1), its texts may hold "
                + "secrets; it is left out"), r.skipped());
    }

    @Test
    void unknownFormat_isRefusedWithTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EvalSetExport.Format.parse("csv"));
        assertTrue(e.getMessage().contains("bedrock-byoir"));
    }

    @Test
    void casesWithoutPromptOrCategory_areLeftOut_andSaidWhy() throws IOException {
        EvalCase c = sample();
        EvalCase noPrompt = new EvalCase(c.schema(), "no-prompt", "", c.systemPrompt(), c.offPolicyOutput(),
                c.correctedResponse(), c.labels(), c.severity(), c.note(), c.provenance(), c.masking(), null);
        EvalCase noLabel = new EvalCase(c.schema(), "no-label", c.prompt(), c.systemPrompt(), c.offPolicyOutput(),
                c.correctedResponse(), List.of(), c.severity(), c.note(), c.provenance(), c.masking(), null);
        EvalSetExport.Result r = export.export(List.of(c, noPrompt, noLabel), EvalSetExport.Format.BEDROCK, null,
                null);
        assertEquals(1, r.exported());
        assertEquals(List.of("no-prompt: no prompt to ask the model again (the log record had none)",
                "no-label: no category (a verdict from before categories were required)"), r.skipped());
    }
}
