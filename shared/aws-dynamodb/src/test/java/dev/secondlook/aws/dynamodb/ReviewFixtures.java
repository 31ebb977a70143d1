package dev.secondlook.aws.dynamodb;

import dev.secondlook.core.model.Evidence;
import dev.secondlook.core.model.Lane;
import dev.secondlook.core.model.ReviewRecord;
import dev.secondlook.core.model.ReviewStatus;
import dev.secondlook.core.model.Severity;
import dev.secondlook.core.model.SourceRef;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Review records for integration tests, with recognisable text so tests can prove it never leaks. */
public final class ReviewFixtures {

    /** Marker strings placed in every fixture's prompt and output. */
    public static final String PROMPT_MARKER = "PROMPT-TEXT-7f3a";
    public static final String OUTPUT_MARKER = "OUTPUT-TEXT-9c1e";

    private ReviewFixtures() {
    }

    public static ReviewRecord record(String id, Severity severity, Instant createdAt, Duration sla) {
        return new ReviewRecord(id, ReviewStatus.PENDING, severity.lane(), severity,
                severity == Severity.SAMPLE ? List.of() : List.of("secret-leak"),
                severity == Severity.SAMPLE ? List.of() : List.of("secret-cloud-keys"),
                List.of(new Evidence("secret-cloud-keys", "secret-leak", "output", 0, 4, "****MPLE (20 chars, masked)")),
                severity == Severity.SAMPLE ? 0.05 : 1.0, severity == Severity.SAMPLE ? "sample" : "rule",
                "devops.helper", "meta.llama3-8b-instruct-v1:0", "Converse", "bedrock-converse", "sha256:test",
                new SourceRef("logs", "AWSLogs/x.json.gz", null, "etag", 1), null, "system " + PROMPT_MARKER,
                "user asks " + PROMPT_MARKER, "model says " + OUTPUT_MARKER, false, "end_turn", null, 10, 20,
                Map.of("route", "devops.helper"), createdAt, createdAt.plus(sla));
    }
}
