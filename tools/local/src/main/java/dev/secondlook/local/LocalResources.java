package dev.secondlook.local;

import dev.secondlook.emulator.Emulator;
import dev.secondlook.local.template.TemplateStack;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Names of the resources of one stack of {@code template.yaml} on an emulator. Integration tests, benchmarks and
 * the local runtime all get their stack this way, so a change to the template is tested everywhere at once.
 *
 * @param logBucket        where log objects land
 * @param evalBucket       eval cases, exports, quarantine
 * @param reviewTable      the ReviewTable
 * @param ingestQueueUrl   queue the log bucket notifies
 * @param ingestDlqUrl     its dead-letter queue
 * @param priorityQueueUrl priority review queue (with a DLQ)
 * @param routineQueueUrl  routine review queue (with a DLQ)
 * @param routeFailureQueueUrl where stream batches that could not be routed go
 * @param escalationTopicArn the escalation topic
 * @param holdQueueUrl     hold review queue: held outputs (with a DLQ)
 * @param checkDecisionTopicArn the gate's decision topic (resolved holds)
 * @param incidentTable    the incident table
 */
public record LocalResources(String logBucket, String evalBucket, String reviewTable, String ingestQueueUrl,
                             String ingestDlqUrl, String priorityQueueUrl, String routineQueueUrl,
                             String routeFailureQueueUrl, String escalationTopicArn, String holdQueueUrl,
                             String checkDecisionTopicArn, String incidentTable) {

    /** The resource names of a provisioned stack, from its Outputs. */
    public static LocalResources of(TemplateStack stack) {
        Map<String, String> out = stack.outputs();
        return new LocalResources(out.get("LogBucketName"), out.get("EvalBucketName"), out.get("ReviewTableName"),
                out.get("IngestQueueUrl"), out.get("IngestDeadLetterQueueUrl"), out.get("PriorityQueueUrl"),
                out.get("RoutineQueueUrl"), String.valueOf(stack.ref("RouteFailureQueue")),
                out.get("EscalationTopicArn"), out.get("HoldQueueUrl"), out.get("CheckDecisionTopicArn"),
                out.get("IncidentTableName"));
    }

    /**
     * Provisions {@code template.yaml} (found from the working directory upwards) on the emulator under a unique
     * stack name starting with {@code name}, parameters at their defaults.
     */
    public static LocalResources provision(LocalClients clients, Emulator emulator, String name) {
        try {
            String stackName = name + "-" + Long.toHexString(System.nanoTime());
            return of(TemplateStack.provision(template(), clients, stackName, emulator.region(), Map.of()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The project's {@code template.yaml}: {@code secondlook.home} when set, else the nearest one upwards. */
    public static Path template() {
        String home = System.getProperty("secondlook.home");
        if (home != null) {
            return Path.of(home, "template.yaml");
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml"))) {
                return dir.resolve("template.yaml");
            }
        }
        throw new IllegalStateException("no template.yaml in " + Path.of("").toAbsolutePath() + " or above");
    }

    /** The stream ARN of the review table. */
    public String streamArn(LocalClients clients) {
        return clients.dynamoDb().describeTable(b -> b.tableName(reviewTable)).table().latestStreamArn();
    }

    /** Subscribes a new SQS queue to the escalation topic (as a pager would subscribe) and returns its URL. */
    public String subscribePager(LocalClients clients, String queueName) {
        String url = clients.sqs().createQueue(b -> b.queueName(queueName)).queueUrl();
        clients.sns().subscribe(b -> b.topicArn(escalationTopicArn).protocol("sqs").endpoint(queueArn(clients, url)));
        return url;
    }

    /** Subscribes a new SQS queue to the gate's decision topic (as an application would) and returns its URL. */
    public String subscribeToDecisions(LocalClients clients, String queueName) {
        String url = clients.sqs().createQueue(b -> b.queueName(queueName)).queueUrl();
        clients.sns().subscribe(b -> b.topicArn(checkDecisionTopicArn).protocol("sqs")
                .endpoint(queueArn(clients, url)));
        return url;
    }

    /** The ARN of a queue, from its URL. */
    public static String queueArn(LocalClients clients, String url) {
        return clients.sqs().getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    /**
     * Shortens a queue's visibility timeout, so a test sees a failed message come back within seconds rather than
     * after the template's production timeout.
     */
    public static void visibilityTimeout(LocalClients clients, String queueUrl, int seconds) {
        clients.sqs().setQueueAttributes(b -> b.queueUrl(queueUrl).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(seconds))));
    }
}
