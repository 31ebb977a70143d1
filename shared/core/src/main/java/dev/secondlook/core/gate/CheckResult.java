package dev.secondlook.core.gate;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The gate's answer to a check, version 1 (schema: {@code contracts/check-result.v1.schema.json}). Labels only:
 * never the output or any other text.
 *
 * @param checkId       the check id, the same for the same request id
 * @param decision      deliver, or hold
 * @param categories    categories the policy judged
 * @param rules         rules that fired
 * @param policyVersion the policy version that judged it
 * @param reviewId      the review record written for it (held, or selected for review after delivery), else absent
 * @param expiresAt     when a hold expires unless a reviewer decides first (holds only), else absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckResult(String schema, String checkId, CheckDecision decision, List<String> categories,
                          List<String> rules, String policyVersion, String reviewId, String expiresAt) {

    public static final String SCHEMA = "secondlook.check-result/v1";

    public CheckResult {
        categories = List.copyOf(categories);
        rules = List.copyOf(rules);
    }
}
