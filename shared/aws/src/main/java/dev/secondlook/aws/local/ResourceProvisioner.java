package dev.secondlook.aws.local;

import dev.secondlook.aws.AwsClients;
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

    public ResourceProvisioner(AwsClients clients) {
        this.s3 = clients.s3();
        this.sqs = clients.sqs();
        this.dynamo = clients.dynamoDb();
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
        String dlqArn = queueArn(dlqUrl);
        String queueUrl = sqs.createQueue(b -> b.queueName(prefix + "-ingest").attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(ingestVisibilitySeconds),
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn
                        + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}"))).queueUrl();
        s3.putBucketNotificationConfiguration(b -> b.bucket(logBucket).notificationConfiguration(n -> n
                .queueConfigurations(QueueConfiguration.builder().queueArn(queueArn(queueUrl))
                        .events(Event.S3_OBJECT_CREATED).build())));
        return new LocalResources(logBucket, evalBucket, table, queueUrl, dlqUrl);
    }

    /** The ReviewTable's key schema, stream and GSI, as in template.yaml. */
    public void createTable(String table) {
        dynamo.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("id"), attr("status"), attr("dueAt"))
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("status-dueAt")
                        .keySchema(KeySchemaElement.builder().attributeName("status").keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName("dueAt").keyType(KeyType.RANGE).build())
                        .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
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
