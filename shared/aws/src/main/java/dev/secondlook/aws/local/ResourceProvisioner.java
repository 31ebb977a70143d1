package dev.secondlook.aws.local;

import dev.secondlook.aws.AwsClients;
import dev.secondlook.aws.ReviewSummaries;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.QueueConfiguration;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.Map;

/**
 * Creates the ingest side of the stack (as template.yaml declares it) on an emulator: log and eval buckets, the
 * ingest queue with its DLQ and redrive policy, the bucket's notification to the queue, and the ReviewTable with
 * its stream and status/dueAt index. Used by the CLI's local run and by integration tests.
 */
public final class ResourceProvisioner {

    private final S3Client s3;
    private final SqsClient sqs;
    private final DynamoDbClient dynamo;
    private final SnsClient sns;

    public ResourceProvisioner(AwsClients clients) {
        this.s3 = clients.s3();
        this.sqs = clients.sqs();
        this.dynamo = clients.dynamoDb();
        this.sns = clients.sns();
    }

    /** Creates every resource with names prefixed by {@code prefix} (lowercase, unique per stack). */
    public LocalResources create(String prefix, int ingestVisibilitySeconds, int maxReceiveCount) {
        String logBucket = prefix + "-logs";
        String evalBucket = prefix + "-eval";
        String table = prefix + "-reviews";
        createTable(table);
        s3.createBucket(b -> b.bucket(logBucket));
        s3.createBucket(b -> b.bucket(evalBucket));
        String dlqUrl = sqs.createQueue(b -> b.queueName(prefix + "-ingest-dlq")).queueUrl();
        String queueUrl = queueWithDlq(prefix + "-ingest", dlqUrl, ingestVisibilitySeconds, maxReceiveCount);
        String priorityDlq = sqs.createQueue(b -> b.queueName(prefix + "-priority-dlq")).queueUrl();
        String priority = queueWithDlq(prefix + "-priority", priorityDlq, ingestVisibilitySeconds, maxReceiveCount);
        String routineDlq = sqs.createQueue(b -> b.queueName(prefix + "-routine-dlq")).queueUrl();
        String routine = queueWithDlq(prefix + "-routine", routineDlq, ingestVisibilitySeconds, maxReceiveCount);
        String routeFailures = sqs.createQueue(b -> b.queueName(prefix + "-route-failures")).queueUrl();
        String topic = sns.createTopic(b -> b.name(prefix + "-escalations")).topicArn();
        s3.putBucketNotificationConfiguration(b -> b.bucket(logBucket).notificationConfiguration(n -> n
                .queueConfigurations(QueueConfiguration.builder().queueArn(queueArn(queueUrl))
                        .events(Event.S3_OBJECT_CREATED).build())));
        return new LocalResources(logBucket, evalBucket, table, queueUrl, dlqUrl, priority, routine, routeFailures,
                topic);
    }

    private String queueWithDlq(String name, String dlqUrl, int visibilitySeconds, int maxReceiveCount) {
        String dlqArn = queueArn(dlqUrl);
        return sqs.createQueue(b -> b.queueName(name).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(visibilitySeconds),
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn
                        + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}"))).queueUrl();
    }

    /** The stream ARN of the review table. */
    public String streamArn(String table) {
        return dynamo.describeTable(b -> b.tableName(table)).table().latestStreamArn();
    }

    /** Subscribes a new SQS queue to {@code topicArn} (as a pager would subscribe) and returns its URL. */
    public String subscribeQueue(String topicArn, String queueName) {
        String url = sqs.createQueue(b -> b.queueName(queueName)).queueUrl();
        String arn = queueArn(url);
        sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(arn));
        return url;
    }

    /** The ReviewTable's key schema, stream and GSI, as in template.yaml. */
    public void createTable(String table) {
        dynamo.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("id"), attr("status"), attr("dueAt"))
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("status-dueAt")
                        .keySchema(KeySchemaElement.builder().attributeName("status").keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName("dueAt").keyType(KeyType.RANGE).build())
                        .projection(Projection.builder().projectionType(ProjectionType.INCLUDE)
                                .nonKeyAttributes(ReviewSummaries.PROJECTED).build())
                        .build())
                .streamSpecification(StreamSpecification.builder().streamEnabled(true)
                        .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES).build()));
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(table));
    }

    private String queueArn(String url) {
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    private static AttributeDefinition attr(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }
}
