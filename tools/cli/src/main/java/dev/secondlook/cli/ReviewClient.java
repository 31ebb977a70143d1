package dev.secondlook.cli;

import dev.secondlook.local.SigV4Requests;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A SigV4-signing client of the review API, for a deployed stack (IAM auth) or the local one. */
final class ReviewClient {

    /** A response: status and body. */
    record Response(int status, String body) {
    }

    private final URI api;
    private final String region;
    private final AwsCredentialsProvider credentials;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ReviewClient(URI api, String region, AwsCredentialsProvider credentials) {
        this.api = api;
        this.region = region;
        this.credentials = credentials;
    }

    Response call(String method, String pathAndQuery, String body) {
        URI uri = URI.create(api.toString().replaceAll("/+$", "") + pathAndQuery);
        Map<String, List<String>> headers = SigV4Requests.sign(method, uri, body, credentials.resolveCredentials(),
                region, Clock.systemUTC());
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach((k, v) -> {
            if (!k.equalsIgnoreCase("host") && !k.equalsIgnoreCase("content-length")) {
                v.forEach(x -> b.header(k, x));
            }
        });
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body());
        } catch (IOException e) {
            // a refused connection has no message, only its type
            throw new UnreachableException("cannot reach the review API at " + api + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + " (is the stack up? ./secondlook local up, or pass --stack NAME)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
