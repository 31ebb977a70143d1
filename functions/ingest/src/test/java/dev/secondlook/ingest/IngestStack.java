package dev.secondlook.ingest;

import dev.secondlook.core.redact.Redaction;
import dev.secondlook.aws.AwsClients;
import dev.secondlook.local.LocalResources;
import dev.secondlook.local.LocalClients;
import dev.secondlook.local.SqsEventSource;
import dev.secondlook.emulator.Emulator;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One ingest stack on the emulator for a test: fresh resources (unique names), the real handler wired to them,
 * and the SQS event source that feeds it from the ingest queue as Lambda would.
 */
final class IngestStack {

    final LocalClients clients;
    final LocalResources res;
    final S3LogIngestHandler handler;
    final SqsEventSource source;

    IngestStack(Emulator emulator, String name) {
        this(emulator, name, emulator.endpoint());
    }

    /** A stack whose handler reaches AWS through {@code handlerEndpoint} (a fault-injecting proxy, say). */
    IngestStack(Emulator emulator, String name, java.net.URI handlerEndpoint) {
        clients = LocalClients.of(emulator);
        res = LocalResources.provision(clients, emulator, name);
        // a message whose handling failed comes back after 1 s, not the template's production timeout
        LocalResources.visibilityTimeout(clients, res.ingestQueueUrl(), 1);
        IngestConfig config = new IngestConfig(emulator.region(), res.reviewTable(), res.evalBucket(),
                "quarantine/", null, Duration.ofMinutes(240), Duration.ofHours(72), 1024 * 1024, java.util.Set.of(), null,
                Redaction.MASK_ALL);
        handler = new S3LogIngestHandler(IngestWiring.create(config, AwsClients.forEndpoint(handlerEndpoint,
                emulator.region(), emulator.accessKey(), emulator.secretKey()), Clock.systemUTC()));
        String arn = clients.sqs().getQueueAttributes(b -> b.queueUrl(res.ingestQueueUrl())
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        source = new SqsEventSource(clients.sqs(), res.ingestQueueUrl(), arn, emulator.region(), 10,
                e -> handler.handleRequest(e, null));
    }

    /** Polls the ingest queue until it stays empty; returns the number of messages handled. */
    int drain() {
        int total = 0;
        int idle = 0;
        long deadline = System.currentTimeMillis() + 60_000;
        while (idle < 2 && System.currentTimeMillis() < deadline) {
            SqsEventSource.Poll p = source.pollOnce(1);
            total += p.received();
            idle = p.received() == 0 ? idle + 1 : 0;
        }
        return total;
    }

    /** Every item of the table by id, with volatile manifest timestamps removed. */
    Map<String, Map<String, AttributeValue>> snapshot() {
        Map<String, Map<String, AttributeValue>> all = new TreeMap<>();
        for (Map<String, AttributeValue> item : clients.dynamoDb().scanPaginator(b -> b.tableName(res.reviewTable()))
                .items()) {
            Map<String, AttributeValue> copy = new HashMap<>(item);
            copy.remove("finishedAt");
            all.put(item.get("id").s(), copy);
        }
        return all;
    }

    Map<String, AttributeValue> item(String id) {
        return clients.dynamoDb().getItem(b -> b.tableName(res.reviewTable()).consistentRead(true)
                .key(Map.of("id", AttributeValue.fromS(id)))).item();
    }
}
