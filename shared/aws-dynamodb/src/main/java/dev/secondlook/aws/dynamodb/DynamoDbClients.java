package dev.secondlook.aws.dynamodb;

import dev.secondlook.aws.AwsClients;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** The DynamoDB clients of a function, built once at init through its {@link AwsClients}. */
public final class DynamoDbClients {

    private DynamoDbClients() {
    }

    public static DynamoDbClient of(AwsClients clients) {
        return clients.build(DynamoDbClient.builder());
    }

    /** The table's stream (the local runtime and tests read it as Lambda's event source mapping does). */
    public static DynamoDbStreamsClient streams(AwsClients clients) {
        return clients.build(DynamoDbStreamsClient.builder());
    }
}
