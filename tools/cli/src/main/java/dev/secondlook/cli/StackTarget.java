package dev.secondlook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.aws.AwsClients;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Which stack a client command talks to: a deployed one ({@code --stack NAME}: its CloudFormation outputs), or the
 * local one ({@code .secondlook/local/stack.json}, written by {@code ./secondlook local up}).
 *
 * @param apiUrl     the review API
 * @param region     region
 * @param evalBucket the eval bucket
 * @param endpoint   the emulator endpoint for a local stack, or null
 */
record StackTarget(String apiUrl, String region, String evalBucket, String endpoint) {

    /**
     * @param where  {@code --stack} and {@code --region}
     * @param api    {@code --api}, or null when not given
     * @param bucket {@code --bucket}, or null when not given
     * @param home   the project root, which holds the local stack's {@code stack.json}
     * @throws UsageException when no stack is named, none runs locally and no API URL or bucket is given
     */
    static StackTarget resolve(StackOptions where, String api, String bucket, Path home) {
        String region = where.region != null ? where.region : System.getenv().getOrDefault("AWS_REGION",
                System.getenv().getOrDefault("AWS_DEFAULT_REGION", "us-east-1"));
        if (where.stack != null) {
            Map<String, String> outputs = new HashMap<>();
            try (CloudFormationClient cfn = CloudFormationClient.builder().region(Region.of(region))
                    .credentialsProvider(DefaultCredentialsProvider.builder().build()).build()) {
                for (Output o : cfn.describeStacks(b -> b.stackName(where.stack)).stacks().get(0).outputs()) {
                    outputs.put(o.outputKey(), o.outputValue());
                }
            }
            return new StackTarget(api != null ? api : outputs.get("ReviewApiUrl"), region,
                    bucket != null ? bucket : outputs.get("EvalBucketName"), null);
        }
        Path file = home.resolve(".secondlook/local/stack.json");
        if (Files.exists(file) && api == null) {
            try {
                JsonNode s = new ObjectMapper().readTree(file.toFile());
                return new StackTarget(s.path("apiUrl").asText(), s.path("region").asText(region),
                        bucket != null ? bucket : s.path("evalBucket").asText(), s.path("endpoint").asText());
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file + ": " + e.getMessage());
            }
        }
        String url = api != null ? api : System.getenv("SECONDLOOK_API_URL");
        if (url == null && bucket == null) {
            throw new UsageException("no stack: pass --stack NAME (a deployed stack), --api URL, or run "
                    + "./secondlook local up first");
        }
        return new StackTarget(url, region, bucket, System.getenv("AWS_ENDPOINT_URL"));
    }

    /** SDK clients for this stack: the emulator for a local stack, the default chain otherwise. */
    AwsClients clients() {
        if (endpoint != null && !endpoint.isBlank()) {
            return AwsClients.forEndpoint(java.net.URI.create(endpoint), region, "testing", "testing");
        }
        return AwsClients.fromEnvironment(region);
    }
}
