package dev.secondlook.core.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.secondlook.core.similar.Exemplar;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules file's {@code exemplars} section: per category, the gate terms without which an output is never
 * embedded and the written examples; the eval set as a source of exemplars; and what the {@code similar} matcher
 * may spend on one record.
 *
 * <pre>
 * exemplars:
 *   evalSet: true            # every off-policy eval case is an exemplar of each of its labels
 *   refreshSeconds: 300      # how often the eval set is read again
 *   maxChars: 1000           # longest text embedded (a record's window, an exemplar); the model reads 512 tokens
 *   maxPerCategory: 2000
 *   budget: {maxWindows: 3, maxMillis: 250}   # per record: windows embedded, time spent embedding
 *   categories:
 *     commitment:
 *       gate: [refund, guarantee, credit]    # keywords; an output without one is not embedded
 *       gateExcept: [feel free]              # phrases in which a gate term does not count (stock phrases)
 *       examples: ["I've gone ahead and approved a full refund for you."]
 *       counterExamples: ["I've passed your refund request to billing; they decide."]   # near misses
 * </pre>
 *
 * @param evalSet        whether off-policy eval cases are exemplars
 * @param refresh        how old the exemplar index may get
 * @param maxChars       longest text embedded
 * @param maxPerCategory most exemplars per category
 * @param maxWindows     most windows of one record embedded (each window costs one model run)
 * @param maxTime        most time one record may spend being embedded; past it, the matcher stops looking
 * @param categories     per category, its gate and written examples
 */
public record ExemplarSettings(boolean evalSet, Duration refresh, int maxChars, int maxPerCategory, int maxWindows,
                               Duration maxTime, Map<String, CategorySettings> categories) {

    /** No section: no category may be used by a {@code similar} rule. */
    static final ExemplarSettings NONE = new ExemplarSettings(false, Duration.ofMinutes(5), 1000, 2000, 3,
            Duration.ofMillis(250), Map.of());

    private static final Set<String> KEYS = Set.of("evalSet", "refreshSeconds", "maxChars", "maxPerCategory",
            "budget", "categories");
    private static final java.util.SortedSet<String> CATEGORY_KEYS = new java.util.TreeSet<>(Set.of("gate",
            "gateExcept", "examples", "counterExamples"));

    /**
     * @param gate       the gate's keywords
     * @param gateSet    their keyword set in the policy's automaton
     * @param examples   the written examples
     * @param counterExamples near misses written down: outputs of the category's kind that are not in it
     * @param gateExcept phrases within which a gate keyword does not count (a stock phrase such as "feel free")
     * @param exceptSet  their keyword set in the policy's automaton, or -1 when there are none
     */
    public record CategorySettings(List<String> gate, int gateSet, List<String> examples,
                                   List<String> counterExamples, List<String> gateExcept, int exceptSet) {
    }

    public ExemplarSettings {
        categories = Map.copyOf(categories);
    }

    /** The written examples of every category, as exemplars. */
    public List<Exemplar> writtenExemplars() {
        List<Exemplar> out = new ArrayList<>();
        categories.forEach((c, s) -> {
            int i = 0;
            for (String e : s.examples()) {
                out.add(Exemplar.written(c, e, ++i));
            }
            int k = 0;
            for (String e : s.counterExamples()) {
                out.add(Exemplar.counterExample(c, e, ++k));
            }
        });
        return out;
    }

    /**
     * @throws PolicyException when a rule's {@code similar} condition names a category without an entry here (it
     *                         would have no gate)
     */
    void checkGated(List<Rule> rules) {
        for (Rule r : rules) {
            Set<String> used = new java.util.TreeSet<>();
            SimilarMatcher.categories(r.matcher(), used);
            for (String c : used) {
                if (!categories.containsKey(c)) {
                    throw new PolicyException("rule '" + r.id() + "': similar category '" + c + "' has no entry "
                            + "under exemplars.categories (its gate terms and examples)");
                }
            }
        }
    }

    static ExemplarSettings compile(JsonNode node, KeywordAutomaton automaton, int[] nextSet) {
        if (node == null || node.isNull()) {
            return NONE;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("exemplars must be a mapping");
        }
        node.fieldNames().forEachRemaining(k -> {
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException("exemplars: unknown key '" + k + "' (allowed: " + KEYS + ")");
            }
        });
        int refresh = positive(node, "refreshSeconds", 300, 86_400);
        int maxChars = positive(node, "maxChars", 1000, 20_000);
        int maxPer = positive(node, "maxPerCategory", 2000, 100_000);
        JsonNode budget = node.path("budget");
        int maxWindows = positive(budget, "maxWindows", 3, 50);
        int maxMillis = positive(budget, "maxMillis", 250, 60_000);
        Map<String, CategorySettings> cats = new LinkedHashMap<>();
        JsonNode cs = node.path("categories");
        if (!cs.isMissingNode() && !cs.isObject()) {
            throw new IllegalArgumentException("exemplars.categories must map a category to its gate and examples");
        }
        cs.fields().forEachRemaining(e -> {
            String c = e.getKey();
            JsonNode v = e.getValue();
            v.fieldNames().forEachRemaining(k -> {
                if (!CATEGORY_KEYS.contains(k)) {
                    throw new IllegalArgumentException("exemplars.categories." + c + ": unknown key '" + k
                            + "' (allowed: " + CATEGORY_KEYS + ")");
                }
            });
            List<String> gate = strings(v.get("gate"), "exemplars.categories." + c + ".gate");
            if (gate.isEmpty()) {
                throw new IllegalArgumentException("exemplars.categories." + c + ": needs gate terms (an output "
                        + "without one of them is never embedded)");
            }
            int set = nextSet[0]++;
            for (String g : gate) {
                String folded = TextFolding.fold(g.trim());
                if (folded.isEmpty()) {
                    throw new IllegalArgumentException("exemplars.categories." + c + ": empty gate term");
                }
                automaton.add(set, folded);
            }
            List<String> except = strings(v.get("gateExcept"), "exemplars.categories." + c + ".gateExcept");
            int exceptSet = -1;
            if (!except.isEmpty()) {
                exceptSet = nextSet[0]++;
                for (String x : except) {
                    String folded = TextFolding.fold(x.trim());
                    if (folded.isEmpty()) {
                        throw new IllegalArgumentException("exemplars.categories." + c + ": empty gateExcept phrase");
                    }
                    automaton.add(exceptSet, folded);
                }
            }
            cats.put(c, new CategorySettings(gate, set,
                    strings(v.get("examples"), "exemplars.categories." + c + ".examples"),
                    strings(v.get("counterExamples"), "exemplars.categories." + c + ".counterExamples"), except,
                    exceptSet));
        });
        return new ExemplarSettings(node.path("evalSet").asBoolean(true), Duration.ofSeconds(refresh), maxChars,
                maxPer, maxWindows, Duration.ofMillis(maxMillis), cats);
    }

    private static int positive(JsonNode n, String key, int fallback, int max) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.canConvertToInt() || v.asInt() < 1 || v.asInt() > max) {
            throw new IllegalArgumentException("exemplars: " + key + " must be an integer within [1, " + max + "]");
        }
        return v.asInt();
    }

    private static List<String> strings(JsonNode node, String what) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(what + " must be a list of strings");
        }
        for (JsonNode n : node) {
            if (!n.isTextual() || n.asText().isBlank()) {
                throw new IllegalArgumentException(what + " must be a list of non-empty strings");
            }
            out.add(n.asText());
        }
        return out;
    }
}
