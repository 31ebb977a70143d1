package dev.secondlook.local;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SigV4RequestsTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-08-19T06:00:00Z"), ZoneOffset.UTC);
    private static final URI URI_ = URI.create("http://127.0.0.1:8080/reviews/rev-1/verdict");
    private static final Map<String, String> SECRETS = Map.of("alice", "alice-secret");

    private static Map<String, List<String>> signed(String body, String secret) {
        return new HashMap<>(SigV4Requests.sign("POST", URI_, body, AwsCredentialsIdentity.create("alice", secret),
                "us-east-1", NOW));
    }

    private static Optional<String> verify(Map<String, List<String>> headers, String body, Clock at) {
        return SigV4Requests.verify("POST", URI_, headers, body.getBytes(StandardCharsets.UTF_8), "us-east-1",
                SECRETS::get, at);
    }

    @Test
    void aSignedRequest_verifiesAsItsAccessKey() {
        assertEquals(Optional.of("alice"), verify(signed("{\"outcome\":\"on-policy\"}", "alice-secret"),
                "{\"outcome\":\"on-policy\"}", NOW));
    }

    @Test
    void wrongSecret_tamperedBody_staleDate_orNoSignature_areRefused() {
        assertEquals(Optional.empty(), verify(signed("{}", "not-her-secret"), "{}", NOW));
        assertEquals(Optional.empty(), verify(signed("{\"outcome\":\"on-policy\"}", "alice-secret"),
                "{\"outcome\":\"off-policy\"}", NOW));
        assertEquals(Optional.empty(), verify(signed("{}", "alice-secret"), "{}",
                Clock.offset(NOW, Duration.ofMinutes(20))));
        assertEquals(Optional.empty(), verify(Map.of("content-type", List.of("application/json")), "{}", NOW));
    }
}
