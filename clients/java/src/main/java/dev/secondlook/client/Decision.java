package dev.secondlook.client;

import java.time.Instant;
import java.util.Map;

/**
 * Where a held output stands ({@code contracts/check-state.v1}): {@code held}, or how it was resolved, with the
 * text to deliver: the original when approved, the reviewer's edit when edited, the route's fallback when blocked,
 * and, when expired, what the route's timeout says (the fallback, or the original).
 *
 * @param checkId   the check id
 * @param status    held, approved, edited, blocked or expired
 * @param output    the text to deliver, null while held
 * @param decidedAt when the hold was resolved, null while held
 */
public record Decision(String checkId, String status, String output, Instant decidedAt) {

    /** Whether nobody has decided yet (the wait ended first). */
    public boolean held() {
        return "held".equals(status);
    }

    /** The text to deliver, or {@code whileHeld} when nobody has decided yet. */
    public String outputOr(String whileHeld) {
        return held() ? whileHeld : output;
    }

    static Decision of(Map<String, Object> json) {
        Object decided = json.get("decidedAt");
        return new Decision((String) json.get("checkId"), (String) json.get("status"), (String) json.get("output"),
                decided == null ? null : Instant.parse((String) decided));
    }
}
