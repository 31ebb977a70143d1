package dev.secondlook.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.secondlook.emulator.MotoServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local review API accepts what API Gateway accepts from a client that is not the Java SDK: botocore's SigV4
 * (headers and presigned URLs) as the AWS CLI and boto3 send it, which signs neither x-amz-content-sha256 nor
 * anything but host, x-amz-date and the headers present, sent over plain HTTP by urllib.
 */
class LocalHttpApiBotocoreIT {

    private static final String SCRIPT = """
            import json, sys, urllib.request, urllib.error
            from botocore.auth import SigV4Auth, SigV4QueryAuth
            from botocore.awsrequest import AWSRequest
            from botocore.credentials import Credentials
            url, key, secret = sys.argv[1:4]
            def send(method, path, body=None, secret=secret, presign=False):
                headers = {"Content-Type": "application/json"} if body is not None else {}
                req = AWSRequest(method=method, url=url + path, data=body, headers=headers)
                creds = Credentials(key, secret)
                (SigV4QueryAuth(creds, "execute-api", "us-east-1", expires=60) if presign
                    else SigV4Auth(creds, "execute-api", "us-east-1")).add_auth(req)
                p = req.prepare()
                data = p.body.encode() if isinstance(p.body, str) else p.body
                r = urllib.request.Request(p.url, data=data, method=method, headers=dict(p.headers))
                try:
                    with urllib.request.urlopen(r) as resp:
                        return resp.status
                except urllib.error.HTTPError as e:
                    return e.code
            print(json.dumps({
                "post": send("POST", "/reviews/rev%201/verdict", '{"outcome":"on-policy"}'),
                "getQuery": send("GET", "/reviews?status=PENDING&limit=5&q=a%20b%2Bc"),
                "presigned": send("GET", "/reviews/rev-1?x=1", presign=True),
                "wrongSecret": send("POST", "/reviews/claim", "{}", secret="guess"),
            }))
            """;

    @Test
    void botocoreSignatures_areAccepted_andAWrongSecretIsNot() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (LocalHttpApi api = LocalHttpApi.start(0, "us-east-1", "123456789012", Map.of("carol", "carol-secret"),
                e -> {
                    seen.add(e.getRequestContext().getHttp().getMethod() + " " + e.getRawPath() + " "
                            + e.getRequestContext().getAuthorizer().getIam().getUserArn());
                    return APIGatewayV2HTTPResponse.builder().withStatusCode(200).withBody("{}").build();
                })) {
            String out = python(api.url().toString(), "carol", "carol-secret");
            assertEquals("{\"post\": 200, \"getQuery\": 200, \"presigned\": 200, \"wrongSecret\": 403}", out.strip());
            assertEquals(3, seen.size(), seen.toString());
            assertTrue(seen.get(0).equals("POST /reviews/rev%201/verdict arn:aws:iam::123456789012:user/carol"),
                    seen.toString());
        }
    }

    private static String python(String... args) throws IOException, InterruptedException {
        Path script = Files.createTempFile("sigv4-botocore", ".py");
        try {
            Files.writeString(script, SCRIPT);
            Path python = MotoServer.findVenv().resolve("bin").resolve("python");
            List<String> cmd = new java.util.ArrayList<>(List.of(python.toString(), script.toString()));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python did not finish");
            assertEquals(0, p.exitValue(), out);
            return out;
        } finally {
            Files.deleteIfExists(script);
        }
    }
}
