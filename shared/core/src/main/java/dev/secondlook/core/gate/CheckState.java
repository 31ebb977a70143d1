package dev.secondlook.core.gate;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.secondlook.core.model.CheckStatus;

/**
 * Where a held check stands, version 1 (schema: {@code contracts/check-state.v1.schema.json}), with the text the
 * application delivers: the original when approved, the reviewer's edit when edited, the route's fallback when
 * blocked, and when expired the fallback or the original as the route's {@code onTimeout} says; null while held.
 *
 * @param checkId   the check id
 * @param status    held, approved, edited, blocked or expired
 * @param output    the text to deliver, null while held
 * @param decidedAt when the hold was resolved; absent while held
 */
public record CheckState(String schema, String checkId, CheckStatus status, String output,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String decidedAt) {

    public static final String SCHEMA = "secondlook.check-state/v1";
}
