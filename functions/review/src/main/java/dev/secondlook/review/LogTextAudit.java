package dev.secondlook.review;

import dev.secondlook.core.review.TextAudit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.secondlook.aws.telemetry.LogFields;

import java.util.Map;

/**
 * The audit trail of who read customer text, as structured log lines in the function's log group (KMS-encrypted,
 * with the template's retention): {@code "message":"text-shown"} with the review id, the caller and how. A
 * CloudWatch Logs Insights query over {@code message = "text-shown"} lists every read.
 */
final class LogTextAudit implements TextAudit {

    private static final Logger AUDIT = LoggerFactory.getLogger("secondlook.audit");

    @Override
    public void textShown(String reviewId, String caller, String how) {
        AUDIT.info("text-shown", LogFields.of(Map.of("audit", true, "reviewId", reviewId, "caller",
                caller, "how", how)));
    }
}
