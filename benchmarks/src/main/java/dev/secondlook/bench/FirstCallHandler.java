package dev.secondlook.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Duration;
import java.util.Map;

/**
 * The cold-start comparison of HTTP clients (BENCHMARKS section 4c): builds the four SDK clients the functions
 * build, on the HTTP client {@code BENCH_HTTP_CLIENT} names ({@code urlconnection}, what the functions use, or
 * {@code crt}), and answers its first event after one real SQS call ({@code ListQueues}) to {@code AWS_ENDPOINT_URL},
 * so that the first response includes the client's first connection and request, not only its construction.
 */
public final class FirstCallHandler implements RequestHandler<Map<String, Object>, String> {

    private final SqsClient sqs;
    private final S3Client s3;
    private final DynamoDbClient dynamo;
    private final SnsClient sns;

    public FirstCallHandler() {
        String kind = System.getenv().getOrDefault("BENCH_HTTP_CLIENT", "urlconnection");
        SdkHttpClient http = switch (kind) {
            case "crt" -> AwsCrtHttpClient.builder().connectionTimeout(Duration.ofSeconds(5)).build();
            case "urlconnection" -> UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                    .socketTimeout(Duration.ofSeconds(30)).build();
            default -> throw new IllegalArgumentException("BENCH_HTTP_CLIENT: " + kind);
        };
        Region region = Region.of(System.getenv("AWS_REGION"));
        ClientOverrideConfiguration overrides = ClientOverrideConfiguration.builder()
                .retryStrategy(RetryMode.STANDARD).build();
        this.sqs = SqsClient.builder().region(region).httpClient(http).overrideConfiguration(overrides).build();
        this.s3 = S3Client.builder().region(region).httpClient(http).overrideConfiguration(overrides)
                .forcePathStyle(true).build();
        this.dynamo = DynamoDbClient.builder().region(region).httpClient(http).overrideConfiguration(overrides)
                .build();
        this.sns = SnsClient.builder().region(region).httpClient(http).overrideConfiguration(overrides).build();
    }

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        int queues = sqs.listQueues().queueUrls().size();
        return s3.serviceName() + dynamo.serviceName() + sns.serviceName() + queues;
    }
}
