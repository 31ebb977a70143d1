package dev.secondlook.aws.sqs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.evalrun.EvalRunTasks;
import dev.secondlook.core.failure.StoreUnavailableException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The eval-run queue: one task message per part, {@code {"schema":"secondlook.eval-run-task/v1","runId":...,
 * "part":n}}, sent in batches of 10. A batch with any entry failed is an error (the start is redelivered and sends
 * the unwritten parts again; a duplicate task is harmless).
 */
public final class SqsEvalRunTasks implements EvalRunTasks {

    /** The schema of a task message. */
    public static final String SCHEMA = "secondlook.eval-run-task/v1";

    private final SqsClient sqs;
    private final String queueUrl;
    private final ObjectMapper mapper;

    public SqsEvalRunTasks(SqsClient sqs, String queueUrl, ObjectMapper mapper) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.mapper = mapper;
    }

    @Override
    public void send(String runId, List<Integer> parts) {
        for (int i = 0; i < parts.size(); i += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int p : parts.subList(i, Math.min(parts.size(), i + 10))) {
                try {
                    entries.add(SendMessageBatchRequestEntry.builder().id("p" + p).messageBody(mapper
                            .writeValueAsString(Map.of("schema", SCHEMA, "runId", runId, "part", p))).build());
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }
            SendMessageBatchResponse r;
            try {
                r = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
            } catch (SdkException e) {
                throw new StoreUnavailableException("cannot queue the parts of eval run " + runId, e);
            }
            if (!r.failed().isEmpty()) {
                throw new StoreUnavailableException("cannot queue " + r.failed().size() + " part(s) of eval run "
                        + runId + ": " + r.failed().get(0).code(), null);
            }
        }
    }
}
