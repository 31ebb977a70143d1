package dev.secondlook.aws;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

import java.net.URI;
import java.time.Duration;

/**
 * Builds the SDK clients of one function, once, at init: sync clients, explicit region and credentials, one
 * light HTTP client (URLConnection) shared by all of them, standard retry mode.
 *
 * <p>Endpoints: in Lambda nothing is overridden. The SDK itself honours {@code AWS_ENDPOINT_URL} (how the local
 * runtime and the CLI point at an emulator); {@link #endpointOverride} exists for tests that cannot set
 * environment variables. With any custom endpoint, S3 uses path-style addressing (emulators on loopback have no
 * bucket subdomains).
 */
public final class AwsClients implements AutoCloseable {

    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final URI endpointOverride;
    private final SdkHttpClient http;
    private final ClientOverrideConfiguration overrides;

    private AwsClients(Region region, AwsCredentialsProvider credentials, URI endpointOverride,
                       ClientOverrideConfiguration overrides) {
        this.region = region;
        this.credentials = credentials;
        this.endpointOverride = endpointOverride;
        this.overrides = overrides;
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** Clients for a Lambda function: region from the environment, the default credentials chain. */
    public static AwsClients fromEnvironment(String region) {
        return fromEnvironment(region, java.util.Map.of());
    }

    /**
     * Clients for a function from its environment: the region given, the default credentials chain, and
     * {@code AWS_ENDPOINT_URL} from {@code env} when set (in Lambda {@code env} is the process environment, which
     * the SDK honours anyway; the local runtime passes each function its own, e.g. a fault-injecting proxy).
     */
    public static AwsClients fromEnvironment(String region, java.util.Map<String, String> env) {
        String endpoint = env.get("AWS_ENDPOINT_URL");
        return new AwsClients(Region.of(region), DefaultCredentialsProvider.builder().build(),
                endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint.trim()), defaultOverrides());
    }

    /** Clients with explicit settings; {@code endpointOverride} may be null. */
    public static AwsClients of(Region region, AwsCredentialsProvider credentials, URI endpointOverride) {
        return new AwsClients(region, credentials, endpointOverride, defaultOverrides());
    }

    /** Clients for an emulator on loopback with static test credentials. */
    public static AwsClients forEndpoint(URI endpoint, String region, String accessKey, String secretKey) {
        return of(Region.of(region), StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey,
                secretKey)), endpoint);
    }

    /** Same clients, with extra override configuration (e.g. execution interceptors that count calls). */
    public static AwsClients of(Region region, AwsCredentialsProvider credentials, URI endpointOverride,
                                ClientOverrideConfiguration overrides) {
        return new AwsClients(region, credentials, endpointOverride, overrides);
    }

    private static ClientOverrideConfiguration defaultOverrides() {
        return ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD).build();
    }

    public Region region() {
        return region;
    }

    /** True when calls go to an emulator (an override here, or the SDK's {@code AWS_ENDPOINT_URL}). */
    public boolean customEndpoint() {
        return endpointOverride != null || System.getenv("AWS_ENDPOINT_URL") != null
                || System.getProperty("aws.endpointUrl") != null;
    }

    /**
     * Builds one sync client of any service with this factory's region, credentials, HTTP client, retry mode and
     * endpoint. Each adapter module wraps this for its service ({@code DynamoDbClients}, {@code S3Clients}, ...),
     * so a function's package carries only the clients of the services it is granted.
     */
    public <B extends AwsSyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C> C build(B builder) {
        builder.region(region).credentialsProvider(credentials).httpClient(http).overrideConfiguration(overrides);
        if (endpointOverride != null) {
            builder.endpointOverride(endpointOverride);
        }
        return builder.build();
    }

    @Override
    public void close() {
        http.close();
    }
}
