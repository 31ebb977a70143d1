package dev.secondlook.cli;

import dev.secondlook.aws.AwsClients;
import dev.secondlook.aws.local.LocalResources;
import dev.secondlook.aws.local.ResourceProvisioner;
import dev.secondlook.aws.local.DynamoDbStreamEventSource;
import dev.secondlook.aws.local.SqsEventSource;
import dev.secondlook.route.DynamoDbStreamRouteHandler;
import dev.secondlook.route.RouteConfig;
import dev.secondlook.route.RouteWiring;
import dev.secondlook.emulator.Emulator;
import dev.secondlook.emulator.MotoServer;
import dev.secondlook.ingest.IngestConfig;
import dev.secondlook.ingest.IngestWiring;
import dev.secondlook.ingest.S3LogIngestHandler;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code ./secondlook demo}: brings up the ingest side of the stack on an emulator, uploads the sample logs under
 * the Bedrock key layout, lets the IngestFunction handler drain the queue, and prints what happened.
 */
final class DemoCommand {

    private static final String BEDROCK_PREFIX =
            "AWSLogs/123456789012/BedrockModelInvocationLogs/us-east-1/2026/08/19/05/";

    int run(String[] args) {
        boolean keep = false;
        for (String a : args) {
            if (a.equals("--keep")) {
                keep = true;
            } else {
                throw new UsageException("demo: unknown option '" + a + "'");
            }
        }
        Path home = Path.of(System.getProperty("secondlook.home", ".")).toAbsolutePath().normalize();
        MotoServer moto = null;
        try {
            Emulator emulator;
            String external = System.getenv("AWS_ENDPOINT_URL");
            if (external != null && !external.isBlank()) {
                emulator = new Emulator(URI.create(external), System.getenv().getOrDefault("AWS_REGION",
                        MotoServer.REGION), "testing", "testing", "external");
                System.out.println("emulator: " + external + " (AWS_ENDPOINT_URL)");
            } else {
                moto = MotoServer.start(home.resolve(".secondlook/local"));
                emulator = moto.emulator();
                System.out.println("emulator: moto server at " + emulator.endpoint() + " (log " + moto.log() + ")");
            }
            return demo(home, emulator, keep);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (moto != null) {
                moto.close();
            }
        }
    }

