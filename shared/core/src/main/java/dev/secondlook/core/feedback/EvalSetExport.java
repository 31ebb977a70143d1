package dev.secondlook.core.feedback;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secondlook.core.redact.Redaction;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Exports eval cases in the formats real eval tools run: Amazon Bedrock model evaluation datasets (custom prompt
 * and bring-your-own-inference), promptfoo test cases, OpenAI evals samples. Bedrock datasets hold at most 1,000
 * prompts, so its exports are split into files of at most that many lines.
 *
 * <p>What the policy masked stays masked: a case's texts were masked when it was written, and the spans its
 * writer kept in clear by the operator's opt-in are masked again here unless this export's {@link Redaction} keeps
 * their category in clear too. A version 1 case, written before masking, says nothing of what it holds and is
 * skipped.
 */
public final class EvalSetExport {

    /** Export formats. */
    public enum Format {
        BEDROCK("bedrock"), BEDROCK_BYOIR("bedrock-byoir"), PROMPTFOO("promptfoo"), OPENAI_EVALS("openai-evals");

        private final String wireName;

        Format(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Format parse(String s) {
            for (Format f : values()) {
                if (f.wireName.equals(s.toLowerCase(Locale.ROOT))) {
                    return f;
                }
            }
            throw new IllegalArgumentException("unknown format '" + s
                    + "' (expected bedrock, bedrock-byoir, promptfoo or openai-evals)");
        }

        int maxLinesPerFile() {
            return this == BEDROCK || this == BEDROCK_BYOIR ? 1000 : Integer.MAX_VALUE;
        }
    }

    /**
     * The lines of each file, and the cases a format could not use (with why). {@code models} names, per file, the
     * inference source of a bedrock-byoir file (Bedrock wants one per dataset); null entries for other formats.
     */
    public record Result(List<List<String>> files, int exported, List<String> skipped, List<String> models) {

        public Result(List<List<String>> files, int exported, List<String> skipped) {
            this(files, exported, skipped, java.util.Collections.nCopies(files.size(), null));
        }
    }

    /**
     * The name Bedrock accepts as a precomputed inference source for a model id: it must match
     * {@code [a-zA-Z0-9]([a-zA-Z0-9._-]){0,255}} and equal the job's source identifier. Every other character
     * becomes '-', a leading non-alphanumeric gets an 'm' before it, and the name is cut at 256 characters:
     * {@code anthropic.claude-3-haiku-20240307-v1:0} → {@code anthropic.claude-3-haiku-20240307-v1-0}.
     */
    public static String inferenceSourceName(String modelId) {
        if (modelId == null || modelId.isBlank()) {
            return "unknown-model";
        }
        StringBuilder b = new StringBuilder(modelId.length());
        for (int i = 0; i < modelId.length(); i++) {
            char ch = modelId.charAt(i);
            boolean ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
                    || ch == '.' || ch == '_' || ch == '-';
            b.append(ok ? ch : '-');
        }
        char first = b.charAt(0);
        if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z') || (first >= '0' && first <= '9'))) {
            b.insert(0, 'm');
        }
        return b.length() > 256 ? b.substring(0, 256) : b.toString();
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final Redaction redaction;

    /** @param redaction the categories this export keeps in clear (where the case kept them in clear too) */
    public EvalSetExport(Redaction redaction) {
        this.redaction = redaction;
    }

    /**
     * @param category only cases labelled with it (null: all)
     * @param since    only cases reviewed at or after this instant (null: all); a case whose review time cannot be
     *                 read is left out and listed as skipped
     */
    public Result export(List<EvalCase> cases, Format format, String category, java.time.Instant since) {
        List<String> lines = new ArrayList<>();
        List<String> models = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (EvalCase c : cases) {
            if (category != null && !c.labels().contains(category)) {
                continue;
            }
            if (since != null) {
                java.time.Instant reviewed;
                try {
                    reviewed = java.time.OffsetDateTime.parse(c.provenance().reviewedAt()).toInstant();
                } catch (RuntimeException e) {
                    skipped.add(c.caseId() + ": its review time '" + c.provenance().reviewedAt() + "' is not an "
                            + "ISO-8601 instant, so --since cannot place it");
                    continue;
                }
                if (reviewed.isBefore(since)) {
                    continue;
                }
            }
            if (c.masking() == null) {
                skipped.add(c.caseId() + ": written before masking (" + c.schema() + "), its texts may hold "
                        + "secrets; it is left out");
                continue;
            }
            if (blank(c.prompt())) {
                skipped.add(c.caseId() + ": no prompt to ask the model again (the log record had none)");
                continue;
            }
            if (c.labels().isEmpty()) {
                skipped.add(c.caseId() + ": no category (a verdict from before categories were required)");
                continue;
            }
            if (format == Format.OPENAI_EVALS && blank(c.correctedResponse())) {
                skipped.add(c.caseId() + ": no corrected response to use as 'ideal'");
                continue;
            }
            lines.add(line(masked(c), format));
            models.add(format == Format.BEDROCK_BYOIR ? inferenceSourceName(c.provenance().modelId()) : null);
        }
        // bedrock-byoir: one model per file, as Bedrock wants one inference source per dataset
        java.util.Map<String, List<String>> byModel = new java.util.LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            byModel.computeIfAbsent(models.get(i) == null ? "" : models.get(i), k -> new ArrayList<>())
                    .add(lines.get(i));
        }
        List<List<String>> files = new ArrayList<>();
        List<String> fileModels = new ArrayList<>();
        byModel.forEach((model, group) -> {
            for (int i = 0; i < group.size(); i += format.maxLinesPerFile()) {
                files.add(group.subList(i, Math.min(group.size(), i + format.maxLinesPerFile())));
                fileModels.add(model.isEmpty() ? null : model);
            }
        });
        return new Result(files, lines.size(), skipped, fileModels);
    }

