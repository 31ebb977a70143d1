package dev.secondlook.local;

import dev.secondlook.aws.AwsClients;
import dev.secondlook.emulator.Emulator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The SDK clients the local Lambda service itself uses against the emulator (to create the template's resources
 * and to play the event sources), all from one {@link AwsClients} factory. Functions never see these: they build
 * their own from their environment, as in Lambda.
 */
public record LocalClients(AwsClients factory, S3Client s3, SqsClient sqs, DynamoDbClient dynamoDb,
                           DynamoDbStreamsClient dynamoDbStreams, SnsClient sns) implements AutoCloseable {

    public static LocalClients of(AwsClients factory) {
        return new LocalClients(factory, factory.build(S3Client.builder().forcePathStyle(true)),
                factory.build(SqsClient.builder()), factory.build(DynamoDbClient.builder()),
                factory.build(DynamoDbStreamsClient.builder()), factory.build(SnsClient.builder()));
    }

    /** Clients for the emulator with its static test credentials. */
    public static LocalClients of(Emulator emulator) {
        return of(AwsClients.forEndpoint(emulator.endpoint(), emulator.region(), emulator.accessKey(),
                emulator.secretKey()));
    }

    @Override
    public void close() {
        factory.close();
    }
}
