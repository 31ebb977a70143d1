package dev.secondlook.ingest;

import dev.secondlook.core.redact.Redaction;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import dev.secondlook.local.LocalClients;
import dev.secondlook.local.LocalResources;
import dev.secondlook.emulator.Emulator;
import dev.secondlook.emulator.EmulatorExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The handler fed the wire-format SQS batch in events/ (loaded with aws-lambda-java-tests): an S3 notification,
 * the s3:TestEvent, a URL-encoded key with '+', spaces and unicode, and a poison body.
 */
@ExtendWith(EmulatorExtension.class)
class S3LogIngestHandlerIT {

    private static final String BUCKET = "secondlook-logs-local";
    private static LocalClients clients;
    private static String table;
    private static String evalBucket;
    private static S3LogIngestHandler handler;

    @BeforeAll
    static void setUp(Emulator emulator) throws IOException {
        clients = LocalClients.of(emulator);
        // the stack of template.yaml, plus the bucket the wire events in events/ name
        LocalResources res = LocalResources.provision(clients, emulator, "handler-it");
        table = res.reviewTable();
        evalBucket = res.evalBucket();
        clients.s3().createBucket(b -> b.bucket(BUCKET));
        clients.s3().putObject(b -> b.bucket(BUCKET).key("AWSLogs/123456789012/BedrockModelInvocationLogs/us-east-1/"
                        + "2026/08/19/05/20260819T051502123Z_9f2a1c3e5b7d9f01.json.gz"),
                RequestBody.fromFile(Path.of("../../events/logs/bedrock-invocations.json.gz")));
        clients.s3().putObject(b -> b.bucket(BUCKET).key("AWSLogs/123456789012/team a/résumé logs/2026+08.jsonl"),
                RequestBody.fromFile(Path.of("../../events/logs/bedrock-invocations.jsonl")));
        IngestConfig config = new IngestConfig(emulator.region(), table, evalBucket, "quarantine/", null,
                Duration.ofMinutes(240), Duration.ofHours(72), 1024 * 1024, java.util.Set.of(), null,
                Redaction.MASK_ALL);
        handler = new S3LogIngestHandler(IngestWiring.create(config, clients.factory(), Clock.systemUTC()));
    }

    @ParameterizedTest
    @Event(value = "../../events/sqs-ingest-batch.json", type = SQSEvent.class)
    void wireBatch_decodesKeys_acknowledgesTestEvent_andReportsOnlyThePoisonMessage(SQSEvent event)
            throws IOException {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        SQSBatchResponse response;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            response = handler.handleRequest(event, null);
        } finally {
            System.setOut(stdout);
        }
        List<String> failed = response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
        assertEquals(List.of("0c8f5e2a-4444-4a8e-b8f4-5d0e6f7a8b04"), failed);

        Map<String, AttributeValue> decoded = clients.dynamoDb().getItem(b -> b.tableName(table).key(Map.of("id",
                AttributeValue.fromS("obj#s3://" + BUCKET + "/AWSLogs/123456789012/team a/résumé logs/2026+08.jsonl#"
                        + "03b56ae4e2b13eebfddddd25a3651b7e")))).item();
        assertEquals("COMPLETE", decoded.get("objectStatus").s());
        assertEquals("52", decoded.get("read").n());

        // logs carry counts and object names, never prompt or output text
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertTrue(logs.contains("s3-test-event"), logs);
        String sample = Files.readString(Path.of("../../events/logs/bedrock-invocations.jsonl"));
        for (String secret : List.of("AKIAQYLPMN5HFIQR7XB2", "fully refundable", "blood pressure medication",
                "billing support assistant")) {
            assertTrue(sample.contains(secret));
            assertFalse(logs.contains(secret), "log leaked: " + secret);
        }
    }
}
