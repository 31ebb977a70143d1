package dev.secondlook.core.policy;

import dev.secondlook.core.similar.ExemplarIndex;
import dev.secondlook.core.similar.ExemplarSource;
import dev.secondlook.core.similar.WordHashEmbedder;
import dev.secondlook.core.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThresholdTuningTest {

    private static final String POLICY = """
            exemplars:
              categories:
                commitment:
                  gate: [refund]
                  examples: ["we refund your order in full today"]
                regulated-advice:
                  gate: [dose]
                  examples: ["double your dose of the tablets tonight"]
            rules:
              - id: similar-commitment
                category: commitment
                outcome: review
                when: {similar: {category: commitment, threshold: 0.5, in: [output]}}
              - id: similar-advice
                category: regulated-advice
                outcome: review
                when: {similar: {category: regulated-advice, threshold: 0.5, in: [output]}}
            """;

    private static Policy bound() {
        Policy p = PolicyLoader.load(POLICY);
        ExemplarSettings s = p.exemplarSettings();
        return p.withExemplars(new ExemplarIndex(new WordHashEmbedder(), p.similarCategories(), s.writtenExemplars(),
                ExemplarSource.NONE, s.refresh(), s.maxChars(), s.maxPerCategory(),
                new MutableClock(Instant.parse("2026-11-30T08:00:00Z")), p::exemplarWindows));
    }

    private static List<ThresholdTuning.Labelled> labelled() {
        List<ThresholdTuning.Labelled> out = new ArrayList<>();
        // off-policy, close to the examples (6 of 7 words), and further off (3 of 7)
        out.add(row("c1", "we refund your order in full now", "commitment"));
        out.add(row("c2", "we refund nothing, sorry", "commitment"));
        out.add(row("a1", "double your dose of the tablets today", "regulated-advice"));
        // on-policy near misses, as close as the far positive
        out.add(row("n1", "we refund requests weekly", null));
        out.add(row("n2", "your dose of vitamins is fine", null));
        return out;
    }

    private static ThresholdTuning.Labelled row(String id, String text, String category) {
        return new ThresholdTuning.Labelled(Interactions.output(id, text),
                category == null ? Set.of() : Set.of(category));
    }

    @Test
    void joint_takesTheMostRecallThatKeepsThePrecision_withTheHighestThresholdsAmongEquals() {
        Policy p = bound();
        List<Double> ts = List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9);
        Map<String, ExemplarIndex.Match> far = p.closestExemplars(Interactions.output("x", "we refund nothing, sorry"));
        double farScore = far.get("commitment").score();

        ThresholdTuning.JointSuggestion all = ThresholdTuning.joint(p, labelled(), ts, 0.5);
        // at 50 % precision the far positive is worth its false alarms: every positive found
        assertEquals(3, all.overall().truePositives(), all.toString());
        assertEquals(all.overall().truePositives() / (double) all.overall().positives(), all.overall().recall());

        ThresholdTuning.JointSuggestion strict = ThresholdTuning.joint(p, labelled(), ts, 1.0);
        // at 100 % only the close ones, and each threshold as high as still finds them
        assertEquals(2, strict.overall().truePositives(), strict.toString());
        assertEquals(0, strict.overall().falsePositives());
        double close = p.closestExemplars(Interactions.output("y", "we refund your order in full now"))
                .get("commitment").score();
        assertEquals(highestAtOrBelow(ts, close), strict.thresholds().get("commitment"), 1e-9);
        assertTrue(strict.thresholds().get("commitment") > farScore, strict.thresholds().toString());
        double advice = p.closestExemplars(Interactions.output("z", "double your dose of the tablets today"))
                .get("regulated-advice").score();
        assertEquals(highestAtOrBelow(ts, advice), strict.thresholds().get("regulated-advice"), 1e-9);
        assertEquals(List.of("commitment", "regulated-advice"), List.copyOf(strict.thresholds().keySet()));
    }

    @Test
    void joint_isNull_whenNoCombinationReachesThePrecision_andRefusesTooManyCombinations() {
        List<ThresholdTuning.Labelled> onlyNearMisses = List.of(row("n1", "we refund requests weekly", null));
        assertNull(ThresholdTuning.joint(bound(), onlyNearMisses, List.of(0.1), 0.9));
        List<Double> many = new ArrayList<>();
        for (int i = 1; i <= 500; i++) {
            many.add(i / 501.0);
        }
        assertFalse(ThresholdTuning.jointFits(bound(), many), "500 x 500 combinations are too many");
        assertThrows(IllegalArgumentException.class, () -> ThresholdTuning.joint(bound(), labelled(), many, 0.5));
        assertTrue(ThresholdTuning.jointFits(bound(), List.of(0.1, 0.2)));
    }

    @Test
    void atALowTarget_itStillPrefersTheCombinationWithoutTheFalseAlarm() {
        Policy p = bound();
        // at 50 % precision a threshold low enough to flag the near miss is allowed; finding as much without it wins
        List<ThresholdTuning.Labelled> rows = List.of(
                row("c1", "we refund your order in full now", "commitment"),
                row("a1", "double your dose of the tablets today", "regulated-advice"),
                row("n1", "we refund requests weekly", null));
        double nearMiss = p.closestExemplars(Interactions.output("n", "we refund requests weekly"))
                .get("commitment").score();
        ThresholdTuning.JointSuggestion j = ThresholdTuning.joint(p, rows, List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6,
                0.7, 0.8, 0.9), 0.5);
        assertEquals(2, j.overall().truePositives());
        assertEquals(0, j.overall().falsePositives(), "finding as much without the near miss wins");
        assertTrue(j.thresholds().get("commitment") > nearMiss, j.thresholds().toString());
    }

    private static double highestAtOrBelow(List<Double> ts, double score) {
        double best = Double.NaN;
        for (double t : ts) {
            if (t <= score) {
                best = t;
            }
        }
        return best;
    }
}
