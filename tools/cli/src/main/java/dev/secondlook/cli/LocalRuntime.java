package dev.secondlook.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secondlook.aws.AwsClients;
import dev.secondlook.aws.local.DynamoDbStreamEventSource;
import dev.secondlook.aws.local.LocalHttpApi;
import dev.secondlook.aws.local.LocalResources;
import dev.secondlook.aws.local.ResourceProvisioner;
import dev.secondlook.aws.local.SqsEventSource;
import dev.secondlook.emulator.Emulator;
import dev.secondlook.emulator.MotoServer;
import dev.secondlook.feedback.DynamoDbStreamFeedbackHandler;
import dev.secondlook.feedback.FeedbackConfig;
import dev.secondlook.feedback.FeedbackWiring;
import dev.secondlook.ingest.IngestConfig;
import dev.secondlook.ingest.IngestWiring;
import dev.secondlook.ingest.S3LogIngestHandler;
import dev.secondlook.review.HttpReviewApiHandler;
import dev.secondlook.review.ReviewConfig;
import dev.secondlook.review.ReviewWiring;
import dev.secondlook.route.DynamoDbStreamRouteHandler;
import dev.secondlook.route.RouteConfig;
import dev.secondlook.route.RouteWiring;
import dev.secondlook.slawatch.ScheduledSlaWatchHandler;
import dev.secondlook.slawatch.SlaWatchConfig;
import dev.secondlook.slawatch.SlaWatchWiring;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The whole stack on an emulator, with this process playing the Lambda service: the ingest queue's SQS event
 * source, the ReviewTable stream for RouteFunction and FeedbackFunction, the SLA schedule, and the review API
 * on a loopback port (SigV4-checked, as API Gateway with IAM auth).
 */
final class LocalRuntime implements AutoCloseable {

    /** Local reviewers' access keys and secrets, accepted by the local review API. */
    static final Map<String, String> REVIEWERS = Map.of("alice", "alice-local-secret", "bob", "bob-local-secret",
            "testing", "testing");
    static final String ACCOUNT = "123456789012";

    final Emulator emulator;
    final AwsClients clients;
    final LocalResources res;
    final String pagerQueueUrl;
    private final MotoServer moto;
    private final SqsEventSource ingest;
    private final DynamoDbStreamEventSource route;
    private final DynamoDbStreamEventSource feedback;
    private final ScheduledSlaWatchHandler slaWatch;
    private final LocalHttpApi api;

