package dev.secondlook.core.gate;

import dev.secondlook.core.model.ReviewRecord;

/**
 * What the gate writes for a check: its review record, a hash of the request (to tell a retry from another
 * request under the same id), the calling application, and the hold when the output is held (null when delivered).
 */
public record NewCheck(ReviewRecord record, String requestHash, String caller, Hold hold) {
}
