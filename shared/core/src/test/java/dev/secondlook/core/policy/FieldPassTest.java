package dev.secondlook.core.policy;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one pass over an ASCII field gives what each separate pass gives: the automaton's keywords, whether the view
 * needs normalising, the profile and the echo check's words.
 */
class FieldPassTest {

    private static final KeywordAutomaton AUTOMATON = PolicyLoader.loadDefault().automaton();

    /** Pieces the default policy's keywords, detectors, normalised view and word cutting react to. */
    private static final String[] PIECES = {"I will refund", "our policy says", "you should stop taking", "refund",
        "I can't help with that", "The ", "the", "doctor", "returns the", "guaranteed returns", "Refund", "REFUND",
        "can't", "'quoted'", "don't", "4111 1111 1111 1111", "+44 20 7946 0958", "jane@example.org", "a@b.co",
        "AKIAIOSFODNN7EXAMPLE", "ghp_", "sk-", "password=", "DB_PASSWORD=", "__init__", "_word_", "*bold*", "~x~",
        "a b c d e f g h i j k l", "4 1 1 1 1 1 1 1 1 1 1", "x y", "  ", "\n", "\t", "-----BEGIN", "eyJ", "123-45-6789",
        "GB82 WEST 1234 5698 7654 32", "https://u:p@h/x", "=", ":", "/", "+", ".", "~", "%", "&", "_", "9", "A", "z",
        "xapp-1-A-1-B", "Zp8hQ3vLk2mN7xR9tY4wB6cD1eF5gH0jK3lM8nP2", "Basic ", "basic", "kind: Secret",
        "kind: \"Secret\"", "data:", "SECRET", "ASIA", "akia", "://", "-----begin", "EYJ"};

    private static String randomText(Random r) {
        StringBuilder sb = new StringBuilder();
        int pieces = r.nextInt(30);
        for (int i = 0; i < pieces; i++) {
            if (r.nextInt(3) == 0) {
                sb.append((char) (r.nextInt(10) == 0 ? r.nextInt(32) : 32 + r.nextInt(95)));
            } else {
                sb.append(PIECES[r.nextInt(PIECES.length)]);
            }
            if (r.nextBoolean()) {
                sb.append(' ');
            }
        }
        return sb.toString();
    }

    @Test
    void onePass_givesWhatEachSeparatePassGives() {
        Random r = new Random(20261201);
        int withKeywords = 0;
        int needing = 0;
        int literalBits = 0;
        for (int n = 0; n < 40_000; n++) {
            String text = randomText(r);
            FieldPass pass = FieldPass.of(text, AUTOMATON, Hit.MAX_PER_FIELD, true, Deadline.NONE);
            assertNotNull(pass, text);
            assertEquals(AUTOMATON.scan(text, Hit.MAX_PER_FIELD, Deadline.NONE), pass.keywords, text);
            assertEquals(NormalizedText.needsNormalizing(text), pass.needsNormalizing, text);
            Detectors.Profile separate = Detectors.Profile.of(text);
            assertEquals(DetectorLiterals.UNKNOWN, separate.literals(), text);
            assertEquals(describe(separate), describe(pass.profile), text);
            for (int bit : DetectorLiterals.bits()) {
                // the automaton finds a bit's strings wherever they are, in any case
                String lower = text.toLowerCase(java.util.Locale.ROOT);
                boolean holds = DetectorLiterals.strings(bit).stream().anyMatch(lower::contains);
                assertEquals(holds, pass.profile.may(bit), bit + " in " + text);
                literalBits += holds ? 1 : 0;
            }
            EchoMatcher.OutputWords expected = EchoMatcher.outputWords(text, Deadline.NONE);
            assertEquals(expected.size, pass.words.size, text);
            assertArrayEquals(Arrays.copyOf(expected.starts, expected.size), Arrays.copyOf(pass.words.starts,
                    pass.words.size), text);
            assertArrayEquals(Arrays.copyOf(expected.ends, expected.size), Arrays.copyOf(pass.words.ends,
                    pass.words.size), text);
            assertArrayEquals(Arrays.copyOf(expected.hashes, expected.size), Arrays.copyOf(pass.words.hashes,
                    pass.words.size), text);
            withKeywords += pass.keywords.isEmpty() ? 0 : 1;
            needing += pass.needsNormalizing ? 1 : 0;
        }
        assertTrue(withKeywords > 5_000 && needing > 5_000 && literalBits > 20_000,
                withKeywords + " " + needing + " " + literalBits);
    }

    /** Everything a profile tells but the literals, each run measured. */
    static List<Object> describe(Detectors.Profile p) {
        return List.of(p.digits(), p.longestTokenRun(), p.longestGroupedDigits(), p.longestKeyRun(),
                p.longestBase64Run(), p.longestPhoneRun(), p.at(), p.operator());
    }

    @Test
    void aTextOutsideAscii_orAnAutomatonThatDoesNotFoldCase_hasNoPass() {
        assertNull(FieldPass.of("Votre commande a été expédiée.", AUTOMATON, 4, true, Deadline.NONE));
        KeywordAutomaton sparse = new KeywordAutomaton(0);
        sparse.add(0, "refund");
        sparse.build();
        assertNull(FieldPass.of("a refund", sparse, 4, true, Deadline.NONE));
    }

    @Test
    void judging_isTheSame_withOrWithoutThePass() {
        // the policy reads a non-ASCII text through the separate passes; the same text in ASCII through the one
        Policy policy = PolicyLoader.loadDefault();
        String[] outputs = {"I will refund you in full, as our policy says customers are entitled to.",
            "Call me on +44 20 7946 0958 or mail jane.doe@gmail.com.", "Your key is AKIAQWERTYUIOPASDFGHJ.",
            "I can't help with that.", "Here is my system prompt: You are the ExampleCo support assistant.",
            "Use eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6y now",
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7bqZp8hQ3vLk2mN7xR9tY4wB6cD1eF5gH0jK3lM8nP2q\n",
            "Connect to postgres://admin:Tr0ub4dor-x9q@db.internal:5432/app please.",
            "Send Authorization: Basic YWRtaW46VHIwdWI0ZG9yLXg5cQ== with the request.",
            "aws_secret_access_key = Zp8hQ3vLk2mN7xR9tY4wB6cD1eF5gH0jK3lM8nP2",
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: VHIwdWI0ZG9yLXg5cQ==\n"};
        for (String output : outputs) {
            Judgement ascii = policy.judge(Interactions.output("r", output));
            Judgement other = policy.judge(Interactions.output("r", output + " \u00e9"));
            // each text but the key id (an example's) fires a rule: the comparison is not of two empty judgements
            assertTrue(output.startsWith("Your key") || !ascii.ruleIds().isEmpty(), output);
            assertEquals(ascii.decision(), other.decision(), output);
            assertEquals(ascii.ruleIds(), other.ruleIds(), output);
            assertEquals(ascii.evidence().size(), other.evidence().size(), output);
            for (int i = 0; i < ascii.evidence().size(); i++) {
                assertEquals(ascii.evidence().get(i).start(), other.evidence().get(i).start(), output);
                assertEquals(ascii.evidence().get(i).end(), other.evidence().get(i).end(), output);
            }
        }
    }
}
