package dev.secondlook.core.policy;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cheap checks in front of the detectors rule out only what the detectors' own preconditions would: the
 * one-pass {@link Detectors.Profile} never says no where {@link Detectors#mayContain(Detectors.Kind, String)} says
 * yes, and the token scan's third-character table passes exactly the word starts that begin some prefix.
 */
class DetectorPreconditionsTest {

    private static final String ALPHABET = "0123456789 0123456789 abcXYZ/+@:=-.()\n\r\t_é€";

    /** What the kinds' own checks look for, dropped in whole. */
    private static final String[] WORDS = {"secret", "password=", "-----BEGIN", "eyJ", "AKIA", "ASIA", "Basic ",
        "https://", "GB82", "DE", "+44 "};

    private static String randomText(Random r) {
        StringBuilder sb = new StringBuilder();
        int len = r.nextInt(120);
        for (int i = 0; i < len; i++) {
            if (r.nextInt(12) == 0) {
                sb.append(WORDS[r.nextInt(WORDS.length)]);
            } else if (r.nextInt(15) == 0) {
                // digit groups as cards, SSNs and phone numbers are written, of any length around theirs
                int digits = 3 + r.nextInt(15);
                for (int d = 0; d < digits; d++) {
                    sb.append((char) ('0' + r.nextInt(10)));
                    if (r.nextInt(4) == 0) {
                        sb.append(" -./\n".charAt(r.nextInt(5)));
                    }
                }
            } else if (r.nextInt(20) == 0) {
                // a long key-like run, sometimes just short of the AWS secret key's 40
                sb.append("Zp8hQ3vLk2mN7xR9tY4wB6cD1eF5gH0jK3lM8nP2".substring(r.nextInt(3)));
            } else {
                sb.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
            }
        }
        return sb.toString();
    }

    @Test
    void theProfile_rulesOutOnlyWhatEachKindsOwnCheckWould() {
        Random r = new Random(20261130);
        int[] agreedYes = new int[Detectors.Kind.values().length];
        for (int n = 0; n < 30_000; n++) {
            String text = randomText(r);
            Detectors.Profile profile = Detectors.Profile.of(text);
            for (Detectors.Kind kind : Detectors.Kind.values()) {
                boolean exact = Detectors.mayContain(kind, text);
                assertEquals(exact, Detectors.mayContain(kind, text, profile), () -> kind + " on " + text);
                if (exact) {
                    agreedYes[kind.ordinal()]++;
                }
            }
        }
        for (Detectors.Kind kind : Detectors.Kind.values()) {
            assertTrue(agreedYes[kind.ordinal()] > 0, "the random texts reach " + kind + "'s own check");
        }
    }

    @Test
    void theRunsMeasuredOnDemand_areThoseOfOnePassOverEveryCharacter() {
        // the runs as the profile's single pass measured them before it kept only the token run
        Random r = new Random(20261201);
        int reached = 0;
        for (int n = 0; n < 30_000; n++) {
            String text = randomText(r);
            int key = 0;
            int base64 = 0;
            int phone = 0;
            int[] longest = new int[3];
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                boolean digit = c >= '0' && c <= '9';
                boolean isKey = digit || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '/' || c == '+';
                key = isKey ? key + 1 : 0;
                base64 = isKey || c == '-' || c == '_' ? base64 + 1 : 0;
                phone = PhoneNumbers.isRunChar(c) ? phone + (digit ? 1 : 0) : 0;
                longest[0] = Math.max(longest[0], key);
                longest[1] = Math.max(longest[1], base64);
                longest[2] = Math.max(longest[2], phone);
            }
            Detectors.Profile p = Detectors.Profile.of(text);
            for (int t : new int[] {1, 7, 12, 22, 40}) {
                assertEquals(longest[0] >= t, p.keyRunReaches(t), () -> "key run " + t + " in " + text);
                assertEquals(longest[1] >= t, p.base64RunReaches(t), () -> "base64 run " + t + " in " + text);
                assertEquals(longest[2] >= t, p.phoneRunReaches(t), () -> "phone run " + t + " in " + text);
            }
            assertEquals(longest[0], p.longestKeyRun(), text);
            assertEquals(longest[1], p.longestBase64Run(), text);
            assertEquals(longest[2], p.longestPhoneRun(), text);
            reached += longest[0] >= 40 || longest[1] >= 22 ? 1 : 0;
        }
        assertTrue(reached > 100, "texts with a long key or base64 run: " + reached);
    }

    @Test
    void theProfile_rulesOutBase64OnlyWhereThereIsNone() {
        Random r = new Random(11);
        // "this is sixteen!" is 22 characters and "==": the shortest run decoded
        String[] runs = {"SGVsbG8gd29ybGQsIHRoaXMgaXMg", "cGFzc3dvcmQ6IGh1bnRlcjI=", "dXNlcjpwYXNz", "YWJjZGVmZ2hpams-_",
            "dGhpcyBpcyBzaXh0ZWVuIQ==", "\r\n",
            "\n  ", "==", "kind: Secret\ndata:\n  password: aHVudGVyMg==\n"};
        int decodedSome = 0;
        for (int n = 0; n < 30_000; n++) {
            StringBuilder sb = new StringBuilder(randomText(r));
            for (int k = r.nextInt(4); k > 0; k--) {
                String run = runs[r.nextInt(runs.length)];
                sb.append(r.nextBoolean() ? run : run.substring(0, r.nextInt(run.length())));
            }
            String text = sb.toString();
            boolean found = !EncodedText.decode(text, Deadline.NONE).isEmpty();
            if (found) {
                decodedSome++;
                assertTrue(EncodedText.mayHold(text, Detectors.Profile.of(text)), text);
            }
        }
        assertTrue(decodedSome > 100, "texts with base64 decoded: " + decodedSome);
    }

    @Test
    void theTokenScan_triesExactlyTheWordStartsThatBeginAPrefix() {
        for (TokenFormats.Format f : TokenFormats.FORMATS) {
            for (String p : f.prefixes()) {
                int[] candidates = TokenFormats.formatsAt(p + "Q", 0);
                assertNotNull(candidates, p);
                assertTrue(java.util.Arrays.stream(candidates)
                        .anyMatch(i -> TokenFormats.FORMATS.get(i).equals(f)), p);
            }
        }
        Random r = new Random(7);
        for (int n = 0; n < 200_000; n++) {
            char[] three = new char[3];
            for (int i = 0; i < 3; i++) {
                three[i] = r.nextInt(10) == 0 ? 'é' : (char) (32 + r.nextInt(95));
            }
            String s = new String(three);
            boolean begins = false;
            for (TokenFormats.Format f : TokenFormats.FORMATS) {
                for (String p : f.prefixes()) {
                    begins |= p.length() == 2 ? s.startsWith(p) : p.startsWith(s);
                }
            }
            assertEquals(begins, TokenFormats.formatsAt(s, 0) != null, s);
            // at the text's end only a two-character prefix can begin
            String two = s.substring(0, 2);
            boolean whole = false;
            for (TokenFormats.Format f : TokenFormats.FORMATS) {
                for (String p : f.prefixes()) {
                    whole |= p.equals(two);
                }
            }
            assertEquals(whole, TokenFormats.formatsAt(two, 0) != null, two);
        }
    }

    @Test
    void theTokenRun_isThereWheneverTheScanFindsAToken() {
        // every prefix, then bodies of random length over the formats' characters (and others that end a token),
        // around each format's own length; the scan itself does not look at the run
        Random r = new Random(12);
        String body = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-+/=.~%&0123456789abcdef";
        String[] around = {"", " ", "(", "\n", "token ", "key: "};
        int found = 0;
        for (TokenFormats.Format f : TokenFormats.FORMATS) {
            for (String p : f.prefixes()) {
                for (int n = 0; n < 3_000; n++) {
                    StringBuilder sb = new StringBuilder(around[r.nextInt(around.length)]).append(p);
                    int length = r.nextInt(f.maxLength() + 8);
                    for (int i = 0; i < length; i++) {
                        // the digit and dash groups of an xapp- token, sometimes
                        sb.append(r.nextInt(12) == 0 ? "-" + r.nextInt(10) + "-" : body.charAt(r.nextInt(body.length())));
                    }
                    sb.append(around[r.nextInt(around.length)]);
                    String text = sb.toString();
                    int[] tokens = {0};
                    TokenFormats.scan(text, Deadline.NONE, s -> {
                        tokens[0]++;
                        return true;
                    });
                    if (tokens[0] > 0) {
                        found++;
                        assertTrue(TokenFormats.mayContain(text), () -> f.source() + ": " + text);
                        assertTrue(Detectors.Profile.of(text).longestTokenRun() >= TokenFormats.MIN_TOKEN_RUN, text);
                    }
                }
            }
        }
        assertTrue(found > 10_000, "texts with a token: " + found);
        // the shortest token of all is just long enough; one character less is no token
        assertEquals(1, count("xapp-1-Ab-1-Cd"));
        assertTrue(TokenFormats.mayContain("id xapp-1-A-1-B."));
        assertTrue(!TokenFormats.mayContain("an ordinary sentence, with words of ten letters: clarifying."));
    }

    private static int count(String text) {
        int[] n = {0};
        TokenFormats.scan(text, Deadline.NONE, s -> {
            n[0]++;
            return true;
        });
        return n[0];
    }
}
