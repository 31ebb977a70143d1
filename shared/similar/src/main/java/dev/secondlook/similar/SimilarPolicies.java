package dev.secondlook.similar;

import dev.secondlook.core.policy.ExemplarSettings;
import dev.secondlook.core.policy.Policy;
import dev.secondlook.core.similar.Embedder;
import dev.secondlook.core.similar.ExemplarIndex;
import dev.secondlook.core.similar.ExemplarSource;

import java.time.Clock;
import java.time.Duration;

/** Binds a policy's {@code similar} rules to an exemplar index over an embedder. */
public final class SimilarPolicies {

    private SimilarPolicies() {
    }

    /**
     * The policy with its {@code similar} rules bound to an index of its written examples and, when its
     * {@code exemplars.evalSet} is on, of {@code evalSet}'s exemplars. A policy without such rules is returned as
     * it is (no model is ever loaded for it). Nothing is loaded here: the index and the model load on the first
     * record that passes a gate.
     */
    public static Policy bind(Policy policy, Embedder embedder, ExemplarSource evalSet, Clock clock) {
        return bind(policy, embedder, evalSet, null, clock);
    }

    /**
     * As {@link #bind(Policy, Embedder, ExemplarSource, Clock)}, with the refresh period replaced (a deployment
     * setting) unless {@code refresh} is null.
     */
    public static Policy bind(Policy policy, Embedder embedder, ExemplarSource evalSet, Duration refresh,
                              Clock clock) {
        if (policy.similarCategories().isEmpty()) {
            return policy;
        }
        ExemplarSettings s = policy.exemplarSettings();
        return policy.withExemplars(new ExemplarIndex(embedder, policy.similarCategories(), s.writtenExemplars(),
                s.evalSet() ? evalSet : ExemplarSource.NONE, refresh == null ? s.refresh() : refresh, s.maxChars(), s.maxPerCategory(), clock,
                policy::exemplarWindows));
    }
}
