package dev.secondlook.local.iam;

import dev.secondlook.aws.AwsClients;
import dev.secondlook.emulator.Emulator;
import dev.secondlook.emulator.EmulatorExtension;
import dev.secondlook.local.LocalClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sns.model.AuthorizationErrorException;
import software.amazon.awssdk.services.sns.model.KmsAccessDeniedException;
import software.amazon.awssdk.services.sqs.model.SqsException;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A role played by {@link IamEnforcingProxy} in front of moto, called with the real SDK clients: what the policy
 * allows reaches the emulator, and what it does not is refused with the exception the SDK raises in AWS.
 */
@ExtendWith(EmulatorExtension.class)
class IamEnforcingProxyIT {

    private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/local-test";
    private static final String NAME = "iam-proxy-it-" + Long.toHexString(System.nanoTime());
    private static LocalClients admin;
    private static LocalClients role;
    private static IamEnforcingProxy proxy;
    private static String table;
    private static String tableArn;
    private static String queueUrl;
    private static String queueArn;
    private static String topicArn;
    private static String encryptedTopicArn;
    private static String bucket;

    @BeforeAll
    static void stack(Emulator emulator) throws IOException {
        admin = LocalClients.of(emulator);
        bucket = NAME;
        admin.s3().createBucket(b -> b.bucket(bucket));
        admin.s3().putObject(b -> b.bucket(bucket).key("AWSLogs/a.json"), RequestBody.fromString("{}"));
        admin.s3().putObject(b -> b.bucket(bucket).key("other/b.json"), RequestBody.fromString("{}"));
        table = NAME;
        admin.dynamoDb().createTable(b -> b.tableName(table).billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("id").attributeType("S"))
                .keySchema(k -> k.attributeName("id").keyType("HASH")));
        tableArn = admin.dynamoDb().describeTable(b -> b.tableName(table)).table().tableArn();
        queueUrl = admin.sqs().createQueue(b -> b.queueName(NAME)).queueUrl();
        queueArn = "arn:aws:sqs:us-east-1:123456789012:" + NAME;
        topicArn = admin.sns().createTopic(b -> b.name(NAME)).topicArn();
        encryptedTopicArn = admin.sns().createTopic(b -> b.name(NAME + "-enc")).topicArn();
        IamPolicy policy = IamPolicy.of("test", List.of(
                Map.of("Effect", "Allow", "Action", List.of("s3:GetObject", "s3:PutObject"),
                        "Resource", "arn:aws:s3:::" + bucket + "/AWSLogs/*"),
                Map.of("Effect", "Allow", "Action", "s3:ListBucket", "Resource", "arn:aws:s3:::" + bucket,
                        "Condition", Map.of("StringLike", Map.of("s3:prefix", "AWSLogs/*"))),
                Map.of("Effect", "Allow", "Action", List.of("dynamodb:GetItem", "dynamodb:PutItem"),
                        "Resource", tableArn),
                Map.of("Effect", "Allow", "Action", "sqs:SendMessage", "Resource", queueArn),
                Map.of("Effect", "Allow", "Action", "sns:Publish", "Resource", List.of(topicArn, encryptedTopicArn))));
        RequestClassifier classifier = new RequestClassifier("us-east-1", "123456789012",
                Map.of(encryptedTopicArn, KEY));
        proxy = IamEnforcingProxy.start("TestFunction", "arn:aws:sts::123456789012:assumed-role/r/TestFunction",
                policy, classifier, emulator.endpoint());
        role = LocalClients.of(AwsClients.forEndpoint(proxy.endpoint(), emulator.region(), "testing", "testing"));
    }

    @AfterAll
    static void stop() {
        role.close();
        proxy.close();
        admin.close();
    }

    @Test
    void allowedCalls_reachTheEmulator() {
        assertEquals("{}", role.s3().getObjectAsBytes(b -> b.bucket(bucket).key("AWSLogs/a.json")).asUtf8String());
        role.dynamoDb().putItem(b -> b.tableName(table).item(Map.of("id", AttributeValue.fromS("x"))));
        assertEquals("x", role.dynamoDb().getItem(b -> b.tableName(table).key(Map.of("id",
                AttributeValue.fromS("x")))).item().get("id").s());
        role.sqs().sendMessage(b -> b.queueUrl(queueUrl).messageBody("hello"));
        role.sns().publish(b -> b.topicArn(topicArn).message("page"));
    }

    @Test
    void s3_refusesWithAccessDenied_andA404OnlyWithListBucket() {
        S3Exception other = assertThrows(S3Exception.class, () -> role.s3().getObjectAsBytes(b -> b.bucket(bucket)
                .key("other/b.json")));
        assertEquals(403, other.statusCode());
        assertEquals("AccessDenied", other.awsErrorDetails().errorCode());
        assertTrue(other.getMessage().contains("s3:GetObject on resource: arn:aws:s3:::" + bucket + "/other/b.json"),
                other.getMessage());
        S3Exception version = assertThrows(S3Exception.class, () -> role.s3().getObjectAsBytes(b -> b.bucket(bucket)
                .key("AWSLogs/a.json").versionId("null")));
        assertTrue(version.getMessage().contains("s3:GetObjectVersion"), version.getMessage());
        // a missing object under the listable prefix is a 404; outside it S3 will not say it is missing
        assertThrows(NoSuchKeyException.class, () -> role.s3().getObjectAsBytes(b -> b.bucket(bucket)
                .key("AWSLogs/missing.json")));
        S3Exception hidden = assertThrows(S3Exception.class, () -> role.s3().getObjectAsBytes(b -> b.bucket(bucket)
                .key("other/missing.json")));
        assertEquals(403, hidden.statusCode());
        assertEquals(403, assertThrows(S3Exception.class, () -> role.s3().headObject(b -> b.bucket(bucket)
                .key("other/b.json"))).statusCode());
        assertThrows(S3Exception.class, () -> role.s3().listObjectsV2(b -> b.bucket(bucket).prefix("other/")));
        role.s3().listObjectsV2(b -> b.bucket(bucket).prefix("AWSLogs/"));
    }

    @Test
    void dynamoDb_refusesWithAccessDeniedException() {
        DynamoDbException e = assertThrows(DynamoDbException.class, () -> role.dynamoDb().deleteItem(b -> b
                .tableName(table).key(Map.of("id", AttributeValue.fromS("x")))));
        assertEquals(400, e.statusCode());
        assertEquals("AccessDeniedException", e.awsErrorDetails().errorCode());
        assertTrue(e.getMessage().contains("dynamodb:DeleteItem on resource: " + tableArn), e.getMessage());
    }

    @Test
    void sqs_refusesWithAccessDenied() {
        SqsException e = assertThrows(SqsException.class, () -> role.sqs().receiveMessage(b -> b.queueUrl(queueUrl)));
        assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
        assertEquals(403, e.statusCode());
        assertTrue(e.getMessage().contains("sqs:ReceiveMessage on resource: " + queueArn), e.getMessage());
    }

    @Test
    void sns_refusesWithAuthorizationError_andKmsAccessDeniedForAnEncryptedTopicWithoutTheKey() {
        String other = admin.sns().createTopic(b -> b.name(NAME + "-other")).topicArn();
        assertThrows(AuthorizationErrorException.class, () -> role.sns().publish(b -> b.topicArn(other)
                .message("page")));
        KmsAccessDeniedException kms = assertThrows(KmsAccessDeniedException.class, () -> role.sns().publish(b -> b
                .topicArn(encryptedTopicArn).message("page")));
        assertTrue(kms.getMessage().contains("kms:GenerateDataKey on resource: " + KEY), kms.getMessage());
        assertTrue(proxy.denials().stream().anyMatch(d -> d.startsWith("TestFunction: sns.Publish needs "
                + "kms:GenerateDataKey")), proxy.denials().toString());
    }

    @Test
    void aRefusal_isAServiceErrorTheSdkDoesNotRetry() {
        long before = proxy.denials().stream().filter(d -> d.contains("dynamodb:Scan")).count();
        assertThrows(AwsServiceException.class, () -> role.dynamoDb().scan(b -> b.tableName(table)));
        assertEquals(before + 1, proxy.denials().stream().filter(d -> d.contains("dynamodb:Scan")).count());
    }
}
