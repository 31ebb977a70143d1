package dev.secondlook.aws.bedrock;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClientBuilder;

import java.net.URI;
import java.time.Duration;

/**
 * The Bedrock Runtime client of an eval run. Its own, not {@code AwsClients}': the candidate may live at another
 * endpoint than the stack (a model stand-in, a VPC endpoint), a generation takes far longer than a storage call,
 * and the run backs off on throttling itself ({@code RunEvalSet}), so the SDK does not retry on top of it.
 */
public final class BedrockRuntimeClients {

    /** Longest wait for a reply: a long generation at a slow model is minutes, not the 30 s of a storage call. */
    public static final Duration CALL_TIMEOUT = Duration.ofMinutes(3);

    private BedrockRuntimeClients() {
    }

    /**
     * @param endpointOverride the Bedrock Runtime endpoint, or null for the region's (the SDK's own
     *                         {@code AWS_ENDPOINT_URL_BEDROCK_RUNTIME} / {@code AWS_ENDPOINT_URL} still apply)
     */
    public static BedrockRuntimeClient forCandidate(Region region, AwsCredentialsProvider credentials,
                                                    URI endpointOverride) {
        BedrockRuntimeClientBuilder b = BedrockRuntimeClient.builder()
                .region(region)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(CALL_TIMEOUT)
                        .build())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(CALL_TIMEOUT)
                        .build());
        if (endpointOverride != null) {
            b.endpointOverride(endpointOverride);
        }
        return b.build();
    }
}
