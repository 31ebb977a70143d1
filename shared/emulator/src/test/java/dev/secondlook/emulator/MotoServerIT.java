package dev.secondlook.emulator;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The moto server the local stack and the tests use answers no browser's cross-origin request. */
class MotoServerIT {

    @Test
    void aWebPageOnAnotherOrigin_getsNoCorsGrant() throws IOException, InterruptedException {
        try (MotoServer moto = MotoServer.start(Path.of("target"))) {
            HttpClient http = HttpClient.newHttpClient();
            URI root = moto.emulator().endpoint().resolve("/");
            HttpResponse<Void> preflight = http.send(HttpRequest.newBuilder(root)
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "https://attacker.example")
                    .header("Access-Control-Request-Method", "GET").build(), HttpResponse.BodyHandlers.discarding());
            HttpResponse<Void> get = http.send(HttpRequest.newBuilder(moto.emulator().endpoint().resolve("/moto-api/"))
                    .header("Origin", "https://attacker.example").build(), HttpResponse.BodyHandlers.discarding());
            for (HttpResponse<Void> r : java.util.List.of(preflight, get)) {
                assertTrue(r.headers().firstValue("Access-Control-Allow-Origin").isEmpty(),
                        r.request().method() + " " + r.uri() + " -> " + r.headers().map());
            }
        }
    }
}
