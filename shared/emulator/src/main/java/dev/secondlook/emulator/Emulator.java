package dev.secondlook.emulator;

import java.net.URI;

/**
 * An AWS-compatible endpoint on loopback and the credentials to use with it.
 *
 * @param endpoint  e.g. {@code http://127.0.0.1:49152}
 * @param region    region the resources are created in
 * @param accessKey access key id (any value works on moto)
 * @param secretKey secret key
 * @param kind      {@code moto} (started here), or {@code external} (from AWS_ENDPOINT_URL)
 */
public record Emulator(URI endpoint, String region, String accessKey, String secretKey, String kind) {
}
