package dev.secondlook.core.policy;

import dev.secondlook.core.model.Interaction;
import dev.secondlook.core.model.TextField;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The combinators' short cuts against their plain definitions: {@code matches} is {@code match != null}, and the
 * hits of {@code all}, {@code any} and a keyword set are their children's (fields') hits in order, whether or not
 * the lists were shared rather than copied.
 */
class MatchersTest {

    private static final String POLICY = """
            policy: combinators
            sampling: {salt: s, defaultRate: 0.0}
            rules:
              - id: all-not
                category: c
                outcome: review
                when:
                  all:
                    - keywords: [refund, credit]
                    - not: {keywords: {in: [prompt], terms: [angry, lawyer]}}
              - id: any-nested
                category: c
                outcome: review
                when:
                  any:
                    - keywords: {in: [output, prompt], terms: [refund, guarantee]}
                    - all:
                        - keywords: [credit]
                        - not: {any: [{keywords: [sorry]}, {keywords: {in: [prompt], terms: [lawyer]}}]}
                    - not: {all: [{keywords: [we]}, {keywords: [will]}]}
              - id: double-not
                category: c
                outcome: review
                when: {not: {not: {keywords: {in: [output, prompt], terms: [guarantee, we will]}}}}
            """;

    private static final String[] WORDS = {"refund", "credit", "guarantee", "we", "will", "sorry", "angry", "lawyer",
        "the", "order", "a", "we will"};

    @Test
    void shortCuts_agreeWithThePlainDefinitions_onRandomTexts() {
        SplittableRandom random = new SplittableRandom(7);
        int checked = 0;
        for (Policy policy : List.of(PolicyLoader.load(POLICY), PolicyLoader.loadDefault())) {
            for (int n = 0; n < 3_000; n++) {
                Interaction in = Interactions.of(String.valueOf(n), text(random), Map.of(), null, null)
                        .withPrompt(text(random));
                for (Rule rule : policy.rules()) {
                    checked += check(rule.matcher(), in, policy);
                }
            }
        }
        assertEquals(true, checked > 50_000, "matchers checked: " + checked);
    }

    /** Checks {@code m} and every combinator below it on a fresh context each time; returns how many it checked. */
    private static int check(Matcher m, Interaction in, Policy policy) {
        int checked = 1;
        List<Hit> hits = m.match(context(in, policy));
        assertEquals(hits != null, m.matches(context(in, policy)), m.toString());
        List<Hit> expected = plain(m, in, policy);
        if (expected != NOT_PLAIN) {
            assertEquals(expected, hits, m.toString());
        }
        if (m instanceof Matchers.All all) {
            for (Matcher child : all.children()) {
                checked += check(child, in, policy);
            }
        } else if (m instanceof Matchers.Any any) {
            for (Matcher child : any.children()) {
                checked += check(child, in, policy);
            }
        } else if (m instanceof Matchers.Not not) {
            checked += check(not.child(), in, policy);
        }
        return checked;
    }

    private static final List<Hit> NOT_PLAIN = new ArrayList<>();

    /** A combinator's hits by its definition, from its children's {@code match}; NOT_PLAIN for other kinds. */
    private static List<Hit> plain(Matcher m, Interaction in, Policy policy) {
        if (m instanceof Matchers.All all) {
            List<Hit> out = new ArrayList<>();
            for (Matcher child : all.children()) {
                List<Hit> h = child.match(context(in, policy));
                if (h == null) {
                    return null;
                }
                out.addAll(h);
            }
            return out;
        }
        if (m instanceof Matchers.Any any) {
            List<Hit> out = null;
            for (Matcher child : any.children()) {
                List<Hit> h = child.match(context(in, policy));
                if (h != null) {
                    out = out == null ? new ArrayList<>() : out;
                    out.addAll(h);
                }
            }
            return out;
        }
        if (m instanceof Matchers.Not not) {
            return not.child().match(context(in, policy)) == null ? List.of() : null;
        }
        if (m instanceof Matchers.Keywords k) {
            EvaluationContext ctx = context(in, policy);
            List<Hit> out = new ArrayList<>();
            for (TextField f : k.fields()) {
                out.addAll(ctx.keywordHits(f, k.setId()));
            }
            return out.isEmpty() ? null : out;
        }
        return NOT_PLAIN;
    }

    private static EvaluationContext context(Interaction in, Policy policy) {
        return new EvaluationContext(in, policy.routeOf(in), policy.automaton(), Deadline.NONE);
    }

    private static String text(SplittableRandom random) {
        StringBuilder b = new StringBuilder();
        int n = random.nextInt(12);
        for (int i = 0; i < n; i++) {
            b.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(4) == 0 ? ". " : " ");
        }
        return b.toString();
    }
}
