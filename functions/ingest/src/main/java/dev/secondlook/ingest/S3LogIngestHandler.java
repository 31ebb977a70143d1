package dev.secondlook.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secondlook.aws.S3EventMessages;
import dev.secondlook.core.ingest.IngestResult;
import dev.secondlook.core.ingest.StoreUnavailableException;
import dev.secondlook.core.model.ObjectManifest;
import dev.secondlook.core.model.ObjectRef;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * IngestFunction: consumes S3 ObjectCreated notifications from the ingest queue and ingests each announced log
 * object. Reports failed messages in an {@link SQSBatchResponse} (the template sets ReportBatchItemFailures), so
 * only they are redelivered; a message that keeps failing goes to the DLQ.
 *
 * <p>Logs one JSON line per object with its counts; never prompt or output text.
 */
public final class S3LogIngestHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final IngestWiring wiring;

    public S3LogIngestHandler() {
        this(IngestWiring.fromEnv());
    }

    /** Handler configured from the given environment variables (the local runtime reads them off the template). */
    public S3LogIngestHandler(java.util.Map<String, String> environment) {
        this(IngestWiring.fromEnv(environment));
    }

    /** Handler with explicit wiring: the local runtime and tests build it from their own config and clients. */
    public S3LogIngestHandler(IngestWiring wiring) {
        this.wiring = wiring;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        for (SQSEvent.SQSMessage message : records) {
            if (!handle(message)) {
                failures.add(SQSBatchResponse.BatchItemFailure.builder()
                        .withItemIdentifier(message.getMessageId()).build());
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    /** Returns false when the message must be redelivered. */
    private boolean handle(SQSEvent.SQSMessage message) {
        S3EventMessages.Parsed parsed;
        try {
            parsed = wiring.messages().parse(message.getBody());
        } catch (IllegalArgumentException e) {
            log("poison-message", message.getMessageId(), null, e.getMessage());
            return false;
        }
        if (parsed.testEvent()) {
            log("s3-test-event", message.getMessageId(), null, "s3:TestEvent acknowledged");
            return true;
        }
        boolean ok = true;
        for (ObjectRef object : parsed.objects()) {
            try {
                IngestResult result = wiring.ingest().ingest(object);
                logResult(message.getMessageId(), object, result);
                if (result.outcome() == IngestResult.Outcome.BUSY) {
                    ok = false;
                }
            } catch (StoreUnavailableException | UncheckedIOException e) {
                log("object-retry", message.getMessageId(), object, e.getClass().getSimpleName() + ": "
                        + e.getMessage());
                ok = false;
            }
        }
        return ok;
    }

    private void logResult(String messageId, ObjectRef object, IngestResult result) {
        ObjectNode line = base("object-" + result.outcome().name().toLowerCase(java.util.Locale.ROOT), messageId,
                object);
        ObjectManifest m = result.manifest();
        if (m != null) {
            line.put("read", m.read());
            line.put("selected", m.selected());
            line.put("notSelected", m.notSelected());
            line.put("skipped", m.skippedTotal());
            line.put("rejected", m.rejectedTotal());
            line.put("paged", result.paged());
            line.put("reviewed", result.reviewed());
            line.put("sampled", result.sampled());
            line.put("written", result.written());
            line.put("policyVersion", m.policyVersion());
            if (m.reason() != null) {
                line.put("reason", m.reason());
            }
        }
        System.out.println(line);
    }

    private void log(String event, String messageId, ObjectRef object, String detail) {
        ObjectNode line = base(event, messageId, object);
        line.put("detail", detail);
        System.out.println(line);
    }

    private ObjectNode base(String event, String messageId, ObjectRef object) {
        ObjectNode line = wiring.mapper().createObjectNode();
        line.put("level", event.startsWith("object-retry") || event.startsWith("poison") ? "WARN" : "INFO");
        line.put("function", "IngestFunction");
        line.put("event", event);
        line.put("messageId", messageId);
        if (object != null) {
            line.put("bucket", object.bucket());
            line.put("key", object.key());
            line.put("etag", object.etag());
        }
        return line;
    }
}
