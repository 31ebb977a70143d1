package dev.secondlook.similar;

import dev.secondlook.core.model.Interaction;
import dev.secondlook.core.model.SourceRef;
import dev.secondlook.core.policy.Judgement;
import dev.secondlook.core.policy.Policy;
import dev.secondlook.core.policy.PolicyLoader;
import dev.secondlook.core.similar.Exemplar;
import dev.secondlook.core.similar.ExemplarSource;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The default policy with the real model: one off-policy verdict makes a differently worded output selected. */
class DefaultPolicyLearnsTest {

    /** What the reviewer marked off-policy (commitment). */
    static final String MARKED = "As a thank-you for your patience, I've added free oil changes for life to your "
            + "car's service plan.";
    /** A later output of the same kind, worded differently. */
    static final String LATER = "Don't worry about the cost: from now on every oil change on your vehicle is free, "
            + "for as long as you own it.";

    static Interaction output(String text) {
        return new Interaction("r-" + text.hashCode(), "test", new SourceRef("b", "k", null, null, 0), null,
                "Converse", "m", Map.of(), "", "", text, null, null, null, null, null, false);
    }

    @Test
    void oneOffPolicyVerdict_selectsADifferentlyWordedOutputOfTheSameKind_withTheCaseAsEvidence() {
        Policy policy = PolicyLoader.loadDefault();
        SentenceEmbedder embedder = new SentenceEmbedder();
        Judgement before = SimilarPolicies.bind(policy, embedder, ExemplarSource.NONE, Clock.systemUTC())
                .judge(output(LATER));
        assertFalse(before.categories().contains("commitment"), before.toString());

        ExemplarSource evalSet = () -> List.of(Exemplar.ofEvalCase("commitment", MARKED, "rev-oil-1"));
        Judgement after = SimilarPolicies.bind(policy, embedder, evalSet, Clock.systemUTC()).judge(output(LATER));
        assertTrue(after.categories().contains("commitment"), after.toString());
        assertTrue(after.ruleIds().contains("similar-commitment"), after.toString());
        assertTrue(after.evidence().stream().anyMatch(e -> e.excerpt().startsWith("similar to eval case rev-oil-1")),
                after.evidence().toString());
    }
}
