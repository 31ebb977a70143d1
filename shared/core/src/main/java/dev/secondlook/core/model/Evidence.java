package dev.secondlook.core.model;

/**
 * Why a rule fired: the rule, the field and the matched span (char offsets, end exclusive) with a short excerpt.
 * Excerpts of secrets are masked before they are stored.
 */
public record Evidence(String ruleId, String category, String field, int start, int end, String excerpt) {
}
