package dev.secondlook.core.policy;

/**
 * One compiled policy rule.
 *
 * @param id          unique rule id
 * @param category    category it assigns (e.g. {@code commitment})
 * @param outcome     what happens when it fires
 * @param maskEvidence true when matched text is a secret and must be masked in stored evidence
 * @param matcher     its compiled condition
 */
record Rule(String id, String category, Outcome outcome, boolean maskEvidence, Matcher matcher) {
}
