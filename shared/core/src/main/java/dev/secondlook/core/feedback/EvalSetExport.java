package dev.secondlook.core.feedback;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Exports eval cases in the formats real eval tools run: Amazon Bedrock model evaluation datasets (custom prompt
 * and bring-your-own-inference), promptfoo test cases, OpenAI evals samples. Bedrock datasets hold at most 1,000
 * prompts, so its exports are split into files of at most that many lines.
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

    /** The lines of each file, and the cases a format could not use (with why). */
    public record Result(List<List<String>> files, int exported, List<String> skipped) {
    }

    private final ObjectMapper mapper = new ObjectMapper();

    /**
     * @param category only cases labelled with it (null: all)
     * @param since    only cases reviewed at or after this ISO-8601 instant (null: all)
     */
    public Result export(List<EvalCase> cases, Format format, String category, String since) {
        List<String> lines = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (EvalCase c : cases) {
            if (category != null && !c.labels().contains(category)) {
                continue;
            }
            if (since != null && c.provenance().reviewedAt().compareTo(since) < 0) {
                continue;
            }
            if (format == Format.OPENAI_EVALS && blank(c.correctedResponse())) {
                skipped.add(c.caseId() + ": no corrected response to use as 'ideal'");
                continue;
            }
            lines.add(line(c, format));
        }
        List<List<String>> files = new ArrayList<>();
        for (int i = 0; i < lines.size(); i += format.maxLinesPerFile()) {
            files.add(lines.subList(i, Math.min(lines.size(), i + format.maxLinesPerFile())));
        }
        return new Result(files, lines.size(), skipped);
    }

    private String line(EvalCase c, Format format) {
        ObjectNode o = mapper.createObjectNode();
        String category = c.labels().isEmpty() ? "off-policy" : c.labels().get(0);
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
                    r.put("modelIdentifier", c.provenance().modelId().isBlank() ? "unknown-model"
                            : c.provenance().modelId());
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

    /** Bedrock datasets have one prompt field: the system prompt goes in front of the user prompt. */
    private static String withSystem(EvalCase c) {
        return c.systemPrompt().isBlank() ? c.prompt() : c.systemPrompt() + "\n\n" + c.prompt();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
