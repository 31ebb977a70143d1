package dev.secondlook.ingest;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.amazonaws.services.lambda.runtime.tests.annotations.HandlerParams;
import com.amazonaws.services.lambda.runtime.tests.annotations.Response;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.aws.s3.S3EventMessages;
import dev.secondlook.core.ingest.IngestLogObject;
import dev.secondlook.core.ingest.IngestSettings;
import dev.secondlook.core.model.ObjectManifest;
import dev.secondlook.core.model.Severity;
import dev.secondlook.core.normalize.RecordNormalizer;
import dev.secondlook.core.policy.Policy;
import dev.secondlook.core.policy.PolicyLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * IngestFunction's handler fed the wire-format SQS batch in events/ (an S3 notification, the s3:TestEvent, a
 * URL-encoded key and a poison body), wired with in-memory ports: no emulator.
 */
class S3LogIngestHandlerTest {

    private static final String BUCKET = "secondlook-logs-local";
    private static final String GZ_KEY = "AWSLogs/123456789012/BedrockModelInvocationLogs/us-east-1/2026/08/19/05/"
            + "20260819T051502123Z_9f2a1c3e5b7d9f01.json.gz";
    /** The third message's key, decoded from {@code team+a/r%C3%A9sum%C3%A9+logs/2026%2B08.jsonl}. */
    private static final String DECODED_KEY = "AWSLogs/123456789012/team a/résumé logs/2026+08.jsonl";
    private static final Instant NOW = Instant.parse("2026-08-19T06:00:00Z");

    private final InMemoryPorts ports = new InMemoryPorts();
    private S3LogIngestHandler handler;

    @BeforeEach
    void wire() throws IOException {
        ports.objects.put(BUCKET + "/" + GZ_KEY, Files.readAllBytes(Path.of("../../events/logs/bedrock-invocations.json.gz")));
        ports.objects.put(BUCKET + "/" + DECODED_KEY, Files.readAllBytes(Path.of("../../events/logs/bedrock-invocations.jsonl")));
        ObjectMapper mapper = new ObjectMapper();
        Policy policy = PolicyLoader.loadDefault();
        IngestLogObject ingest = new IngestLogObject(ports.source, ports.reviewStore, ports.manifestStore,
                ports.quarantineSink, RecordNormalizer.offline(), policy, IngestSettings.defaults(),
                Clock.fixed(NOW, ZoneOffset.UTC), mapper);
        handler = new S3LogIngestHandler(new IngestWiring(ingest, new S3EventMessages(mapper), mapper, policy));
    }

    @ParameterizedTest
    @HandlerParams(
            event = @Event(value = "../../events/sqs-ingest-batch.json", type = SQSEvent.class),
            response = @Response(value = "../../events/responses/sqs-ingest-batch.poison-message.json",
                    type = SQSBatchResponse.class))
    void wireBatch_ingestsBothObjects_acknowledgesTestEvent_andReportsOnlyThePoisonMessage(SQSEvent event,
                                                                                           SQSBatchResponse expected) {
        assertEquals(expected, handler.handleRequest(event, null));

        ObjectManifest gz = ports.manifests.get("s3://" + BUCKET + "/" + GZ_KEY);
        ObjectManifest decoded = ports.manifests.get("s3://" + BUCKET + "/" + DECODED_KEY);
        assertEquals("COMPLETE", gz.status());
        assertEquals("COMPLETE", decoded.status(), "the key was URL-decoded before the object was read");
        assertEquals("03b56ae4e2b13eebfddddd25a3651b7e", decoded.object().etag());
        assertEquals(52, decoded.read());
        assertEquals(Severity.PAGE, ports.reviews.get("7b3e1c2a-0006-4e5f-9a1b-000000000006").severity());
        assertEquals(gz.selected(), ports.reviews.size(), "both objects hold the same records: each written once");
    }

    @ParameterizedTest
    @HandlerParams(
            event = @Event(value = "../../events/sqs-ingest-batch.json", type = SQSEvent.class),
            response = @Response(value = "../../events/responses/sqs-ingest-batch.review-store-down.json",
                    type = SQSBatchResponse.class))
    void reviewStoreDown_reportsEveryObjectMessage_butNotTheTestEvent(SQSEvent event, SQSBatchResponse expected) {
        ports.reviewStoreDown = true;
        assertEquals(expected, handler.handleRequest(event, null));
        assertTrue(ports.reviews.isEmpty());
        assertTrue(ports.manifests.isEmpty(), "no object is marked done, so redelivery reads it again");
    }

    @ParameterizedTest
    @Event(value = "../../events/aws-samples/sqs/sqs_event_product.json", type = SQSEvent.class)
    void awsSampleWithANonS3Body_isReportedAsAFailedItem(SQSEvent event) {
        assertEquals(List.of("d9144555-9a4f-4ec3-99a0-34ce359b4b54"), failed(handler.handleRequest(event, null)));
    }

    @ParameterizedTest
    @Event(value = "../../events/aws-samples/sqs/sqs_event_nobody.json", type = SQSEvent.class)
    void awsSampleWithAnEmptyBody_isReportedAsAFailedItem(SQSEvent event) {
        assertEquals(List.of("d9144555-9a4f-4ec3-99a0-fc4e625a8db2"), failed(handler.handleRequest(event, null)));
    }

    private static List<String> failed(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .toList();
    }
}
