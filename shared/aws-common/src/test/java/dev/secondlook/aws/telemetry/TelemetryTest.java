package dev.secondlook.aws.telemetry;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.emulator.LogCapture;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The functions' logs and metrics as CloudWatch reads them: one JSON object per line, with the invocation's
 * fields, the call's fields and the levels as configured; EMF documents with the namespace, the service
 * dimension and every value added.
 */
class TelemetryTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static List<JsonNode> capture(Runnable work) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : LogCapture.capture(work).split("\n")) {
            if (!line.isBlank()) {
                lines.add(MAPPER.readTree(line));
            }
        }
        return lines;
    }

    private static Context context(String requestId) {
        return new Context() {
            public String getAwsRequestId() {
                return requestId;
            }

            public String getLogGroupName() {
                return "/aws/lambda/secondlook-Ingest";
            }

            public String getLogStreamName() {
                return "stream";
            }

            public String getFunctionName() {
                return "secondlook-Ingest";
            }

            public String getFunctionVersion() {
                return "$LATEST";
            }

            public String getInvokedFunctionArn() {
                return "arn:aws:lambda:eu-west-1:123456789012:function:secondlook-Ingest";
            }

            public CognitoIdentity getIdentity() {
                return null;
            }

            public ClientContext getClientContext() {
                return null;
            }

            public int getRemainingTimeInMillis() {
                return 60_000;
            }

            public int getMemoryLimitInMB() {
                return 1024;
            }

            public LambdaLogger getLogger() {
                return null;
            }
        };
    }

    @Test
    void ourLoggers_writeOneJsonObjectPerLine_withTheInvocationsAndTheCallsFields() throws Exception {
        Logger log = LoggerFactory.getLogger("dev.secondlook.ingest.Test");
        List<JsonNode> lines = capture(() -> {
            Telemetry.invocation(context("req-1"), () -> {
                log.info("ingested {} of {}", 3, 4, LogFields.of(Map.of("records", 12, "object", "s3://b/k")));
                return null;
            });
            Telemetry.invocation(context("req-2"), () -> {
                log.warn("second", new IllegalStateException("boom"));
                return null;
            });
            log.info("outside an invocation");
        });
        assertEquals(3, lines.size(), lines.toString());
        JsonNode first = lines.get(0);
        assertEquals("INFO", first.get("level").asText());
        assertEquals("ingested 3 of 4", first.get("message").asText());
        assertEquals("dev.secondlook.ingest.Test", first.get("logger").asText());
        assertEquals("secondlook", first.get("service").asText());
        assertEquals(12, first.get("records").asInt());
        assertEquals("s3://b/k", first.get("object").asText());
        assertEquals("req-1", first.get("function_request_id").asText());
        assertEquals("secondlook-Ingest", first.get("function_name").asText());
        assertEquals(1024, first.get("function_memory_size").asInt());
        assertTrue(first.hasNonNull("timestamp"));
        JsonNode second = lines.get(1);
        assertEquals("WARN", second.get("level").asText());
        assertEquals("req-2", second.get("function_request_id").asText());
        assertFalse(second.get("cold_start").asBoolean(), "only the environment's first invocation is cold");
        assertEquals("java.lang.IllegalStateException", second.get("error").get("name").asText());
        assertTrue(second.get("error").get("stack").asText().contains("TelemetryTest"));
        assertFalse(lines.get(2).has("function_request_id"), "outside an invocation: no invocation fields");
    }

    @Test
    void theAuditTrailLogsAtInfo_andOtherLibrariesOnlyFromWarn() throws Exception {
        List<JsonNode> lines = capture(() -> {
            LoggerFactory.getLogger("secondlook.audit").info("text-shown", LogFields.of(Map.of("audit", true)));
            LoggerFactory.getLogger("software.amazon.awssdk.request").info("a library's chatter");
            LoggerFactory.getLogger("software.amazon.awssdk.request").warn("a library's warning");
            LoggerFactory.getLogger("dev.secondlook.x").debug("debug is off by default");
        });
        assertEquals(List.of("text-shown", "a library's warning"), lines.stream().map(l -> l.get("message").asText())
                .toList());
        assertTrue(lines.get(0).get("audit").asBoolean());
    }

    @Test
    void levelNames_areReadLeniently() {
        assertEquals(org.slf4j.event.Level.DEBUG, JsonLogging.level(" debug ", org.slf4j.event.Level.INFO));
        assertEquals(org.slf4j.event.Level.WARN, JsonLogging.level("WARNING", org.slf4j.event.Level.INFO));
        assertEquals(org.slf4j.event.Level.INFO, JsonLogging.level("loud", org.slf4j.event.Level.INFO));
        assertTrue(JsonLogging.isOurs("secondlook.audit") && JsonLogging.isOurs("dev.secondlook.review.X"));
        assertFalse(JsonLogging.isOurs("software.amazon.awssdk"));
    }

    @Test
    void metrics_areOneEmfDocumentPerInvocation_withEveryValue_andNothingWhenNoneWereAdded() throws Exception {
        List<JsonNode> docs = capture(() -> {
            Telemetry.invocation(context("req-3"), () -> {
                Telemetry.count("RecordsRead", 10);
                Telemetry.count("RecordsRead", 5);
                Telemetry.count("RecordsSkipped", 0);
                Telemetry.seconds("IngestSeconds", 1.5);
                return null;
            });
            Telemetry.invocation(null, () -> null);
        });
        assertEquals(1, docs.size(), docs.toString());
        JsonNode doc = docs.get(0);
        JsonNode directive = doc.get("_aws").get("CloudWatchMetrics").get(0);
        assertEquals("secondlook", directive.get("Namespace").asText());
        assertEquals("[[\"service\"]]", directive.get("Dimensions").toString());
        assertEquals("[{\"Name\":\"RecordsRead\",\"Unit\":\"Count\"},{\"Name\":\"IngestSeconds\",\"Unit\":\"Seconds\"}]",
                directive.get("Metrics").toString(), "a zero count is not sent");
        assertEquals("[10.0,5.0]", doc.get("RecordsRead").toString());
        assertEquals(1.5, doc.get("IngestSeconds").asDouble());
        assertEquals("secondlook", doc.get("service").asText());
        assertTrue(doc.get("_aws").get("Timestamp").asLong() > 0);
    }

    @Test
    void aSingleValue_isItsOwnDocument_withItsDimension() throws Exception {
        List<JsonNode> docs = capture(() -> Telemetry.value("OffPolicyRate", 0.031, false, "category",
                "secret-leak"));
        JsonNode doc = docs.get(0);
        assertEquals("[[\"service\",\"category\"]]",
                doc.get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions").toString());
        assertEquals("None", doc.get("_aws").get("CloudWatchMetrics").get(0).get("Metrics").get(0).get("Unit").asText());
        assertEquals("secret-leak", doc.get("category").asText());
        assertEquals(0.031, doc.get("OffPolicyRate").asDouble());
    }

    @Test
    void moreThanAHundredMetrics_spreadOverDocuments() throws Exception {
        EmfMetrics m = new EmfMetrics("ns", "svc", java.time.Clock.systemUTC());
        List<JsonNode> docs = capture(() -> {
            for (int i = 0; i < 150; i++) {
                m.add("M" + i, i, "Count");
            }
            m.flush();
        });
        assertEquals(2, docs.size());
        assertEquals(100, docs.get(0).get("_aws").get("CloudWatchMetrics").get(0).get("Metrics").size());
        assertEquals(50, docs.get(1).get("_aws").get("CloudWatchMetrics").get(0).get("Metrics").size());
    }

    @Test
    void aLineIsNeverTooLongOrInvalid_andLoggingNeverThrows() throws Exception {
        Logger log = LoggerFactory.getLogger("dev.secondlook.x");
        List<JsonNode> lines = capture(() -> {
            log.info("x".repeat(100_000));
            log.info("fields", LogFields.of(Map.of("message", "not the message", "when", java.time.Instant.EPOCH,
                    "ratio", Double.NaN, "big", "y".repeat(10_000))));
        });
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).get("message").asText().length() < 4_200);
        JsonNode f = lines.get(1);
        assertEquals("fields", f.get("message").asText(), "a field cannot replace the line's own keys");
        assertEquals("not the message", f.get("_message").asText());
        assertEquals("1970-01-01T00:00:00Z", f.get("when").asText(), "a value JSON cannot hold is written as text");
        assertEquals("NaN", f.get("ratio").asText());
        assertTrue(f.get("big").asText().length() < 4_200);
    }

    @Test
    void metricsCloudWatchWouldRefuse_areDropped() throws Exception {
        EmfMetrics m = new EmfMetrics("ns", "svc", java.time.Clock.systemUTC());
        List<JsonNode> docs = capture(() -> {
            m.add("Ok", 1, "Count");
            m.add("Bad", Double.NaN, "Count");
            m.add("service", 1, "Count");
            m.flush();
            m.single("Rate", 0.5, "None", "category", null);
        });
        assertEquals(1, docs.size(), docs.toString());
        assertEquals(1, docs.get(0).get("_aws").get("CloudWatchMetrics").get(0).get("Metrics").size());
        assertEquals(1.0, docs.get(0).get("Ok").asDouble());
    }

    @Test
    void whereTheFunctionsLogsAreSilenced_soAreTheirMetrics() throws Exception {
        assertTrue(JsonLogging.active(), "this classpath's SLF4J backend is ours");
        EmfMetrics silent = new EmfMetrics("ns", "svc", java.time.Clock.systemUTC(), false);
        List<JsonNode> docs = capture(() -> {
            silent.add("M", 1, "Count");
            silent.flush();
            silent.single("R", 1, "None", "category", "c");
        });
        assertEquals(List.of(), docs);
    }
}
