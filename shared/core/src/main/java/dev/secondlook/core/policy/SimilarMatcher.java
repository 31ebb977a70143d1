package dev.secondlook.core.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.secondlook.core.model.TextField;
import dev.secondlook.core.similar.ExemplarIndex;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code similar: {category: C, threshold: T, in: [output]}}: true when a window of a field around one of C's gate
 * terms (the rules file's {@code exemplars.categories.C.gate}) is at least {@code T} (cosine) close to an exemplar
 * of C, and closer to it than to any written counter-example of C, to any exemplar of another category and to a near
 * miss a reviewer passed that it nearly repeats ({@link ExemplarIndex#PASSED_CASE_CLOSENESS}). Its hits are the
 * window, and a metadata hit that names the exemplar (the eval case id, or the policy example). Without an exemplar index bound to the policy (a function without the model) it is false;
 * {@link Policy#similarCategories()} lets a wiring say so.
 */
record SimilarMatcher(String category, double threshold, List<TextField> fields) implements Matcher {

    static SimilarMatcher compile(JsonNode v, List<TextField> fields) {
        if (!v.isObject()) {
            throw new IllegalArgumentException("similar needs {category: C, threshold: T}");
        }
        for (java.util.Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!Set.of("category", "threshold", "in").contains(k)) {
                throw new IllegalArgumentException("similar: unknown key '" + k
                        + "' (allowed: category, threshold, in)");
            }
        }
        String category = v.path("category").asText("");
        if (category.isBlank()) {
            throw new IllegalArgumentException("similar needs a category (of the exemplars to compare with)");
        }
        JsonNode t = v.get("threshold");
        if (t == null || !t.isNumber() || t.asDouble() <= 0 || t.asDouble() > 1) {
            throw new IllegalArgumentException("similar needs a threshold within (0, 1] (cosine similarity)");
        }
        return new SimilarMatcher(category, t.asDouble(), fields);
    }

    @Override
    public List<Hit> match(EvaluationContext ctx) {
        SimilarityScope scope = ctx.similarity;
        if (scope == null) {
            return null;
        }
        for (TextField f : fields) {
            List<Hit> gate = outside(ctx.keywordHits(f, scope.gateSet(category)),
                    scope.exceptSet(category) < 0 ? List.of() : ctx.keywordHits(f, scope.exceptSet(category)));
            if (gate.isEmpty()) {
                continue;
            }
            SimilarityScope.Best best = scope.best(f, gate, category);
            if (best != null && best.match().matches(threshold)) {
                ExemplarIndex.Match m = best.match();
                return List.of(new Hit(f, best.start(), best.end(), "similar", false),
                        Hit.metadata(String.format(Locale.ROOT, "similar to %s (%.2f >= %.2f)",
                                m.exemplar().provenance(), m.score(), threshold)));
            }
        }
        return null;
    }

    /**
     * The gate hits that no except phrase covers ("free" in "feel free to ask" does not open the gate). Both lists are
     * short (keyword hits of one field), so the pairwise check stays cheap.
     */
    static List<Hit> outside(List<Hit> gate, List<Hit> except) {
        if (except.isEmpty() || gate.isEmpty()) {
            return gate;
        }
        List<Hit> out = new java.util.ArrayList<>(gate.size());
        for (Hit g : gate) {
            boolean covered = false;
            for (Hit x : except) {
                if (x.start() <= g.start() && g.end() <= x.end()) {
                    covered = true;
                    break;
                }
            }
            if (!covered) {
                out.add(g);
            }
        }
        return out;
    }

    /** Whether {@code m} holds a {@code similar} condition (evaluating it may run the model). */
    static boolean costly(Matcher m) {
        Set<String> found = new java.util.HashSet<>();
        categories(m, found);
        return !found.isEmpty();
    }

    /** Adds the categories of the {@code similar} conditions under {@code m} to {@code out}. */
    static void categories(Matcher m, Set<String> out) {
        if (m instanceof SimilarMatcher s) {
            out.add(s.category());
        } else if (m instanceof Matchers.All a) {
            a.children().forEach(c -> categories(c, out));
        } else if (m instanceof Matchers.Any a) {
            a.children().forEach(c -> categories(c, out));
        } else if (m instanceof Matchers.Not n) {
            categories(n.child(), out);
        }
    }
}