    private int demo(Path home, Emulator emulator, boolean keep) throws IOException {
        AwsClients clients = AwsClients.forEndpoint(emulator.endpoint(), emulator.region(), emulator.accessKey(),
                emulator.secretKey());
        String prefix = "secondlook-demo-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000,
                0xffffff));
        ResourceProvisioner provisioner = new ResourceProvisioner(clients);
        LocalResources res = provisioner.create(prefix, 30, 5);
        String pager = provisioner.subscribeQueue(res.escalationTopicArn(), prefix + "-pager");
        System.out.println("stack:    log bucket " + res.logBucket() + ", table " + res.reviewTable()
                + ", ingest queue " + res.ingestQueueUrl());

        IngestConfig config = new IngestConfig(emulator.region(), res.reviewTable(), res.evalBucket(),
                "quarantine/", null, Duration.ofMinutes(240), Duration.ofHours(72), 8 * 1024 * 1024, java.util.Set.of());
        S3LogIngestHandler handler = new S3LogIngestHandler(IngestWiring.create(config, clients,
                Clock.systemUTC()));

        Path logs = home.resolve("events/logs");
        byte[] gz = Files.readAllBytes(logs.resolve("bedrock-invocations.json.gz"));
        var s3 = clients.s3();
        s3.putObject(b -> b.bucket(res.logBucket()).key(BEDROCK_PREFIX + "20260819T051502123Z_9f2a1c3e5b7d9f01.json.gz"),
                RequestBody.fromBytes(gz));
        s3.putObject(b -> b.bucket(res.logBucket())
                .key("AWSLogs/123456789012/BedrockModelInvocationLogs/amazon-bedrock-logs-permission-check"),
                RequestBody.empty());
        // the same log again under another name: every record is recognised, none is written twice
        s3.putObject(b -> b.bucket(res.logBucket()).key("AWSLogs/replays/same logs (copy) é.jsonl"),
                RequestBody.fromFile(logs.resolve("bedrock-invocations.jsonl")));
        System.out.println("uploaded: 3 objects (a gzip Bedrock log, Bedrock's permission check, a plain copy)");

        var sqs = clients.sqs();
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(res.ingestQueueUrl())
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        SqsEventSource source = new SqsEventSource(sqs, res.ingestQueueUrl(), arn, emulator.region(), 10,
                e -> handler.handleRequest(e, null));
        DynamoDbStreamRouteHandler router = new DynamoDbStreamRouteHandler(RouteWiring.create(new RouteConfig(
                emulator.region(), res.reviewTable(), res.priorityQueueUrl(), res.routineQueueUrl(),
                res.escalationTopicArn()), clients, Clock.systemUTC()));
        DynamoDbStreamEventSource stream = new DynamoDbStreamEventSource(clients.dynamoDbStreams(),
                provisioner.streamArn(res.reviewTable()), emulator.region(), 100, true, 10,
                e -> router.handleRequest(e, null), failed -> System.out.println("route:    "
                        + failed.size() + " record(s) sent to the on-failure queue"));
        Instant deadline = Instant.now().plusSeconds(120);
        int idle = 0;
        int messages = 0;
        while (idle < 2 && Instant.now().isBefore(deadline)) {
            SqsEventSource.Poll p = source.pollOnce(1);
            DynamoDbStreamEventSource.Poll r = stream.pollOnce();
            messages += p.received();
            idle = p.received() == 0 && r.delivered() == 0 ? idle + 1 : 0;
            if (p.received() > 0) {
                System.out.printf("ingest:   batch of %d message(s), %d done, %d to retry%n", p.received(),
                        p.deleted(), p.failed());
            }
            if (r.delivered() > 0) {
                System.out.printf("route:    %d stream record(s) routed%n", r.delivered());
            }
        }
        printSummary(clients, res, messages);
        printRouting(clients, res, pager);
        if (keep) {
            System.out.println("\n--keep: the emulator stays up at " + emulator.endpoint() + "; Ctrl-C to stop.");
            System.out.println("  export AWS_ENDPOINT_URL=" + emulator.endpoint() + " AWS_REGION=" + emulator.region()
                    + " AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing");
            try {
                Thread.currentThread().join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return 0;
    }

    private static void printSummary(AwsClients clients, LocalResources res, int messages) {
        long read = 0;
        long selected = 0;
        long notSelected = 0;
        long skipped = 0;
        long rejected = 0;
        Map<String, Long> objectStatus = new TreeMap<>();
        Map<String, Long> byLane = new TreeMap<>();
        Map<String, Long> bySeverity = new TreeMap<>();
        Map<String, Long> byCategory = new TreeMap<>();
        Map<String, Long> rejectReasons = new TreeMap<>();
        for (Map<String, AttributeValue> item : clients.dynamoDb().scanPaginator(b -> b.tableName(res.reviewTable()))
                .items()) {
            String kind = item.get("kind").s();
            if (kind.equals("manifest")) {
                String st = item.get("objectStatus").s();
                objectStatus.merge(st + (item.containsKey("reason") ? " (" + item.get("reason").s() + ")" : ""),
                        1L, Long::sum);
                read += n(item, "read");
                selected += n(item, "selected");
                notSelected += n(item, "notSelected");
                skipped += n(item, "skippedTotal");
                rejected += n(item, "rejectedTotal");
                if (item.containsKey("rejected")) {
                    item.get("rejected").m().forEach((k, v) -> rejectReasons.merge(k, Long.parseLong(v.n()),
                            Long::sum));
                }
            } else {
                byLane.merge(item.get("lane").s(), 1L, Long::sum);
                bySeverity.merge(item.get("severity").s(), 1L, Long::sum);
                List<AttributeValue> cats = item.get("categories").l();
                if (cats.isEmpty()) {
                    byCategory.merge("(random sample)", 1L, Long::sum);
                }
                for (AttributeValue c : cats) {
                    byCategory.merge(c.s(), 1L, Long::sum);
                }
            }
        }
        System.out.println();
        System.out.println("summary");
        System.out.println("  S3 notifications handled: " + messages);
        System.out.println("  objects: " + objectStatus);
        System.out.printf("  records read %d = selected %d + not selected %d + skipped %d + quarantined %d%n",
                read, selected, notSelected, skipped, rejected);
        System.out.println("  quarantined by reason: " + rejectReasons + "  (s3://" + res.evalBucket()
                + "/quarantine/)");
        System.out.println("  review records in " + res.reviewTable() + ": " + bySeverity.values().stream()
                .mapToLong(Long::longValue).sum() + " (each written once)");
        System.out.println("    by lane:     " + byLane);
        System.out.println("    by severity: " + bySeverity);
        System.out.println("    by category: " + byCategory);
    }

    private static void printRouting(AwsClients clients, LocalResources res, String pager) {
        var sqs = clients.sqs();
        System.out.println("  queued for review: priority " + depth(clients, res.priorityQueueUrl()) + ", routine "
                + depth(clients, res.routineQueueUrl()));
        Map<String, Long> pages = new TreeMap<>();
        for (int i = 0; i < 3; i++) {
            for (var m : sqs.receiveMessage(b -> b.queueUrl(pager).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages()) {
                try {
                    var envelope = new com.fasterxml.jackson.databind.ObjectMapper().readTree(m.body());
                    var escalation = new com.fasterxml.jackson.databind.ObjectMapper()
                            .readTree(envelope.get("Message").asText());
                    escalation.get("categories").forEach(c -> pages.merge(c.asText(), 1L, Long::sum));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        System.out.println("  escalations delivered to a subscribed pager queue, by category: " + pages);
    }

    private static String depth(AwsClients clients, String url) {
        return clients.sqs().getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
    }

    private static long n(Map<String, AttributeValue> item, String k) {
        AttributeValue v = item.get(k);
        return v == null ? 0 : Long.parseLong(v.n());
    }
}
