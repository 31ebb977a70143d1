package dev.secondlook.bench;

import dev.secondlook.aws.dynamodb.DynamoDbClients;
import dev.secondlook.aws.s3.S3Clients;
import dev.secondlook.aws.sns.SnsClients;
import dev.secondlook.aws.sqs.SqsClients;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.secondlook.aws.AwsClients;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.Map;

/** The cold-start baseline: a handler that only builds the same SDK clients the functions build. */
public final class MinimalHandler implements RequestHandler<Map<String, Object>, String> {

    private final S3Client s3;
    private final DynamoDbClient dynamo;
    private final SqsClient sqs;
    private final SnsClient sns;

    public MinimalHandler() {
        AwsClients clients = AwsClients.fromEnvironment(System.getenv("AWS_REGION"));
        this.s3 = S3Clients.of(clients);
        this.dynamo = DynamoDbClients.of(clients);
        this.sqs = SqsClients.of(clients);
        this.sns = SnsClients.of(clients);
    }

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        return s3.serviceName() + dynamo.serviceName() + sqs.serviceName() + sns.serviceName();
    }
}
