package dev.secondlook.core.policy;

import dev.secondlook.core.model.Evidence;
import dev.secondlook.core.model.Severity;

import java.util.List;

/**
 * The policy's verdict on one interaction.
 *
 * @param decision             none (not selected), sample, review or page
 * @param categories           categories of the rules that fired (ignore rules excluded), sorted
 * @param ruleIds              ids of the rules that fired, sorted
 * @param evidence             evidence of those rules, secrets masked
 * @param inclusionProbability probability of selection under this policy (1.0 for review and page)
 * @param selectionReason      {@code rule}, {@code high-stakes-route}, {@code sample} or {@code none}
 * @param route                the route the policy read from request metadata, "" when none
 */
public record Judgement(Decision decision, List<String> categories, List<String> ruleIds, List<Evidence> evidence,
                        double inclusionProbability, String selectionReason, String route) {

    public boolean selected() {
        return decision != Decision.NONE;
    }

    /** Severity of a selected record. */
    public Severity severity() {
        return switch (decision) {
            case PAGE -> Severity.PAGE;
            case REVIEW -> Severity.REVIEW;
            case SAMPLE, NONE -> Severity.SAMPLE;
        };
    }
}
