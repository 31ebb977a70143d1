package dev.secondlook.similar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.model.Interaction;
import dev.secondlook.core.model.SourceRef;
import dev.secondlook.core.policy.Judgement;
import dev.secondlook.core.policy.Policy;
import dev.secondlook.core.policy.PolicyLoader;
import dev.secondlook.core.similar.Exemplar;
import dev.secondlook.core.similar.ExemplarSource;
import dev.secondlook.core.policy.ThresholdTuning;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The figures of BENCHMARKS.md "Similar matcher": the default policy on benchmarks/similar/outputs.jsonl (made by
 * scripts/make-similar-set.py), rules alone, with the policy's written examples, and with the exemplar split as
 * eval-set exemplars (worded apart from the test outputs), and with the dev split's outputs judged by reviewers
 * too (other instances of the test's phrasings); the report goes to target/similar-benchmark.txt. The goal
 * (recall >= 80 % at precision >= 85 % over the semantic categories) is asserted on the test split with the
 * exemplars worded apart.
 */
class LabelledSetBenchmarkTest {

    static final Set<String> SEMANTIC = Set.of("commitment", "policy-or-contract-claim", "regulated-advice");

    record Row(String id, String split, String category, String kind, String output, String resembles) {
        Interaction interaction() {
            return new Interaction(id, "bench", new SourceRef("bench", "outputs.jsonl", null, null, 0), null,
                    "Converse", "test-model", Map.of(), "", "", output, null, null, null, null, null, false);
        }
    }

    static List<Row> rows;
    static final SentenceEmbedder EMBEDDER = new SentenceEmbedder();

    @BeforeAll
    static void load() throws IOException {
        rows = read(Path.of("../../benchmarks/similar/outputs.jsonl"));
    }

    static List<Row> read(Path p) throws IOException {
        ObjectMapper m = new ObjectMapper();
        List<Row> out = new ArrayList<>();
        for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
            JsonNode n = m.readTree(line);
            out.add(new Row(n.get("id").asText(), n.get("split").asText(), n.get("category").asText(),
                    n.get("kind").asText(), n.get("output").asText(), n.path("resembles").asText(null)));
        }
        return out;
    }

    static ExemplarSource exemplarSplit() {
        return verdictsOn(Set.of("exemplar"));
    }

    /** The outputs of these splits as reviewers' verdicts: off-policy ones exemplars, passed near misses counters. */
    static ExemplarSource verdictsOn(Set<String> splits) {
        List<Exemplar> ex = rows.stream().filter(r -> splits.contains(r.split()) && (!r.category().equals("none")
                        || r.resembles() != null))
                .map(r -> r.category().equals("none") ? Exemplar.passedCase(r.resembles(), r.output(), r.id())
                        : Exemplar.ofEvalCase(r.category(), r.output(), r.id())).toList();
        return () -> ex;
    }

    /** Micro precision and recall over the semantic categories: {tp, fp, positives}. */
    static int[] score(Policy p, String split, List<String> misses) {
        int tp = 0;
        int fp = 0;
        int pos = 0;
        for (Row r : rows) {
            if (!r.split().equals(split)) {
                continue;
            }
            Judgement j = p.judge(r.interaction());
            boolean positive = SEMANTIC.contains(r.category());
            pos += positive ? 1 : 0;
            boolean hit = false;
            for (String c : j.categories()) {
                if (!SEMANTIC.contains(c)) {
                    continue;
                }
                if (c.equals(r.category())) {
                    hit = true;
                } else {
                    fp++;
                    if (misses != null) {
                        misses.add("FP " + c + " <- " + r.kind() + ": " + r.output() + " " + scores(p, r));
                    }
                }
            }
            tp += hit ? 1 : 0;
            if (positive && !hit && misses != null) {
                misses.add("FN " + r.category() + "/" + r.kind() + ": " + r.output() + " " + scores(p, r));
            }
        }
        return new int[] {tp, fp, pos};
    }

    static String scores(Policy p, Row r) {
        StringBuilder b = new StringBuilder("[");
        p.closestExemplars(r.interaction()).forEach((c, m) -> b.append(String.format(Locale.ROOT,
                " %s %.2f/%.2f", c, m.score(), m.counterScore())));
        return b.append(" ]").toString();
    }

    static String line(String what, int[] s) {
        double p = s[0] + s[1] == 0 ? 1 : (double) s[0] / (s[0] + s[1]);
        double r = (double) s[0] / s[2];
        return String.format(Locale.ROOT, "| %s | %d / %d | %.1f %% | %d | %.1f %% |", what, s[0], s[2], 100 * r, s[1],
                100 * p);
    }

    @Test
    void defaultPolicy_learnsFromVerdicts_andReachesTheGoal_onTheTestSplit() throws IOException {
        Policy policy = PolicyLoader.loadDefault();
        Policy written = SimilarPolicies.bind(policy, EMBEDDER, ExemplarSource.NONE, Clock.systemUTC());
        Policy learned = SimilarPolicies.bind(policy, EMBEDDER, exemplarSplit(), Clock.systemUTC());
        Policy moreVerdicts = SimilarPolicies.bind(policy, EMBEDDER, verdictsOn(Set.of("exemplar", "dev")),
                Clock.systemUTC());

        StringBuilder out = new StringBuilder();
        out.append("dev split, per category (rules, then rules + similar at each threshold; eval-set exemplars):\n");
        List<ThresholdTuning.Labelled> dev = rows.stream().filter(r -> r.split().equals("dev"))
                .map(r -> new ThresholdTuning.Labelled(r.interaction(),
                        r.category().equals("none") ? Set.of() : Set.of(r.category()))).toList();
        List<Double> ts = List.of(0.5, 0.6, 0.65, 0.68, 0.7, 0.72, 0.75, 0.78, 0.8, 0.85);
        ThresholdTuning.sweep(learned, dev, ts, 0.85).forEach((c, rep) -> {
            out.append(String.format(Locale.ROOT, "  %s rules only: P %.2f R %.2f; suggested %.2f%n", c,
                    rep.rulesOnly().precision(), rep.rulesOnly().recall(), rep.suggested().threshold()));
            for (ThresholdTuning.Point pt : rep.sweep()) {
                out.append(String.format(Locale.ROOT, "    t=%.2f P %.2f R %.2f (tp %d fp %d of %d)%n",
                        pt.threshold(), pt.precision(), pt.recall(), pt.truePositives(), pt.falsePositives(),
                        pt.positives()));
            }
        });
        List<String> misses = new ArrayList<>();
        int[] rulesOnly = score(policy, "test", null);
        int[] withWritten = score(written, "test", null);
        int[] withEvalSet = score(learned, "test", null);
        int[] withMore = score(moreVerdicts, "test", misses);
        out.append("\ntest split (").append(rows.stream().filter(r -> r.split().equals("test")).count())
                .append(" outputs), semantic categories, micro-averaged:\n")
                .append("| policy | found | recall | false alarms | precision |\n")
                .append(line("rules only (default policy, no model)", rulesOnly)).append('\n')
                .append(line("rules + similar, written examples only", withWritten)).append('\n')
                .append(line("rules + similar, written examples + eval-set exemplars", withEvalSet)).append('\n')
                .append(line("... + verdicts on the dev split too (more reviewed phrasings)", withMore))
                .append('\n');
        for (String c : List.of("commitment", "policy-or-contract-claim", "regulated-advice")) {
            out.append(perCategory(c, policy, learned)).append('\n');
        }
        for (String c : List.of("commitment", "policy-or-contract-claim", "regulated-advice")) {
            out.append(perCategory(c, policy, moreVerdicts)).append('\n');
        }
        out.append("\nmisses (rules + similar + eval set with the dev verdicts):\n");
        misses.forEach(m -> out.append("  ").append(m).append('\n'));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/similar-benchmark.txt"), out.toString());
        System.out.println(out);

        // the goal, with exemplars worded apart from every test output (the exemplar split's verdicts)
        double recall = (double) withEvalSet[0] / withEvalSet[2];
        double precision = (double) withEvalSet[0] / (withEvalSet[0] + withEvalSet[1]);
        assertTrue(recall >= 0.80, "recall " + recall);
        assertTrue(precision >= 0.85, "precision " + precision);
        // once reviewers have judged other instances of the test's phrasings (the dev split), more of them are found
        double more = (double) withMore[0] / withMore[2];
        assertTrue(more >= recall, "more verdicts, no less recall: " + recall + " -> " + more);
        assertTrue((double) withMore[0] / (withMore[0] + withMore[1]) >= 0.85, "precision with the dev verdicts");
    }

    private static String perCategory(String c, Policy rules, Policy learned) {
        int[][] s = new int[2][3];
        Policy[] ps = {rules, learned};
        for (int k = 0; k < 2; k++) {
            for (Row r : rows) {
                if (!r.split().equals("test")) {
                    continue;
                }
                boolean in = ps[k].judge(r.interaction()).categories().contains(c);
                boolean truth = r.category().equals(c);
                s[k][0] += in && truth ? 1 : 0;
                s[k][1] += in && !truth ? 1 : 0;
                s[k][2] += truth ? 1 : 0;
            }
        }
        return String.format(Locale.ROOT, "| %s | rules: %d / %d, %d false | rules + similar: %d / %d, %d false |",
                c, s[0][0], s[0][2], s[0][1], s[1][0], s[1][2], s[1][1]);
    }
}
