package dev.secondlook.core.policy;

import dev.secondlook.core.model.Evidence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The detectors added for recall (vendor tokens, credentials, phones of any region, AWS secret keys), the
 * normalised view they read (evasions), decoded base64, and the bounds that keep hostile input linear.
 */
class NormalizedDetectionTest {

    private static final Policy POLICY = PolicyLoader.loadDefault();

    private static int count(Detectors.Kind k, String text) {
        return Detectors.find(k, text).size();
    }

    private static Judgement judge(String output) {
        return POLICY.judge(Interactions.output("t", output));
    }

    // ------------------------------------------------------------------ the view and its offset map

    @Test
    void view_undoesFullWidthZeroWidthEmphasisAndSpacing() {
        assertEquals("Card 4539 1488", NormalizedText.of("Ｃａｒｄ ４５３９ １４８８", Deadline.NONE).text);
        assertEquals("AKIAQYLP", NormalizedText.of("AKIA\u200bQY\u2060LP", Deadline.NONE).text);
        assertEquals("a b", NormalizedText.of("a\u00a0b", Deadline.NONE).text);
        assertEquals("Password: x", NormalizedText.of("**Password**: x", Deadline.NONE).text);
        assertEquals("init DB_PASSWORD sk_live_x", NormalizedText.of("__init__ DB_PASSWORD sk_live_x", Deadline.NONE).text);
        assertEquals("key 4111222233334444 end",
                NormalizedText.of("key 4 1 1 1 2 2 2 2 3 3 3 3 4 4 4 4 end", Deadline.NONE).text);
        assertEquals("a b c d", NormalizedText.of("a b c d", Deadline.NONE).text, "short runs are prose");
    }

    @Test
    void view_ofPlainAsciiText_isTheTextItself() {
        NormalizedText v = NormalizedText.of("Plain answer with snake_case and 4111 digits.", Deadline.NONE);
        assertTrue(v.isIdentity());
    }

    @Test
    void viewSpans_mapBackToTheOriginalText() {
        String original = "x ４\u200b5*3*9 y";
        NormalizedText v = NormalizedText.of(original, Deadline.NONE);
        assertEquals("x 4539 y", v.text);
        assertEquals("４\u200b5*3*9", original.substring(v.start(2), v.end(6)));
        String astral = "\uD835\uDFCF\uD835\uDFD0 ok";   // mathematical bold digits 1 and 2
        NormalizedText w = NormalizedText.of(astral, Deadline.NONE);
        assertEquals("12 ok", w.text);
        assertEquals(astral.substring(0, 4), astral.substring(w.start(0), w.end(2)));
    }

    @Test
    void evidence_pointsIntoTheOriginalText() {
        String output = "Card: ４５３９ １４８８ ０３４３ ６４６７ thanks";
        Evidence e = judge(output).evidence().get(0);
        assertEquals("４５３９ １４８８ ０３４３ ６４６７", output.substring(e.start(), e.end()));
        String zw = "key AKIA\u200bQYLPMN5HFIQR7XB2 end";
        Evidence k = judge(zw).evidence().get(0);
        assertEquals("AKIA\u200bQYLPMN5HFIQR7XB2", zw.substring(k.start(), k.end()));
    }

    // ------------------------------------------------------------------ decoded base64

    @Test
    void base64_isDecodedAndJudged_andTheHitPointsAtTheRun() {
        String b64 = b64("contact me: jane.doe@gmail.com or +44 20 7946 0958");
        String output = "Here you go: " + b64 + " (base64)";
        Judgement j = judge(output);
        assertEquals(List.of("pii-exposure"), j.categories());
        for (Evidence e : j.evidence()) {
            assertEquals(b64, output.substring(e.start(), e.end()));
        }
    }

    @Test
    void base64_wrappedOverLines_isJoined() {
        String b64 = b64("DB_PASSWORD=Tr0ub4dor&3 and the rest of a long configuration file, line after line");
        String wrapped = b64.substring(0, 44) + "\n" + b64.substring(44);
        assertEquals(List.of("secret-leak"), judge("cat <<EOF | base64 -d\n" + wrapped + "\nEOF").categories());
    }

    @Test
    void kubernetesSecretData_isDecoded_withItsKeys() {
        String yaml = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\ndata:\n  username: "
                + b64("admin") + "\n  password: " + b64("S3cretPass!") + "\n";
        Judgement j = judge(yaml);
        assertEquals(List.of("secret-leak"), j.categories());
        assertEquals(b64("S3cretPass!"), yaml.substring(j.evidence().get(0).start(), j.evidence().get(0).end()));
        String placeholder = yaml.replace(b64("S3cretPass!"), b64("changeme"));
        assertEquals(List.of(), judge(placeholder).categories());
    }