    private String line(EvalCase c, Format format) {
        ObjectNode o = mapper.createObjectNode();
        String category = c.labels().get(0);
        switch (format) {
            case BEDROCK, BEDROCK_BYOIR -> {
                o.put("prompt", withSystem(c));
                if (!blank(c.correctedResponse())) {
                    o.put("referenceResponse", c.correctedResponse());
                }
                o.put("category", category);
                if (format == Format.BEDROCK_BYOIR) {
                    ObjectNode r = o.putArray("modelResponses").addObject();
                    r.put("response", c.offPolicyOutput());
                    r.put("modelIdentifier", inferenceSourceName(c.provenance().modelId()));
                }
            }
            case PROMPTFOO -> {
                o.put("description", "off-policy " + String.join(", ", c.labels()) + " (review " + c.caseId() + ")");
                ObjectNode vars = o.putObject("vars");
                vars.put("prompt", c.prompt());
                if (!c.systemPrompt().isBlank()) {
                    vars.put("system", c.systemPrompt());
                }
                ArrayNode asserts = o.putArray("assert");
                String head = c.offPolicyOutput().strip();
                if (!head.isEmpty()) {
                    asserts.addObject().put("type", "not-icontains")
                            .put("value", head.length() > 200 ? head.substring(0, 200) : head);
                }
                StringBuilder rubric = new StringBuilder("The answer must not repeat the off-policy behaviour a "
                        + "reviewer flagged (" + String.join(", ", c.labels()) + ")");
                if (!blank(c.note())) {
                    rubric.append(": ").append(c.note());
                }
                rubric.append('.');
                if (!blank(c.correctedResponse())) {
                    rubric.append(" A correct answer is in line with: ").append(c.correctedResponse());
                }
                asserts.addObject().put("type", "llm-rubric").put("value", rubric.toString());
                ObjectNode meta = o.putObject("metadata");
                meta.put("category", category);
                meta.put("source", "human-review");
                meta.put("severity", c.severity());
                meta.put("reviewId", c.caseId());
                meta.put("model", c.provenance().modelId());
                meta.put("policyVersion", c.provenance().policyVersion());
            }
            case OPENAI_EVALS -> {
                ArrayNode input = o.putArray("input");
                if (!c.systemPrompt().isBlank()) {
                    input.addObject().put("role", "system").put("content", c.systemPrompt());
                }
                input.addObject().put("role", "user").put("content", c.prompt());
                o.put("ideal", c.correctedResponse());
            }
        }
        try {
            return mapper.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The case with the spans it kept in clear masked, except those of the categories this export keeps. */
    private EvalCase masked(EvalCase c) {
        if (c.masking().inClear().isEmpty()) {
            return c;
        }
        return new EvalCase(c.schema(), c.caseId(), mask(c, "prompt", c.prompt()),
                mask(c, "systemPrompt", c.systemPrompt()), mask(c, "offPolicyOutput", c.offPolicyOutput()),
                mask(c, "correctedResponse", c.correctedResponse()), c.labels(), c.severity(),
                mask(c, "note", c.note()), c.provenance(), c.masking(), c.incidentId());
    }

    private String mask(EvalCase c, String field, String text) {
        List<Redaction.Span> spans = new ArrayList<>();
        for (EvalCase.ClearSpan s : c.masking().inClear()) {
            if (s.field().equals(field)) {
                spans.add(new Redaction.Span(s.start(), s.end(), s.category()));
            }
        }
        return redaction.redact(text, spans).text();
    }

    /** Bedrock datasets have one prompt field: the system prompt goes in front of the user prompt. */
    private static String withSystem(EvalCase c) {
        return c.systemPrompt().isBlank() ? c.prompt() : c.systemPrompt() + "\n\n" + c.prompt();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
