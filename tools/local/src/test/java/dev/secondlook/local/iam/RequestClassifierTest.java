package dev.secondlook.local.iam;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RequestClassifierTest {

    private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/k-1";
    private static final String TABLE = "arn:aws:dynamodb:us-east-1:123456789012:table/reviews";
    private static final String QUEUE = "arn:aws:sqs:us-east-1:123456789012:priority";
    private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:escalations";
    private static final RequestClassifier CLASSIFIER = new RequestClassifier("us-east-1", "123456789012", Map.of(
            TABLE, KEY, QUEUE, KEY, TOPIC, KEY, "arn:aws:s3:::logs", KEY));

    private static RequestClassifier.Request signed(String service, String method, String pathAndQuery,
                                                    Map<String, String> extra, String body) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("Authorization", List.of("AWS4-HMAC-SHA256 Credential=testing/20260819/us-east-1/" + service
                + "/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + "0".repeat(64)));
        extra.forEach((k, v) -> h.put(k, List.of(v)));
        int q = pathAndQuery.indexOf('?');
        return new RequestClassifier.Request(method, q < 0 ? pathAndQuery : pathAndQuery.substring(0, q),
                q < 0 ? null : pathAndQuery.substring(q + 1), h, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String needs(RequestClassifier.Request r) {
        RequestClassifier.Call c = CLASSIFIER.classify(r);
        StringBuilder sb = new StringBuilder(c.operation()).append(':');
        for (Authorization a : c.needs()) {
            sb.append(' ').append(a.action()).append(' ').append(a.resource().replace(KEY, "KEY").replace(TABLE,
                    "TABLE").replace(QUEUE, "QUEUE").replace(TOPIC, "TOPIC")).append(';');
        }
        return sb.toString();
    }

    private static String json(String target, String body) {
        String service = target.startsWith("DynamoDB") ? "dynamodb" : "sqs";
        return needs(signed(service, "POST", "/", Map.of("X-Amz-Target", target, "Content-Type",
                "application/x-amz-json-1.0"), body));
    }

    private static String query(String service, String body) {
        return needs(signed(service, "POST", "/", Map.of("Content-Type", "application/x-www-form-urlencoded"), body));
    }

    private static String s3(String method, String pathAndQuery) {
        return needs(signed("s3", method, pathAndQuery, Map.of(), ""));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            DynamoDB_20120810.GetItem        | {"TableName":"reviews","Key":{}}                  | GetItem: dynamodb:GetItem TABLE; kms:Decrypt KEY;
            DynamoDB_20120810.Query          | {"TableName":"reviews","IndexName":"status-dueAt"} | Query: dynamodb:Query TABLE/index/status-dueAt; kms:Decrypt KEY;
            DynamoDB_20120810.DeleteItem     | {"TableName":"other"}                             | DeleteItem: dynamodb:DeleteItem arn:aws:dynamodb:us-east-1:123456789012:table/other;
            DynamoDB_20120810.DescribeTable  | {"TableName":"reviews"}                           | DescribeTable: dynamodb:DescribeTable TABLE;
            DynamoDB_20120810.BatchWriteItem | {"RequestItems":{"reviews":[],"other":[]}}        | BatchWriteItem: dynamodb:BatchWriteItem TABLE; dynamodb:BatchWriteItem arn:aws:dynamodb:us-east-1:123456789012:table/other; kms:Decrypt KEY;
            DynamoDB_20120810.TransactWriteItems | {"TransactItems":[{"Put":{"TableName":"reviews"}},{"ConditionCheck":{"TableName":"reviews"}}]} | TransactWriteItems: dynamodb:PutItem TABLE; dynamodb:ConditionCheckItem TABLE; kms:Decrypt KEY;
            AmazonSQS.SendMessageBatch       | {"QueueUrl":"http://127.0.0.1:5000/123456789012/priority","Entries":[]} | SendMessageBatch: sqs:SendMessage QUEUE; kms:GenerateDataKey KEY; kms:Decrypt KEY;
            AmazonSQS.ReceiveMessage         | {"QueueUrl":"http://127.0.0.1:5000/123456789012/priority"} | ReceiveMessage: sqs:ReceiveMessage QUEUE; kms:Decrypt KEY;
            AmazonSQS.DeleteMessageBatch     | {"QueueUrl":"http://127.0.0.1:5000/123456789012/priority"} | DeleteMessageBatch: sqs:DeleteMessage QUEUE;
            AmazonSQS.ChangeMessageVisibility | {"QueueUrl":"http://127.0.0.1:5000/123456789012/plain"} | ChangeMessageVisibility: sqs:ChangeMessageVisibility arn:aws:sqs:us-east-1:123456789012:plain;
            AmazonSQS.SendMessage            | {"QueueUrl":"http://127.0.0.1:5000/123456789012/plain"} | SendMessage: sqs:SendMessage arn:aws:sqs:us-east-1:123456789012:plain;
            AmazonSQS.GetQueueUrl            | {"QueueName":"priority"}                          | GetQueueUrl: sqs:GetQueueUrl QUEUE;
            """)
    void jsonProtocol(String target, String body, String expected) {
        assertEquals(expected, json(target, body));
    }

    @Test
    void queryProtocol() {
        assertEquals("PublishBatch: sns:Publish TOPIC; kms:GenerateDataKey KEY; kms:Decrypt KEY;", query("sns",
                "Action=PublishBatch&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A123456789012%3Aescalations"
                        + "&PublishBatchRequestEntries.member.1.Id=a"));
        assertEquals("Subscribe: sns:Subscribe TOPIC;", query("sns",
                "Action=Subscribe&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A123456789012%3Aescalations"));
        assertEquals("ReceiveMessage: sqs:ReceiveMessage QUEUE; kms:Decrypt KEY;", query("sqs",
                "Action=ReceiveMessage&QueueUrl=http%3A%2F%2F127.0.0.1%3A5000%2F123456789012%2Fpriority"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            GET    | /logs/AWSLogs/a.json.gz                         | GetObject: s3:GetObject arn:aws:s3:::logs/AWSLogs/a.json.gz; kms:Decrypt KEY;
            GET    | /logs/AWSLogs/a.json.gz?versionId=v1&x-id=GetObject | GetObject: s3:GetObjectVersion arn:aws:s3:::logs/AWSLogs/a.json.gz; kms:Decrypt KEY;
            HEAD   | /logs/AWSLogs/a.json.gz?versionId=v1            | HeadObject: s3:GetObjectVersion arn:aws:s3:::logs/AWSLogs/a.json.gz;
            GET    | /logs/AWSLogs/a%20b%2Bc%2F%C3%A9.json           | GetObject: s3:GetObject arn:aws:s3:::logs/AWSLogs/a b+c/é.json; kms:Decrypt KEY;
            GET    | /plain/k                                        | GetObject: s3:GetObject arn:aws:s3:::plain/k;
            PUT    | /logs/quarantine/x.jsonl?x-id=PutObject         | PutObject: s3:PutObject arn:aws:s3:::logs/quarantine/x.jsonl; kms:GenerateDataKey KEY;
            PUT    | /plain/k                                        | PutObject: s3:PutObject arn:aws:s3:::plain/k;
            DELETE | /logs/k?versionId=v1                            | DeleteObjectVersion: s3:DeleteObjectVersion arn:aws:s3:::logs/k;
            DELETE | /logs/k                                         | DeleteObject: s3:DeleteObject arn:aws:s3:::logs/k;
            GET    | /logs/k?tagging                                 | GetObjectTagging: s3:GetObjectTagging arn:aws:s3:::logs/k;
            GET    | /logs?list-type=2&prefix=eval-cases%2F          | ListObjects: s3:ListBucket arn:aws:s3:::logs;
            GET    | /logs/?versions&prefix=a                        | ListBucketVersions: s3:ListBucketVersions arn:aws:s3:::logs;
            GET    | /logs?location                                  | GetBucketLocation: s3:GetBucketLocation arn:aws:s3:::logs;
            PUT    | /logs?notification                              | PutBucketNotification: s3:PutBucketNotification arn:aws:s3:::logs;
            GET    | /                                               | ListBuckets: s3:ListAllMyBuckets *;
            """)
    void s3Rest(String method, String pathAndQuery, String expected) {
        assertEquals(expected, s3(method, pathAndQuery));
    }

    @Test
    void s3_listingCarriesItsPrefixAsACondition_andACopyReadsItsSource() {
        RequestClassifier.Call list = CLASSIFIER.classify(signed("s3", "GET", "/logs?list-type=2&prefix=AWSLogs%2F1",
                Map.of(), ""));
        assertEquals(Map.of("s3:prefix", "AWSLogs/1"), list.needs().get(0).context());
        assertEquals("CopyObject: s3:PutObject arn:aws:s3:::plain/b; s3:GetObjectVersion arn:aws:s3:::logs/a b; "
                + "kms:Decrypt KEY;", needs(signed("s3", "PUT", "/plain/b", Map.of("x-amz-copy-source",
                "/logs/a%20b?versionId=v2"), "")));
    }

    @Test
    void kmsThroughAService_namesTheService() {
        Authorization kms = CLASSIFIER.classify(signed("dynamodb", "POST", "/", Map.of("X-Amz-Target",
                "DynamoDB_20120810.PutItem"), "{\"TableName\":\"reviews\"}")).needs().get(1);
        assertEquals("kms:Decrypt", kms.action());
        assertEquals(Map.of("kms:viaservice", "dynamodb.us-east-1.amazonaws.com"), kms.context());
    }

    @Test
    void anUnsignedOrUnreadableRequest_needsWhatNoPolicyGrants() {
        RequestClassifier.Call c = CLASSIFIER.classify(new RequestClassifier.Request("GET", "/", null, Map.of(),
                new byte[0]));
        assertEquals("unknown:unknown", c.needs().get(0).action());
        assertEquals("unreadable: dynamodb:unreadable *;", json("DynamoDB_20120810.DeleteItem", "{not json"));
    }
}
