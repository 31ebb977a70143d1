package dev.secondlook.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.secondlook.aws.s3.S3EventMessages;
import dev.secondlook.aws.telemetry.Telemetry;
import dev.secondlook.core.ingest.IngestResult;
import dev.secondlook.core.failure.StoreUnavailableException;
import dev.secondlook.core.model.ObjectManifest;
import dev.secondlook.core.model.ObjectRef;

import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.secondlook.aws.telemetry.LogFields;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * IngestFunction: consumes S3 ObjectCreated notifications from the ingest queue and ingests each announced log
 * object. Reports failed messages in an {@link SQSBatchResponse} (the template sets ReportBatchItemFailures), so
 * only they are redelivered; a message that keeps failing goes to the DLQ.
 *
 * <p>Logs one JSON line per object with its counts; never prompt or output text.
 */
public final class S3LogIngestHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(S3LogIngestHandler.class);

    /** Replaced when the policy parameter names another rules file (one container handles one batch at a time). */
    private volatile IngestWiring wiring;

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
        return Telemetry.invocation(context, () -> handle(event));
    }

    private SQSBatchResponse handle(SQSEvent event) {
        wiring = wiring.refreshed();
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
        Map<String, Object> fields = base(messageId, object);
        ObjectManifest m = result.manifest();
        if (m != null) {
            fields.put("read", m.read());
            fields.put("selected", m.selected());
            fields.put("notSelected", m.notSelected());
            fields.put("skipped", m.skippedTotal());
            fields.put("rejected", m.rejectedTotal());
            fields.put("paged", result.paged());
            fields.put("reviewed", result.reviewed());
            fields.put("sampled", result.sampled());
            fields.put("written", result.written());
            fields.put("fieldsCapped", result.fieldsCapped());
            fields.put("policyVersion", m.policyVersion());
            if (m.reason() != null) {
                fields.put("reason", m.reason());
            }
            if (result.outcome() == IngestResult.Outcome.PROCESSED) {
                Telemetry.count("RecordsRead", m.read());
                Telemetry.count("RecordsSelected", m.selected());
                Telemetry.count("RecordsQuarantined", m.rejectedTotal());
                Telemetry.count("RecordsSkipped", m.skippedTotal());
                Telemetry.count("RecordsPaged", result.paged());
            }
        }
        LOG.info("object-" + result.outcome().name().toLowerCase(java.util.Locale.ROOT),
                LogFields.of(fields));
    }

    private void log(String event, String messageId, ObjectRef object, String detail) {
        Map<String, Object> fields = base(messageId, object);
        fields.put("detail", detail);
        if (event.equals("object-retry") || event.equals("poison-message")) {
            LOG.warn(event, LogFields.of(fields));
        } else {
            LOG.info(event, LogFields.of(fields));
        }
    }

    private static Map<String, Object> base(String messageId, ObjectRef object) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("messageId", messageId);
        if (object != null) {
            fields.put("bucket", object.bucket());
            fields.put("key", object.key());
            fields.put("etag", object.etag());
        }
        return fields;
    }
}
