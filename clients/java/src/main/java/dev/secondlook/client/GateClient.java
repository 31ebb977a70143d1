package dev.secondlook.client;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A client of secondlook's gate (the {@code GateApi} of a stack, IAM-authorised): {@link #check} before delivering
 * a model output, and, for a held one, {@link Check#awaitDecision} until a reviewer approves, edits or blocks it.
 * Requests are SigV4-signed ({@code execute-api}) with the credentials given; the caller must be one of the stack's
 * {@code ApplicationPrincipalArns}. Transient failures (unreachable, 429, 5xx) are retried with exponential backoff
 * and jitter, re-signed each time: a check is idempotent on its request id, so a retried check is the same check.
 *
 * <p>Dependencies: the AWS SDK's SigV4 signer ({@code http-auth-aws}) and URLConnection HTTP client, nothing else.
 * Thread-safe; build one per application and close it on shutdown.
 */
public final class GateClient implements AutoCloseable {

    /** The longest wait the gate allows per long poll. */
    static final int MAX_WAIT_SECONDS = 20;
    private static final Set<Integer> RETRYABLE = Set.of(429, 500, 502, 503, 504);

    /** Waits between retries; replaceable in tests. */
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final URI endpoint;
    private final String region;
    private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;
    private final SdkHttpClient http;
    private final int maxAttempts;
    private final Sleeper sleeper;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    private GateClient(Builder b) {
        this.endpoint = URI.create(Objects.requireNonNull(b.endpoint, "endpoint").toString().replaceAll("/+$", ""));
        this.region = Objects.requireNonNull(b.region, "region");
        this.credentials = Objects.requireNonNull(b.credentials, "credentials");
        this.maxAttempts = b.maxAttempts;
        this.sleeper = b.sleeper;
        this.http = UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                // a long poll answers after up to 20 s
                .socketTimeout(Duration.ofSeconds(MAX_WAIT_SECONDS + 10)).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings of a client: endpoint, region and credentials are required. */
    public static final class Builder {
        private URI endpoint;
        private String region;
        private IdentityProvider<? extends AwsCredentialsIdentity> credentials;
        private int maxAttempts = 4;
        private Sleeper sleeper = Thread::sleep;

        private Builder() {
        }

        /** The stack's {@code GateApiUrl} output, e.g. {@code https://abc123.execute-api.eu-west-1.amazonaws.com}. */
        public Builder endpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /** Where credentials come from, e.g. the SDK's {@code DefaultCredentialsProvider.create()}. */
        public Builder credentials(IdentityProvider<? extends AwsCredentialsIdentity> credentials) {
            this.credentials = credentials;
            return this;
        }

        /** Fixed credentials. */
        public Builder credentials(AwsCredentialsIdentity credentials) {
            return credentials(new IdentityProvider<AwsCredentialsIdentity>() {
                @Override
                public Class<AwsCredentialsIdentity> identityType() {
                    return AwsCredentialsIdentity.class;
                }

                @Override
                public java.util.concurrent.CompletableFuture<AwsCredentialsIdentity> resolveIdentity(
                        software.amazon.awssdk.identity.spi.ResolveIdentityRequest request) {
                    return java.util.concurrent.CompletableFuture.completedFuture(credentials);
                }
            });
        }

        /** Attempts per request, the first included (default 4). */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        Builder sleeper(Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        public GateClient build() {
            return new GateClient(this);
        }
    }

    /**
     * Asks the gate about an output before delivering it ({@code POST /v1/checks}).
     *
     * @throws GateException when the gate refuses the check (403 not an application of the stack, 400 malformed,
     *                       409 the request id names another request) or stays unavailable after retries
     */
    public Check check(CheckRequest request) {
        return new Check(this, request, send(SdkHttpMethod.POST, "/v1/checks", null, request.json()));
    }

    /**
     * Waits up to {@code max} for the decision on a held check, long-polling 20 seconds at a time; the result is
     * still {@link Decision#held() held} when {@code max} passes first.
     *
     * @throws GateException when the gate refuses (404: no held check with this id for this caller) or stays
     *                       unavailable after retries
     */
    public Decision awaitDecision(String checkId, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        String path = "/v1/checks/" + URLEncoder.encode(checkId, StandardCharsets.UTF_8).replace("+", "%20");
        while (true) {
            long remaining = Math.max(0, deadline - System.nanoTime());
            int wait = (int) Math.min(MAX_WAIT_SECONDS, (remaining + 999_999_999L) / 1_000_000_000L);
            Decision d = Decision.of(send(SdkHttpMethod.GET, path, Integer.toString(wait), null));
            if (!d.held() || System.nanoTime() >= deadline) {
                return d;
            }
        }
    }

    private Map<String, Object> send(SdkHttpMethod method, String path, String waitSeconds, String body) {
        GateException last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (attempt > 1) {
                pause(attempt);
            }
            try {
                HttpExecuteResponse response = execute(method, path, waitSeconds, body);
                int status = response.httpResponse().statusCode();
                String text = read(response);
                if (status >= 200 && status < 300) {
                    return object(text);
                }
                last = refusal(status, text);
                if (!RETRYABLE.contains(status)) {
                    throw last;
                }
            } catch (IOException e) {
                last = new GateException(0, "unreachable", "cannot reach the gate at " + endpoint + ": "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
            }
        }
        throw last;
    }

    private HttpExecuteResponse execute(SdkHttpMethod method, String path, String waitSeconds, String body)
            throws IOException {
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder().method(method)
                .protocol(endpoint.getScheme()).host(endpoint.getHost()).encodedPath(
                        (endpoint.getRawPath() == null ? "" : endpoint.getRawPath()) + path);
        if (endpoint.getPort() > 0) {
            request.port(endpoint.getPort());
        }
        if (waitSeconds != null) {
            request.putRawQueryParameter("waitSeconds", waitSeconds);
        }
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            request.putHeader("content-type", "application/json");
            request.putHeader("content-length", Integer.toString(bytes.length));
        }
        AwsCredentialsIdentity identity = credentials.resolveIdentity().join();
        SignedRequest signed = signer.sign(r -> r.identity(identity).request(request.build())
                .payload(body == null ? null : ContentStreamProvider.fromByteArray(bytes))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        HttpExecuteRequest.Builder execute = HttpExecuteRequest.builder().request(signed.request());
        if (body != null) {
            execute.contentStreamProvider(ContentStreamProvider.fromByteArray(bytes));
        }
        return http.prepareRequest(execute.build()).call();
    }

    private static String read(HttpExecuteResponse response) throws IOException {
        if (response.responseBody().isEmpty()) {
            return "";
        }
        try (InputStream in = response.responseBody().get()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String text) {
        Object v = Json.parse(text);
        if (!(v instanceof Map)) {
            throw new GateException(200, "invalid-response", "the gate answered something other than an object",
                    null);
        }
        return (Map<String, Object>) v;
    }

    private static GateException refusal(int status, String text) {
        String error = "http-" + status;
        String message = text;
        try {
            Map<String, Object> body = object(text);
            error = body.get("error") instanceof String e ? e : error;
            message = body.get("message") instanceof String m ? m : text;
        } catch (RuntimeException e) {
            // not JSON (a proxy's page): the status and the text say enough
        }
        return new GateException(status, error, "gate answered " + status + ": " + message, null);
    }

    /** Full-jitter exponential backoff: up to 100 ms, 200 ms, 400 ms ... capped at 5 s. */
    private void pause(int attempt) {
        long ceiling = Math.min(5_000, 100L << Math.min(attempt - 2, 16));
        try {
            sleeper.sleep(ThreadLocalRandom.current().nextLong(ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GateException(0, "interrupted", "interrupted while retrying", e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