    private LocalRuntime(Emulator emulator, MotoServer moto, int apiPort, Duration lease) throws IOException {
        this.emulator = emulator;
        this.moto = moto;
        this.clients = AwsClients.forEndpoint(emulator.endpoint(), emulator.region(), emulator.accessKey(),
                emulator.secretKey());
        ResourceProvisioner provisioner = new ResourceProvisioner(clients);
        String prefix = "secondlook-local-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000,
                0xffffff));
        this.res = provisioner.create(prefix, (int) lease.toSeconds(), 5);
        this.pagerQueueUrl = provisioner.subscribeQueue(res.escalationTopicArn(), prefix + "-pager");
        String region = emulator.region();
        Clock clock = Clock.systemUTC();

        S3LogIngestHandler ingestHandler = new S3LogIngestHandler(IngestWiring.create(new IngestConfig(region,
                res.reviewTable(), res.evalBucket(), "quarantine/", null, Duration.ofMinutes(240),
                Duration.ofHours(72), 8 * 1024 * 1024, Set.of()), clients, clock));
        String ingestArn = clients.sqs().getQueueAttributes(b -> b.queueUrl(res.ingestQueueUrl())
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        this.ingest = new SqsEventSource(clients.sqs(), res.ingestQueueUrl(), ingestArn, region, 10,
                e -> ingestHandler.handleRequest(e, null));

        String streamArn = provisioner.streamArn(res.reviewTable());
        DynamoDbStreamRouteHandler routeHandler = new DynamoDbStreamRouteHandler(RouteWiring.create(new RouteConfig(
                region, res.reviewTable(), res.priorityQueueUrl(), res.routineQueueUrl(), res.escalationTopicArn()),
                clients, clock));
        this.route = new DynamoDbStreamEventSource(clients.dynamoDbStreams(), streamArn, region, 100, true, 10,
                e -> routeHandler.handleRequest(e, null), failed -> sendToFailureQueue(failed.size()));
        DynamoDbStreamFeedbackHandler feedbackHandler = new DynamoDbStreamFeedbackHandler(FeedbackWiring.create(
                new FeedbackConfig(region, res.evalBucket(), "eval-cases/"), clients));
        this.feedback = new DynamoDbStreamEventSource(clients.dynamoDbStreams(), streamArn, region, 100, true, 10,
                e -> feedbackHandler.handleRequest(e, null), failed -> sendToFailureQueue(failed.size()));
        this.slaWatch = new ScheduledSlaWatchHandler(SlaWatchWiring.create(new SlaWatchConfig(region,
                res.reviewTable(), res.escalationTopicArn(), 500), clients, clock));
        HttpReviewApiHandler reviewHandler = new HttpReviewApiHandler(ReviewWiring.create(new ReviewConfig(region,
                res.reviewTable(), res.priorityQueueUrl(), res.routineQueueUrl(), lease), clients, clock));
        this.api = LocalHttpApi.start(apiPort, region, ACCOUNT, REVIEWERS, e -> reviewHandler.handleRequest(e, null));
    }

    /** The stack on an emulator someone else runs (tests). */
    static LocalRuntime on(Emulator emulator, int apiPort, Duration lease) throws IOException {
        return new LocalRuntime(emulator, null, apiPort, lease);
    }

    /** Uses AWS_ENDPOINT_URL when set, otherwise starts moto server (its log under {@code logDir}). */
    static LocalRuntime start(Path logDir, int apiPort, Duration lease) throws IOException {
        String external = System.getenv("AWS_ENDPOINT_URL");
        if (external != null && !external.isBlank()) {
            return new LocalRuntime(new Emulator(URI.create(external), System.getenv().getOrDefault("AWS_REGION",
                    MotoServer.REGION), "testing", "testing", "external"), null, apiPort, lease);
        }
        MotoServer moto = MotoServer.start(logDir);
        try {
            return new LocalRuntime(moto.emulator(), moto, apiPort, lease);
        } catch (IOException | RuntimeException e) {
            moto.close();
            throw e;
        }
    }

    URI apiUrl() {
        return api.url();
    }

    String motoLog() {
        return moto == null ? "(external endpoint)" : moto.log().toString();
    }

    /** One round of every event source; returns how many events were delivered. */
    int pump() {
        SqsEventSource.Poll p = ingest.pollOnce(0);
        DynamoDbStreamEventSource.Poll r = route.pollOnce();
        DynamoDbStreamEventSource.Poll f = feedback.pollOnce();
        return p.received() + r.delivered() + f.delivered();
    }

    /** Pumps until nothing moves for two rounds (or the timeout); returns events delivered. */
    int drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int idle = 0;
        int total = 0;
        while (idle < 2 && System.nanoTime() < deadline) {
            int n = pump();
            total += n;
            idle = n == 0 ? idle + 1 : 0;
            if (n == 0) {
                sleep(300);
            }
        }
        return total;
    }

    Map<String, Integer> runSlaWatch() {
        return slaWatch.handleRequest(null, null);
    }

    private void sendToFailureQueue(int records) {
        clients.sqs().sendMessage(b -> b.queueUrl(res.routeFailureQueueUrl()).messageBody(
                "{\"failedRecords\":" + records + "}"));
    }

    /** Writes {@code stack.json} with the keys the README documents. */
    Path writeStackJson(Path dir) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode o = mapper.createObjectNode();
        o.put("endpoint", emulator.endpoint().toString());
        o.put("region", emulator.region());
        o.put("logBucket", res.logBucket());
        o.put("evalBucket", res.evalBucket());
        o.put("reviewTable", res.reviewTable());
        o.put("ingestQueueUrl", res.ingestQueueUrl());
        o.put("priorityQueueUrl", res.priorityQueueUrl());
        o.put("routineQueueUrl", res.routineQueueUrl());
        o.put("escalationTopicArn", res.escalationTopicArn());
        o.put("pagerQueueUrl", pagerQueueUrl);
        o.put("apiUrl", apiUrl().toString());
        Files.createDirectories(dir);
        Path file = dir.resolve("stack.json");
        Files.write(file, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(o));
        return file;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        api.close();
        clients.close();
        if (moto != null) {
            moto.close();
        }
    }
}
