package dev.secondlook.aws.s3;

import dev.secondlook.aws.AwsClients;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 clients of a function, built once at init through its {@link AwsClients}. */
public final class S3Clients {

    private S3Clients() {
    }

    /** Path-style addressing with any custom endpoint: emulators on loopback have no bucket subdomains. */
    public static S3Client of(AwsClients clients) {
        return clients.build(S3Client.builder().forcePathStyle(clients.customEndpoint()));
    }
}
