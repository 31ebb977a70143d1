package dev.secondlook.core.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.secondlook.core.model.Interaction;
import dev.secondlook.core.model.SourceRef;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A policy's examples ({@code <policy>.tests.yaml}): per category, positives that must be judged in it and
 * negatives that must not; and under {@code holds}, outputs the gate must hold or deliver, with the terms of their
 * hold where the example names them. {@link #run} reports every mismatch; the CLI's {@code rules test} prints them.
 */
public final class PolicyTestSuite {

    /** One example and what it expects. */
    public record Example(String category, boolean positive, int index, String note, Interaction interaction) {

        public String label() {
            return category + " " + (positive ? "positive" : "negative") + " #" + index
                    + (note == null ? "" : " (" + note + ")");
        }
    }

    /** A mismatch: the example, and the categories the policy judged instead. */
    public record Failure(Example example, List<String> judged, List<String> rules) {
    }

    /**
     * An example of the gate's hold: what it must decide ({@code expect: hold | deliver}) and, when given, the
     * terms a held output gets ({@code timeoutSeconds}, {@code onTimeout}).
     */
    public record HoldExample(int index, String note, Interaction interaction, boolean hold, Integer timeoutSeconds,
                              String onTimeout) {

        public String label() {
            return "hold #" + index + " (expect " + (hold ? "hold" : "deliver") + (note == null ? "" : ", " + note)
                    + ")";
        }
    }

    /** A hold mismatch: the example, what the policy judged, and what the gate decided instead. */
    public record HoldFailure(HoldExample example, List<String> judged, HoldPolicy.Decision decided) {
    }

    /** Outcome of a run. */
    public record Report(int examples, Map<String, int[]> perCategory, List<Failure> failures, int holdExamples,
                         List<HoldFailure> holdFailures) {
        public boolean passed() {
            return failures.isEmpty() && holdFailures.isEmpty();
        }
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final List<Example> examples;
    private final List<HoldExample> holds;

    private PolicyTestSuite(List<Example> examples, List<HoldExample> holds) {
        this.examples = List.copyOf(examples);
        this.holds = List.copyOf(holds);
    }

    public List<Example> examples() {
        return examples;
    }

    public List<HoldExample> holds() {
        return holds;
    }

    /** Parses a tests file; a malformed one fails with a {@link PolicyException} naming the case. */
    public static PolicyTestSuite parse(byte[] yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new PolicyException("tests file is not valid YAML: " + e.getMessage(), e);
        }
        JsonNode cases = root == null ? null : root.get("cases");
        if (cases == null || !cases.isArray()) {
            throw new PolicyException("tests file needs a 'cases' list");
        }
        List<Example> out = new ArrayList<>();
        for (JsonNode c : cases) {
            String category = c.path("category").asText("");
            if (category.isBlank()) {
                throw new PolicyException("tests file: every case needs a category");
            }
            add(out, category, true, c.path("positive"));
            add(out, category, false, c.path("negative"));
        }
        return new PolicyTestSuite(out, holds(root.get("holds")));
    }

    private static List<HoldExample> holds(JsonNode list) {
        List<HoldExample> out = new ArrayList<>();
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            throw new PolicyException("tests file: 'holds' must be a list");
        }
        int i = 0;
        for (JsonNode e : list) {
            i++;
            String expect = e.path("expect").asText("");
            if (!e.isObject() || !e.has("output") || !(expect.equals("hold") || expect.equals("deliver"))) {
                throw new PolicyException("tests file: hold #" + i + " needs an output and expect: hold or deliver");
            }
            Map<String, String> meta = new LinkedHashMap<>();
            e.path("metadata").fields().forEachRemaining(f -> meta.put(f.getKey(), f.getValue().asText()));
            if (e.has("route")) {
                meta.put("route", e.get("route").asText());
            }
            out.add(new HoldExample(i, e.hasNonNull("note") ? e.get("note").asText() : null,
                    interaction("test-hold-" + i, e.get("output").asText(), meta, e.path("prompt").asText(""),
                            e.path("system").asText(""), text(e, "stopReason"), text(e, "guardrailAction"),
                            e.path("model").asText("test-model"), e.path("operation").asText("Converse")),
                    expect.equals("hold"), e.hasNonNull("timeoutSeconds") ? e.get("timeoutSeconds").asInt() : null,
                    text(e, "onTimeout")));
        }
        return out;
    }

    private static void add(List<Example> out, String category, boolean positive, JsonNode list) {
        int i = 0;
        for (JsonNode e : list) {
            i++;
            String id = "test-" + category + "-" + (positive ? "p" : "n") + i;
            if (e.isTextual()) {
                out.add(new Example(category, positive, i, null, interaction(id, e.asText(), Map.of(), "", "", null,
                        null, "test-model", "Converse")));
                continue;
            }
            if (!e.isObject() || !e.has("output")) {
                throw new PolicyException("tests file: " + category + (positive ? " positive" : " negative") + " #"
                        + i + " needs an output");
            }
            Map<String, String> meta = new LinkedHashMap<>();
            e.path("metadata").fields().forEachRemaining(f -> meta.put(f.getKey(), f.getValue().asText()));
            if (e.has("route")) {
                meta.put("route", e.get("route").asText());
            }
            out.add(new Example(category, positive, i, e.hasNonNull("note") ? e.get("note").asText() : null,
                    interaction(id, e.get("output").asText(), meta, e.path("prompt").asText(""),
                            e.path("system").asText(""), text(e, "stopReason"), text(e, "guardrailAction"),
                            e.path("model").asText("test-model"), e.path("operation").asText("Converse"))));
        }
    }

    private static String text(JsonNode e, String f) {
        return e.hasNonNull(f) ? e.get(f).asText() : null;
    }

    private static Interaction interaction(String id, String output, Map<String, String> meta, String prompt,
                                           String system, String stopReason, String guardrail, String model,
                                           String operation) {
        return new Interaction(id, "policy-test", new SourceRef("policy-tests", "tests.yaml", null, null, 0), null,
                operation, model, meta, system, prompt, output, stopReason, guardrail, null, null, null, false);
    }

    /** Judges every example with {@code policy}. */
    public Report run(Policy policy) {
        List<Failure> failures = new ArrayList<>();
        Map<String, int[]> per = new TreeMap<>();
        for (Example ex : examples) {
            Judgement j = policy.judge(ex.interaction());
            boolean in = j.categories().contains(ex.category());
            int[] counts = per.computeIfAbsent(ex.category(), k -> new int[3]);
            counts[ex.positive() ? 0 : 1]++;
            if (in != ex.positive()) {
                counts[2]++;
                failures.add(new Failure(ex, j.categories(), j.ruleIds()));
            }
        }
        List<HoldFailure> holdFailures = new ArrayList<>();
        for (HoldExample ex : holds) {
            Judgement j = policy.judge(ex.interaction());
            HoldPolicy.Decision d = policy.hold().decide(j);
            boolean termsMatch = ex.timeoutSeconds() == null
                    || d.terms().timeout().toSeconds() == ex.timeoutSeconds();
            termsMatch &= ex.onTimeout() == null || d.terms().onTimeout().wireName().equals(ex.onTimeout());
            if (d.hold() != ex.hold() || !termsMatch) {
                holdFailures.add(new HoldFailure(ex, j.categories(), d));
            }
        }
        return new Report(examples.size(), per, failures, holds.size(), holdFailures);
    }
}
