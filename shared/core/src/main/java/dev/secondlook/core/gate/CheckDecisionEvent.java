package dev.secondlook.core.gate;

import dev.secondlook.core.model.CheckStatus;

/**
 * What the decision topic announces when a hold is resolved, version 1 (schema:
 * {@code contracts/check-decision.v1.schema.json}): the check id and its status only, never text. An application
 * that prefers push to the long poll subscribes, then reads the output with {@code GET /v1/checks/{id}}.
 */
public record CheckDecisionEvent(String schema, String checkId, CheckStatus status) {

    public static final String SCHEMA = "secondlook.check-decision/v1";

    public static CheckDecisionEvent of(String checkId, CheckStatus status) {
        return new CheckDecisionEvent(SCHEMA, checkId, status);
    }
}
