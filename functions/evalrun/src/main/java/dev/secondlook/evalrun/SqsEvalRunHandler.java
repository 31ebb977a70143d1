package dev.secondlook.evalrun;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.secondlook.aws.sqs.SqsEvalRunTasks;
import dev.secondlook.aws.telemetry.Telemetry;
import dev.secondlook.core.evalrun.RunEvalSetInParts;
import dev.secondlook.core.failure.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.secondlook.aws.telemetry.LogFields;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EvalRunFunction, on the eval-run queue, which carries two kinds of message: the EventBridge event of a change of
 * the candidate parameter (SSM "Parameter Store Change", put there by a rule), which starts a run and queues its
 * parts, and a part task ({@code secondlook.eval-run-task/v1}), which runs one part and finishes the run when it is
 * the last. Failed messages come back through the partial batch response; a message that is neither kind, or
 * cannot be read, is failed too, so it ends in the dead-letter queue (alarmed) rather than nowhere.
 *
 * <p>Logs one JSON line per message with the run id, the outcome and counts; never prompt or output text.
 */
public final class SqsEvalRunHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(SqsEvalRunHandler.class);
    private static final String CHANGE = "Parameter Store Change";

    private final EvalRunWiring wiring;

    public SqsEvalRunHandler() {
        this(EvalRunWiring.fromEnv());
    }

    /** Handler configured from the given environment variables (the local runtime reads them off the template). */
    public SqsEvalRunHandler(Map<String, String> environment) {
        this(EvalRunWiring.fromEnv(environment));
    }

    public SqsEvalRunHandler(EvalRunWiring wiring) {
        this.wiring = wiring;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return Telemetry.invocation(context, () -> {
            List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
            for (SQSEvent.SQSMessage m : event.getRecords() == null ? List.<SQSEvent.SQSMessage>of()
                    : event.getRecords()) {
                if (!handle(m)) {
                    failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(m.getMessageId())
                            .build());
                }
            }
            return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
        });
    }

    /** False when the message must come back (or, unreadable, end in the DLQ). */
    private boolean handle(SQSEvent.SQSMessage m) {
        JsonNode body;
        try {
            body = wiring.mapper().readTree(m.getBody());
        } catch (IOException e) {
            log("unreadable-message", m.getMessageId(), null, "not JSON");
            Telemetry.count("EvalRunMessagesRejected", 1);
            return false;
        }
        try {
            RunEvalSetInParts.Outcome outcome;
            if (body != null && CHANGE.equals(body.path("detail-type").asText())
                    && "aws.ssm".equals(body.path("source").asText())) {
                String name = body.path("detail").path("name").asText();
                String operation = body.path("detail").path("operation").asText();
                if (!name.equals(wiring.config().candidateParameter()) || operation.equals("Delete")) {
                    log("change-ignored", m.getMessageId(), null, operation + " of another parameter or a delete");
                    return true;
                }
                outcome = wiring.workflow().start(body.path("id").asText(m.getMessageId()),
                        Instant.parse(body.path("time").asText()), name);
            } else if (body != null && SqsEvalRunTasks.SCHEMA.equals(body.path("schema").asText())
                    && body.path("part").isInt()) {
                outcome = wiring.workflow().runPart(body.path("runId").asText(), body.path("part").asInt());
            } else {
                log("unrecognised-message", m.getMessageId(), null, "neither a parameter change nor a part task");
                Telemetry.count("EvalRunMessagesRejected", 1);
                return false;
            }
            log(outcome.kind().name().toLowerCase(java.util.Locale.ROOT), m.getMessageId(), outcome.runId(),
                    outcome.detail());
            switch (outcome.kind()) {
                case STARTED -> Telemetry.count("EvalRunsStarted", 1);
                case FINISHED -> Telemetry.count("EvalRunsFinished", 1);
                case REJECTED -> Telemetry.count("EvalRunMessagesRejected", 1);
                default -> { }
            }
            return true;
        } catch (DateTimeParseException e) {
            log("unrecognised-message", m.getMessageId(), null, "a change event without a time");
            Telemetry.count("EvalRunMessagesRejected", 1);
            return false;
        } catch (StoreUnavailableException | UncheckedIOException e) {
            log("retry", m.getMessageId(), null, e.getClass().getSimpleName() + ": " + e.getMessage());
            return false;
        }
    }

    private static void log(String event, String messageId, String runId, String detail) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("messageId", messageId);
        if (runId != null) {
            fields.put("runId", runId);
        }
        fields.put("detail", detail);
        LOG.info(event, LogFields.of(fields));
    }
}
