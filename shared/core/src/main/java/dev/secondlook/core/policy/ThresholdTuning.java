package dev.secondlook.core.policy;

import dev.secondlook.core.model.Interaction;
import dev.secondlook.core.similar.ExemplarIndex;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses {@code similar} thresholds from labelled outputs: for each category of the policy's {@code similar}
 * rules, precision and recall of the rules alone and of the rules together with the matcher at each threshold,
 * and a suggestion - the lowest threshold whose precision reaches the target (the most recall it allows), or,
 * when none does, the one with the best F1; and one threshold per category chosen together ({@link #joint}), for a
 * goal set over all of them. Used by {@code ./secondlook rules tune} and the benchmark.
 */
public final class ThresholdTuning {

    /** An output and the categories a reviewer gave it (empty: on-policy). */
    public record Labelled(Interaction interaction, Set<String> categories) {
    }

    /** Counts at one threshold ({@code threshold} is NaN for the rules alone). */
    public record Point(double threshold, int truePositives, int falsePositives, int positives) {
        public double precision() {
            return truePositives + falsePositives == 0 ? 1.0 : (double) truePositives / (truePositives + falsePositives);
        }

        public double recall() {
            return positives == 0 ? 1.0 : (double) truePositives / positives;
        }

        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    /** One category's sweep. {@code suggested} is one of {@code sweep}. */
    public record CategoryReport(String category, Point rulesOnly, List<Point> sweep, Point suggested) {
    }

    /**
     * Thresholds chosen together: the combination with the most recall over all the categories' (output, category)
     * pairs whose precision reaches the target; among equals the one with the fewest false alarms, then the highest
     * thresholds (the most margin against outputs not in the labelled set).
     */
    public record JointSuggestion(Map<String, Double> thresholds, Point overall) {
    }

    /** Combinations {@link #joint} tries at most (13 thresholds and 4 categories are 28,561). */
    static final int MAX_COMBINATIONS = 200_000;

    private ThresholdTuning() {
    }

    /** Whether {@link #joint} can try every combination of {@code thresholds} for the policy's similar categories. */
    public static boolean jointFits(Policy bound, List<Double> thresholds) {
        return Math.pow(thresholds.size(), bound.similarCategories().size()) <= MAX_COMBINATIONS;
    }

    /**
     * One threshold per category, chosen together (see {@link JointSuggestion}); null when no combination finds an
     * output at {@code targetPrecision}.
     *
     * @throws IllegalArgumentException when there are more than {@link #MAX_COMBINATIONS} combinations to try
     *                                  ({@link #jointFits} says beforehand)
     */
    public static JointSuggestion joint(Policy bound, List<Labelled> labelled, List<Double> thresholds,
                                        double targetPrecision) {
        if (!jointFits(bound, thresholds)) {
            throw new IllegalArgumentException(thresholds.size() + " thresholds for "
                    + bound.similarCategories().size() + " categories are more than " + MAX_COMBINATIONS
                    + " combinations");
        }
        List<String> categories = bound.similarCategories().stream().sorted().toList();
        if (categories.isEmpty() || thresholds.isEmpty()) {
            return null;
        }
        Judged judged = Judged.of(bound, labelled);
        List<List<String>> ruled = judged.ruled();
        List<Map<String, ExemplarIndex.Match>> closest = judged.closest();
        // a category's outcome does not depend on the others' thresholds: each (category, threshold) is counted
        // once, and a combination adds up its categories' counts
        int k = categories.size();
        Point[][] counted = new Point[k][thresholds.size()];
        for (int j = 0; j < k; j++) {
            for (int ti = 0; ti < thresholds.size(); ti++) {
                counted[j][ti] = point(thresholds.get(ti), categories.get(j), labelled, ruled, closest);
            }
        }
        int[] at = new int[k];
        int[] chosen = null;
        Point best = null;
        double bestSum = -1;
        while (true) {
            int tp = 0;
            int fp = 0;
            int pos = 0;
            double sum = 0;
            for (int j = 0; j < k; j++) {
                Point c = counted[j][at[j]];
                tp += c.truePositives();
                fp += c.falsePositives();
                pos += c.positives();
                sum += c.threshold();
            }
            Point p = new Point(Double.NaN, tp, fp, pos);
            if (p.precision() >= targetPrecision && (best == null || p.truePositives() > best.truePositives()
                    || (p.truePositives() == best.truePositives() && (p.falsePositives() < best.falsePositives()
                    || (p.falsePositives() == best.falsePositives() && sum > bestSum + 1e-9))))) {
                best = p;
                bestSum = sum;
                chosen = at.clone();
            }
            int j = 0;
            while (j < k && ++at[j] == thresholds.size()) {
                at[j++] = 0;
            }
            if (j == k) {
                break;
            }
        }
        if (best == null || best.truePositives() == 0) {
            return null;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (int j = 0; j < k; j++) {
            out.put(categories.get(j), thresholds.get(chosen[j]));
        }
        return new JointSuggestion(out, best);
    }

    /**
     * @param bound           the policy with its exemplar index bound
     * @param labelled        the outputs
     * @param thresholds      the thresholds to try, ascending
     * @param targetPrecision the precision a suggestion must reach
     */
    public static Map<String, CategoryReport> sweep(Policy bound, List<Labelled> labelled, List<Double> thresholds,
                                                    double targetPrecision) {
        Judged judged = Judged.of(bound, labelled);
        List<List<String>> ruled = judged.ruled();
        List<Map<String, ExemplarIndex.Match>> closest = judged.closest();
        Map<String, CategoryReport> out = new LinkedHashMap<>();
        for (String c : bound.similarCategories()) {
            Point rules = point(Double.NaN, c, labelled, ruled, closest);
            List<Point> sweep = new ArrayList<>();
            for (double t : thresholds) {
                sweep.add(point(t, c, labelled, ruled, closest));
            }
            Point suggested = null;
            for (Point p : sweep) {
                if (p.precision() >= targetPrecision) {
                    suggested = p;
                    break;
                }
            }
            if (suggested == null) {
                for (Point p : sweep) {
                    if (suggested == null || p.f1() > suggested.f1()) {
                        suggested = p;
                    }
                }
            }
            out.put(c, new CategoryReport(c, rules, sweep, suggested));
        }
        return out;
    }

    private static Point point(double t, String c, List<Labelled> labelled, List<List<String>> ruled,
                               List<Map<String, ExemplarIndex.Match>> closest) {
        int tp = 0;
        int fp = 0;
        int pos = 0;
        for (int i = 0; i < labelled.size(); i++) {
            boolean truth = labelled.get(i).categories().contains(c);
            ExemplarIndex.Match m = closest.get(i).get(c);
            boolean predicted = ruled.get(i).contains(c) || (!Double.isNaN(t) && m != null && m.matches(t));
            pos += truth ? 1 : 0;
            tp += truth && predicted ? 1 : 0;
            fp += !truth && predicted ? 1 : 0;
        }
        return new Point(t, tp, fp, pos);
    }

    /** Each output's categories from the rules alone, and its closest exemplar per category (the model runs once). */
    private record Judged(List<List<String>> ruled, List<Map<String, ExemplarIndex.Match>> closest) {

        static Judged of(Policy bound, List<Labelled> labelled) {
            Policy rulesOnly = bound.withExemplars(null);
            List<List<String>> ruled = new ArrayList<>();
            List<Map<String, ExemplarIndex.Match>> closest = new ArrayList<>();
            for (Labelled l : labelled) {
                ruled.add(rulesOnly.judge(l.interaction()).categories());
                closest.add(bound.closestExemplars(l.interaction()));
            }
            return new Judged(ruled, closest);
        }
    }
}
