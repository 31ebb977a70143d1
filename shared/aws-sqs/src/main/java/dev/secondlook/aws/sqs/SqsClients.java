package dev.secondlook.aws.sqs;

import dev.secondlook.aws.AwsClients;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The SQS clients of a function, built once at init through its {@link AwsClients}. */
public final class SqsClients {

    private SqsClients() {
    }

    public static SqsClient of(AwsClients clients) {
        return clients.build(SqsClient.builder());
    }
}
