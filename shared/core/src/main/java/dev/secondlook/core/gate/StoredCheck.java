package dev.secondlook.core.gate;

import java.util.List;

/**
 * A check as the store has it: the review record with the id of the check, read back.
 *
 * @param checkId       the check id (= the review id)
 * @param categories    categories the policy judged
 * @param ruleIds       rules that fired
 * @param policyVersion the policy version that judged it
 * @param output        the original output as stored
 * @param requestHash   the hash of the request that wrote it, or null when ingest wrote it from a log
 * @param caller        the application that asked, or null when ingest wrote it
 * @param hold          its hold, or null when the output was never held
 */
public record StoredCheck(String checkId, List<String> categories, List<String> ruleIds, String policyVersion,
                          String output, String requestHash, String caller, Hold hold) {

    public StoredCheck {
        categories = List.copyOf(categories);
        ruleIds = List.copyOf(ruleIds);
    }
}