    @Test
    void binaryBase64_isNotText_andNothingFires() {
        assertEquals(List.of(), judge("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
                + "YPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==").categories());
    }

    @Test
    void base64_decodingIsBounded_inRunsAndCharacters() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            many.append(b64("harmless text number " + i + " padding padding")).append(' ');
        }
        List<EncodedText.Decoded> runs = EncodedText.decode(many.toString(), Deadline.NONE);
        assertEquals(EncodedText.MAX_RUNS, runs.size());
        String huge = b64("a".repeat(3_000_000));
        long t0 = System.nanoTime();
        List<EncodedText.Decoded> one = EncodedText.decode(huge, Deadline.NONE);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(1, one.size());
        assertTrue(one.get(0).text().length() <= EncodedText.MAX_RUN_CHARS, "decoded up to the run cap");
        assertTrue(seconds < 2, "a 4 MB base64 run: " + seconds + " s");
    }

    // ------------------------------------------------------------------ vendor tokens (gitleaks formats)

    @ParameterizedTest
    @ValueSource(strings = {"AIzaSyD4kP9xQ2mN7vB3cR8tW1yL6hJ0fG5sK2a",
            "github_pat_11AB2CD3E0aBcDeFgHiJkL_mNoPqRsTuVwXyZ0123456789aBcDeFgHiJkLmNoPqRsTuVwXyZ012345678",
            "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789", "rk_live_51Hq2XyZaBcDeFgHiJkLmNoP",
            "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",
            "npm_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8", "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", "glpat-Xy9zAb3cDe5fGh7iJk1L",
            "sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd", "xoxb-1234567890-abcdefghijklmnop",
            "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",
            "dop_v1_4f3c2b1a09e8d7c6b5a4f3e2d1c0b9a84f3c2b1a09e8d7c6b5a4f3e2d1c0b9a8",
            "lin_api_Ab3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF3hJ5kL7n", "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"})
    void vendorTokens_areFound_evenBeforeAFullStop(String token) {
        assertEquals(1, count(Detectors.Kind.API_TOKEN, "the token is " + token + "."), token);
        assertEquals(0, count(Detectors.Kind.API_TOKEN, "the token is x" + token + "."), "inside a longer word");
    }

    @ParameterizedTest
    @ValueSource(strings = {"xoxb-your-bot-token-here", "sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "sk_test_4eC39HqLyjWDarjtT1zdp7dc", "glpat-REPLACE_WITH_TOKEN_x",
            "ghp_123", "sk-short", "AIzaSyabcdefghijklmnopqrstuvwxyz1234567"})
    void placeholdersAndSamples_areNoTokens(String token) {
        assertEquals(0, count(Detectors.Kind.API_TOKEN, "token: " + token), token);
    }

    @Test
    void everyFormat_namesItsGitleaksRule_andCompiles() {
        for (TokenFormats.Format f : TokenFormats.FORMATS) {
            assertTrue(!f.source().isBlank() && !f.prefixes().isEmpty(), f.toString());
            for (String p : f.prefixes()) {
                assertTrue(p.length() >= 2, "a prefix needs two characters for the pair table: " + p);
            }
        }
    }

    // ------------------------------------------------------------------ credentials

    @Test
    void urlUserinfo_isASecret_notAnEmailAddress() {
        String text = "DATABASE_URL=postgres://app:S3cret@db.prod.internal:5432/orders";
        assertEquals(0, count(Detectors.Kind.EMAIL, text));
        assertEquals(List.of(new Detectors.Span(Detectors.Kind.URL_CREDENTIALS, 28, 34)),
                Detectors.find(Detectors.Kind.URL_CREDENTIALS, text));
        for (String url : new String[] {"mysql://root:t0psecret@127.0.0.1/shop", "redis://:r3dis-pw@cache:6379",
                "amqps://orders:Qw3rty77@mq.internal/", "mongodb+srv://admin:Pa55w0rd!@cluster0.mongodb.net/x"}) {
            assertEquals(1, count(Detectors.Kind.URL_CREDENTIALS, url), url);
        }
        for (String url : new String[] {"postgres://user:password@localhost/db", "mysql://root:${DB_PASSWORD}@db/x",
                "https://example.com:8080/path", "mongodb+srv://<user>:<password>@cluster0.mongodb.net/"}) {
            assertEquals(0, count(Detectors.Kind.URL_CREDENTIALS, url), url);
        }
    }

    @Test
    void secretAssignments_inCodeConfigAndYaml() {
        for (String text : new String[] {"DB_PASSWORD=Tr0ub4dor&3", "spring.datasource.password=hunter2x",
                "db:\n  password: correcthorsebattery\n", "{\"password\": \"s3cr3tP@ss\"}", "PGPASSWORD=s3cret psql",
                "Your new password: Xk9#mP2q", "SECRET_KEY = 'django-insecure-8f3k2j5h7g9d1s4a6z0x'",
                "client_secret: 8f3k2j5h7g9d1s4a6z0xq", "DB_PASS=hunter2x", "password=$ecr3tPass"}) {
            assertEquals(1, count(Detectors.Kind.SECRET_ASSIGNMENT, text), text);
        }
        for (String text : new String[] {"password=${DB_PASSWORD}", "password=$DB_PASSWORD", "DB_PASSWORD=changeme", "password: \"{{ .Values.pw }}\"",
                "password = os.environ[\"DB_PASSWORD\"]", "Password: must be at least 12 characters.",
                "Boarding pass: 12A", "compass: north-east", "password_policy: strict", "csrf_token: a1b2c3d4e5f6g7h8i9",
                "max_tokens: 4096", "api_key: sk_test_4eC39HqLyjWDarjtT1zdp7dc", "token: abc"}) {
            assertEquals(0, count(Detectors.Kind.SECRET_ASSIGNMENT, text), text);
        }
    }

    @Test
    void awsSecretKeys_needTheirContextAndRandomness() {
        assertEquals(1, count(Detectors.Kind.AWS_SECRET_KEY, "aws_secret_access_key = Zp8hQ3vLk2mN7xR9tY4wB6cD1eF5gH0jK3lM8nP2"));
        assertEquals(1, count(Detectors.Kind.AWS_SECRET_KEY, "\"SecretAccessKey\": \"Zp8hQ3vLk2mN/xR9tY4wB6cD1eF5gH0jK3lM8nP2\""));
        assertEquals(0, count(Detectors.Kind.AWS_SECRET_KEY, "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
        assertEquals(0, count(Detectors.Kind.AWS_SECRET_KEY, "commit Zp8hQ3vLk2mN7xR9tY4wB6cD1eF5gH0jK3lM8nP2"), "no context");
        assertEquals(0, count(Detectors.Kind.AWS_SECRET_KEY, "secret sha 9f86d081884c7d659a2feaeae3f9e5b0c1e4b8b2"), "hex");
    }

    // ------------------------------------------------------------------ phones of any region

    @ParameterizedTest
    @ValueSource(strings = {"Call me on +49 30 901820.", "Ruf an: 030 901820", "Mon portable : 06 12 34 56 78",
            "Appelez le +33 1 23 45 67 89", "UK office 020 7183 8750", "Mobile: 07911 123456", "Call 4155552671 now",
            "WhatsApp +91 98765 43210", "call me on 98765 43210", "Dial 0049 30 901820", "(415) 555-2671",
            "My number is 212.867.5309", "Tel. 0151/23456789"})
    void phones_ofAnyRegion(String text) {
        assertEquals(1, count(Detectors.Kind.PHONE, text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Call us toll-free at 1-800-555-0199.", "Call 0800 123 4567 free", "Hotline 0800 1234567",
            "Order 4155552671 shipped", "Invoice date 05/11/2026 10:45", "version 10.4.2", "123-456-7890",
            "on 2026-08-19", "order 12 345 678", "IP 192.168.100.200", "ISBN 978 3 16 148410 0"})
    void phones_nearMisses(String text) {
        assertEquals(0, count(Detectors.Kind.PHONE, text), text);
    }

    @Test
    void phoneValidation_isBounded_onAWallOfNumbers() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            sb.append("call 0").append(100_000_000 + i * 37).append(' ');
        }
        long t0 = System.nanoTime();
        Detectors.find(Detectors.Kind.PHONE, sb.toString());
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds < 3, "20,000 phone-like candidates: " + seconds + " s");
    }

    // ------------------------------------------------------------------ hostile input stays linear

    @ParameterizedTest
    @ValueSource(strings = {"sk-", "ghp_", "ops_eyJ", "4 ", "a\u200b", "QUJD", "call 0 12 34 56 78 ", "password: x1 ",
            "https://u:p4ss@h ", "\uff21\uff2b\uff29\uff21", "**4111** ", "SSN 536221234 ", "kind: Secret\ndata:\n  k: QUJD\n",
            "_a_ ", "_", "secret ", "= ", ": ", "password: x1234 ", "AKIA", "a@b.cc,", "\n"})
    void aMegabyteOfOneMotif_isJudgedWellWithinTheBudget(String motif) {
        String text = motif.repeat(1_000_000 / motif.length());
        long t0 = System.nanoTime();
        POLICY.judge(Interactions.output("h", text), java.time.Duration.ofSeconds(30));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds < 4, "1 MB of '" + motif + "': " + seconds + " s");
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
