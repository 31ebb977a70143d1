package dev.secondlook.bench;

import dev.secondlook.core.redact.Redaction;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.secondlook.aws.AwsClients;
import dev.secondlook.local.DynamoDbStreamEventSource;
import dev.secondlook.local.LocalResources;
import dev.secondlook.local.LocalClients;
import dev.secondlook.emulator.MotoServer;
import dev.secondlook.ingest.IngestConfig;
import dev.secondlook.ingest.IngestWiring;
import dev.secondlook.ingest.S3LogIngestHandler;
import dev.secondlook.route.DynamoDbStreamRouteHandler;
import dev.secondlook.route.RouteConfig;
import dev.secondlook.route.RouteWiring;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * AWS calls per 1,000 selected records, end to end against moto: the ingest and route handlers' own SDK calls,
 * counted by operation with an execution interceptor (the event sources' polling is the Lambda service's and
 * is not counted).
 */
final class AwsCallsBenchmark {

    private AwsCallsBenchmark() {
    }

    /** Counts requests by operation name. */
    static final class Counter implements ExecutionInterceptor {
        final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            calls.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                    k -> new AtomicLong()).incrementAndGet();
        }

        Map<String, Long> snapshot() {
            Map<String, Long> out = new TreeMap<>();
            calls.forEach((k, v) -> out.put(k, v.get()));
            return out;
        }
    }

    static void run(Path work) throws IOException {
        int records = 1000;
        try (MotoServer moto = MotoServer.start(work)) {
            var e = moto.emulator();
            LocalClients plain = LocalClients.of(e);
            LocalResources res = LocalResources.provision(plain, e, "bench");
            Counter ingestCalls = new Counter();
            Counter routeCalls = new Counter();
            AwsClients ingestClients = counted(e, ingestCalls);
            AwsClients routeClients = counted(e, routeCalls);

            // every record on a high-stakes route, so that all 1,000 are selected; one in ten pages
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            LogGenerator gen = new LogGenerator(11);
            for (int i = 0; i < records; i++) {
                String line = gen.next().replaceAll("\"route\":\"[^\"]+\"", "\"route\":\"billing.refund\"");
                if (i % 10 == 0) {
                    // the last text field of a record is the model's output: put a secret in it (a page)
                    int at = line.lastIndexOf("\"text\":\"") + "\"text\":\"".length();
                    line = line.substring(0, at) + "Use AKIAQYLPMN5HFIQR7XB2 now. " + line.substring(at);
                }
                log.write(line.getBytes(StandardCharsets.UTF_8));
            }
            String key = "AWSLogs/bench/calls.jsonl";
            plain.s3().putObject(b -> b.bucket(res.logBucket()).key(key), RequestBody.fromBytes(log.toByteArray()));
            var head = plain.s3().headObject(b -> b.bucket(res.logBucket()).key(key));
            S3LogIngestHandler ingest = new S3LogIngestHandler(IngestWiring.create(new IngestConfig(e.region(),
                    res.reviewTable(), res.evalBucket(), "quarantine/", null, Duration.ofMinutes(240),
                    Duration.ofHours(72), 8 * 1024 * 1024, Set.of(), null, Redaction.MASK_ALL), ingestClients,
                    Clock.systemUTC()));
            SQSEvent event = new SQSEvent();
            SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
            m.setMessageId("bench-1");
            m.setBody("{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\""
                    + res.logBucket() + "\"},\"object\":{\"key\":\"" + key + "\",\"size\":" + log.size()
                    + ",\"eTag\":" + head.eTag() + "}}}]}");
            event.setRecords(List.of(m));
            ingest.handleRequest(event, null);

            DynamoDbStreamRouteHandler route = new DynamoDbStreamRouteHandler(RouteWiring.create(new RouteConfig(
                    e.region(), res.reviewTable(), res.holdQueueUrl(), res.priorityQueueUrl(),
                    res.routineQueueUrl(), res.escalationTopicArn(), res.checkDecisionTopicArn()), routeClients,
                    Clock.systemUTC()));
            DynamoDbStreamEventSource stream = new DynamoDbStreamEventSource(plain.dynamoDbStreams(),
                    res.streamArn(plain), e.region(), routeBatchSize(), true, 3,
                    ev -> route.handleRequest(ev, null), failed -> { });
            while (stream.pollOnce().delivered() > 0) {
                // drain the stream
            }
            Map<String, Long> in = ingestCalls.snapshot();
            Map<String, Long> out = routeCalls.snapshot();
            long pages = records / 10;
            long writes = in.getOrDefault("BatchWriteItem", 0L);
            long gets = in.getOrDefault("BatchGetItem", 0L);
            long sends = out.getOrDefault("SendMessageBatch", 0L);
            long publishes = out.getOrDefault("PublishBatch", 0L);
            long minWrites = (records + 24) / 25;
            long minSends = (records + 9) / 10;
            long minPublishes = (pages + 9) / 10;
            System.out.println("## 3. AWS calls per 1,000 selected records (moto, end to end)");
            System.out.println();
            System.out.printf(Locale.ROOT, "%d records in one log object, all selected (high-stakes route), %d of them "
                    + "pages. Calls made by the handlers' SDK clients, by operation:%n%n", records, pages);
            System.out.println("| function | calls by operation |");
            System.out.println("|---|---|");
            System.out.println("| IngestFunction | " + in + " |");
            System.out.println("| RouteFunction | " + out + " |");
            System.out.println();
            System.out.println("| batch API | calls | batch minimum | ratio |");
            System.out.println("|---|---|---|---|");
            System.out.printf(Locale.ROOT, "| BatchWriteItem (25) | %d | %d | %.2f |%n", writes, minWrites,
                    (double) writes / minWrites);
            System.out.printf(Locale.ROOT, "| BatchWriteItem + BatchGetItem existence checks | %d | %d | %.2f |%n",
                    writes + gets, minWrites, (double) (writes + gets) / minWrites);
            System.out.printf(Locale.ROOT, "| SendMessageBatch (10) | %d | %d | %.2f |%n", sends, minSends,
                    (double) sends / minSends);
            System.out.printf(Locale.ROOT, "| PublishBatch (10) | %d | %d | %.2f |%n", publishes, minPublishes,
                    (double) publishes / Math.max(1, minPublishes));
            System.out.println();
            System.out.println("Goal: <= 1.1x the batch minimum.");
            System.out.println();
            double[] sizes = itemSizes(plain, res.reviewTable());
            System.out.printf(Locale.ROOT, "Review items as written: %.0f items, mean %.2f KB (DynamoDB item size: "
                    + "attribute names + values), %.2f write units each on average (1 per KB, rounded up per item); the "
                    + "cost model (scripts/cost-model.py) takes these.%n%n", sizes[0], sizes[1], sizes[2]);
        }
    }

    /** Count, mean size in KB and mean write units of the review items in the table. */
    private static double[] itemSizes(LocalClients plain, String table) {
        long n = 0;
        long bytes = 0;
        long units = 0;
        for (Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item
                : plain.dynamoDb().scanPaginator(b -> b.tableName(table)).items()) {
            if (!"review".equals(item.getOrDefault("kind",
                    software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("")).s())) {
                continue;
            }
            long size = 0;
            for (var e : item.entrySet()) {
                size += e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + size(e.getValue());
            }
            n++;
            bytes += size;
            units += (size + 1023) / 1024;
        }
        return new double[] {n, n == 0 ? 0 : bytes / 1024.0 / n, n == 0 ? 0 : (double) units / n};
    }

    /** An attribute value's size as DynamoDB counts it (strings and numbers by their bytes, containers summed). */
    private static long size(software.amazon.awssdk.services.dynamodb.model.AttributeValue v) {
        if (v.s() != null) {
            return v.s().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        if (v.n() != null) {
            return (v.n().length() + 1) / 2 + 1;
        }
        if (v.bool() != null) {
            return 1;
        }
        long total = 3;
        if (v.hasL()) {
            for (var x : v.l()) {
                total += 1 + size(x);
            }
        }
        if (v.hasM()) {
            for (var e : v.m().entrySet()) {
                total += 1 + e.getKey().length() + size(e.getValue());
            }
        }
        if (v.hasSs()) {
            for (String x : v.ss()) {
                total += x.length();
            }
        }
        return total;
    }

    private static AwsClients counted(dev.secondlook.emulator.Emulator e, Counter counter) {
        return AwsClients.of(Region.of(e.region()), StaticCredentialsProvider.create(AwsBasicCredentials.create(
                e.accessKey(), e.secretKey())), e.endpoint(), ClientOverrideConfiguration.builder()
                .retryStrategy(RetryMode.STANDARD).addExecutionInterceptor(counter).build());
    }

    /** RouteFunction's stream batch size as template.yaml sets it: the batches the benchmark delivers. */
    @SuppressWarnings("unchecked")
    private static int routeBatchSize() throws java.io.IOException {
        Map<String, Object> t = dev.secondlook.local.template.TemplateLoader.load(
                dev.secondlook.local.LocalResources.template());
        Map<String, Object> route = (Map<String, Object>) ((Map<String, Object>) t.get("Resources")).get("RouteFunction");
        Map<String, Object> events = (Map<String, Object>) ((Map<String, Object>) route.get("Properties")).get("Events");
        Map<String, Object> inserted = (Map<String, Object>) events.get("ReviewRecordInserted");
        return ((Number) ((Map<String, Object>) inserted.get("Properties")).get("BatchSize")).intValue();
    }
}
