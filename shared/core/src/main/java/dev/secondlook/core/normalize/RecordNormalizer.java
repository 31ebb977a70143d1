package dev.secondlook.core.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import dev.secondlook.core.model.SourceRef;

/**
 * Detects the format of one parsed record (per record, not per file) and normalises it into an
 * {@link dev.secondlook.core.model.Interaction}. Never throws for bad input: anything it cannot understand comes
 * back as {@link NormalizeResult.Rejected} with a reason.
 */
public final class RecordNormalizer {

    /** Normalises one record read from {@code source}. */
    public NormalizeResult normalize(JsonNode json, SourceRef source) {
        if (json == null || !json.isObject()) {
            return new NormalizeResult.Rejected("not-an-object", "record is not a JSON object");
        }
        try {
            if (BedrockInvocationNormalizer.accepts(json)) {
                return BedrockInvocationNormalizer.normalize(json, source);
            }
        } catch (RuntimeException e) {
            return new NormalizeResult.Rejected("unreadable-record", "record could not be normalised: "
                    + e.getClass().getSimpleName());
        }
        return new NormalizeResult.Rejected("unrecognised-format",
                "record matches no supported log format (Bedrock invocation log)");
    }
}
