package dev.secondlook.aws.ssm;

import dev.secondlook.aws.AwsClients;
import software.amazon.awssdk.services.ssm.SsmClient;

/** The SSM client of a function, built once at init through its {@link AwsClients}. */
public final class SsmClients {

    private SsmClients() {
    }

    public static SsmClient of(AwsClients clients) {
        return clients.build(SsmClient.builder());
    }
}
