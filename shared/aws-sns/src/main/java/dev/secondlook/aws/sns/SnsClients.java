package dev.secondlook.aws.sns;

import dev.secondlook.aws.AwsClients;
import software.amazon.awssdk.services.sns.SnsClient;

/** The SNS clients of a function, built once at init through its {@link AwsClients}. */
public final class SnsClients {

    private SnsClients() {
    }

    public static SnsClient of(AwsClients clients) {
        return clients.build(SnsClient.builder());
    }
}
