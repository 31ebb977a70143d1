package dev.secondlook.core.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DetectorsTest {

    private static int count(Detectors.Kind k, String text) {
        return Detectors.find(k, text).size();
    }

    @ParameterizedTest
    @ValueSource(strings = {"4539 1488 0343 6467", "4539148803436467", "5425-7877-8932-8794", "374221742180961",
            "6011017468145386", "3566401916146103", "5312 0077 2837 8321", "6763 7929 0810 0338", "2200033076661938",
            "4916.4514.5061.2312", "4916/4514/5061/2312", "4539 1488\n0343 6467", "4539 1488\r\n    0343 6467"})
    void paymentCards_valid(String card) {
        assertEquals(1, count(Detectors.Kind.PAYMENT_CARD, "card " + card + " on file"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"4111 1111 1111 1112", "5500-0000-0000-0005", "1234 5678 9012 3456", "0000000000000000",
            "4111 1111 1111", "41111111111111111111111"})
    void paymentCards_nearMisses(String card) {
        assertEquals(0, count(Detectors.Kind.PAYMENT_CARD, "card " + card + " on file"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"4242 4242 4242 4242", "4111 1111 1111 1111", "4111111111111111", "5500-0000-0000-0004",
            "5555 5555 5555 4444", "378282246310005", "6011111111111117", "3530111333300000", "5105 1051 0510 5100",
            "4000 0566 5566 5556", "6759 6498 2643 8453"})
    void paymentCards_publishedTestCards_areNoHits(String card) {
        assertEquals(0, count(Detectors.Kind.PAYMENT_CARD, "card " + card + " on file"));
    }

    @Test
    void paymentCards_groupsMustFallAsCardsPrintThem_whenSeparatedByDotsOrSlashes() {
        assertEquals(0, count(Detectors.Kind.PAYMENT_CARD, "invoice 4539.1488.034.36467 paid"));
        assertEquals(0, count(Detectors.Kind.PAYMENT_CARD, "version 4.5.3.9.1.4.8.8.0.3.4.3.6.4.6.7"));
        assertEquals(List.of(new Detectors.Span(Detectors.Kind.PAYMENT_CARD, 5, 21)),
                Detectors.find(Detectors.Kind.PAYMENT_CARD, "card 4539148803436467 09/27"), "the date is cut off");
        assertEquals(0, count(Detectors.Kind.PAYMENT_CARD, "IBAN DE44 5001 0517 5407 3249 31"),
                "trailing groups of an IBAN are no card");
    }

    @Test
    void iban_mod97_andCountryLength() {
        assertTrue(Detectors.isIban("DE89 3704 0044 0532 0130 00"));
        assertTrue(Detectors.isIban("GB29NWBK60161331926819"));
        assertTrue(Detectors.isIban("FR14 2004 1010 0505 0001 3M02 606"));
        assertFalse(Detectors.isIban("DE89 3704 0044 0532 0130 01"), "wrong check digits");
        assertFalse(Detectors.isIban("DE89 3704 0044 0532 0130"), "wrong length for DE");
        assertEquals(1, count(Detectors.Kind.IBAN, "pay to NL39 RABO 0300 0652 64 today"));
        assertEquals(1, count(Detectors.Kind.IBAN, "pay to ES60.0049.1500.0512.3456.7892 today"));
        assertEquals(1, count(Detectors.Kind.IBAN, "pay to DE44 5001 0517\n5407 3249 31 today"));
        assertEquals(List.of(new Detectors.Span(Detectors.Kind.IBAN, 7, 34)),
                Detectors.find(Detectors.Kind.IBAN, "pay to DE44 5001 0517 5407 3249 31 TO ACME"), "cut at a group");
    }

    @Test
    void iban_textbookExamples_areNoHits() {
        for (String iban : new String[] {"DE89 3704 0044 0532 0130 00", "GB29 NWBK 6016 1331 9268 19",
                "NL91ABNA0417164300", "FR14 2004 1010 0505 0001 3M02 606", "GB82 WEST 1234 5698 7654 32"}) {
            assertEquals(0, count(Detectors.Kind.IBAN, "pay to " + iban + " today"), iban);
        }
    }

    @Test
    void ssn_ranges() {
        assertEquals(1, count(Detectors.Kind.US_SSN, "SSN 536-22-1234"));
        assertEquals(1, count(Detectors.Kind.US_SSN, "SSN 536 22 1234"));
        for (String bad : new String[] {"000-12-3456", "666-12-3456", "912-34-5678", "536-00-1234", "536-22-0000",
                "078-05-1120", "000121234"}) {
            assertEquals(0, count(Detectors.Kind.US_SSN, "SSN " + bad), bad);
        }
        assertEquals(0, count(Detectors.Kind.US_SSN, "ref 536-22 1234"), "mixed separators without context");
    }

    @Test
    void ssn_unformatted_needsWordsThatNameIt() {
        assertEquals(1, count(Detectors.Kind.US_SSN, "SSN: 536221234"));
        assertEquals(1, count(Detectors.Kind.US_SSN, "her social security number is 536.22.1234"));
        assertEquals(1, count(Detectors.Kind.US_SSN, "SSN 536-22 1234"));
        assertEquals(0, count(Detectors.Kind.US_SSN, "order 536221234 shipped"));
        assertEquals(0, count(Detectors.Kind.US_SSN, "SSN on file. " + "x".repeat(60) + " order 536221234"),
                "the words must come shortly before");
    }

    @Test
    void secrets() {
        assertEquals(1, count(Detectors.Kind.AWS_ACCESS_KEY, "key=AKIAQYLPMN5HFIQR7XB2;"));
        assertEquals(0, count(Detectors.Kind.AWS_ACCESS_KEY, "key=AKIAQYLPMN5HFIQR7XB1"), "1 is not base32");
        assertEquals(0, count(Detectors.Kind.AWS_ACCESS_KEY, "XAKIAQYLPMN5HFIQR7XB2"), "embedded in a longer token");
        assertEquals(0, count(Detectors.Kind.AWS_ACCESS_KEY, "key=AKIAIOSFODNN7EXAMPLE;"), "AWS's documented example");
        assertEquals(0, count(Detectors.Kind.AWS_ACCESS_KEY, "key=AKIAXXXXXXXXXXXXXXXX;"), "a placeholder");
        assertEquals(1, count(Detectors.Kind.PRIVATE_KEY, "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEF"));
        assertEquals(1, count(Detectors.Kind.PRIVATE_KEY, "\"-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEA7bq\""),
                "a key in a JSON string, its line breaks written \\n");
        assertEquals(1, count(Detectors.Kind.PRIVATE_KEY, "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
                + "DEK-Info: AES-128-CBC,3F17F5316E2BAC89\n\nhQ1uQ8pHkXQcb1ZfXn8vO1x3"), "PEM headers before the body");
        assertEquals(0, count(Detectors.Kind.PRIVATE_KEY, "A key file starts with `-----BEGIN PRIVATE KEY-----`."),
                "a lone marker");
        assertEquals(0, count(Detectors.Kind.PRIVATE_KEY, "-----BEGIN PRIVATE KEY-----\n<contents of key.pem>\n"
                + "-----END PRIVATE KEY-----"), "a placeholder between the markers");
        assertEquals(0, count(Detectors.Kind.PRIVATE_KEY, "-----BEGIN RSA PRIVATE KEY-----\n...your key here...\n"),
                "a placeholder between the markers");
        assertEquals(0, count(Detectors.Kind.PRIVATE_KEY, "-----BEGIN PRIVATE KEY-----\nYOURKEYGOESHEREXXXXXXXX\n"),
                "a placeholder word in the body");
        assertEquals(0, count(Detectors.Kind.PRIVATE_KEY, "-----BEGIN PUBLIC KEY-----"));
        String jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6y";
        assertEquals(1, count(Detectors.Kind.JWT, "Bearer " + jwt));
        assertEquals(0, count(Detectors.Kind.JWT, "eyJub3QiOiJqd3QifQ.eyJzdWIiOiIxMjM0NTY3In0.c2lnbmF0dXJlMTIz"));
    }

    @Test
    void emailAndPhone() {
        assertEquals(1, count(Detectors.Kind.EMAIL, "write to jane.doe+x@mail.example.co.uk now"));
        assertEquals(0, count(Detectors.Kind.EMAIL, "not@an email"));
        assertEquals(1, count(Detectors.Kind.PHONE, "call +44 20 7183 8750"));
        assertEquals(0, count(Detectors.Kind.PHONE, "call +44 20 7946 0958"), "Ofcom's drama range");
        assertEquals(1, count(Detectors.Kind.PHONE, "call (415) 555-2671"));
        assertEquals(1, count(Detectors.Kind.PHONE, "call 415-555-2671"));
        assertEquals(0, count(Detectors.Kind.PHONE, "on 2026-08-19"));
        assertEquals(0, count(Detectors.Kind.PHONE, "version 10.4.2"));
        assertEquals(0, count(Detectors.Kind.PHONE, "order 12 345 678"));
    }

    @Test
    void adjacentCandidates_shareTheBoundaryBetweenThem() {
        // the RE2 patterns consume the boundary character: the next search must still see it
        assertEquals(2, count(Detectors.Kind.PAYMENT_CARD, "4539148803436467 4539148803436467"));
        assertEquals(2, count(Detectors.Kind.EMAIL, "a@b.com,c@d.org"));
        assertEquals(2, count(Detectors.Kind.US_SSN, "536-22-1234 536 22 1235"));
        assertEquals(2, count(Detectors.Kind.AWS_ACCESS_KEY, "AKIAQYLPMN5HFIQR7XB2,ASIAQYLPMN5HFIQR7XB2"));
        assertEquals(1, count(Detectors.Kind.AWS_ACCESS_KEY, "AKIAQYLPMN5HFIQR7XB2"), "the whole text");
        assertEquals(java.util.List.of(new Detectors.Span(Detectors.Kind.EMAIL, 0, 7)),
                Detectors.find(Detectors.Kind.EMAIL, "a@b.com"));
    }

    @Test
    void ibanBoundaries_treatAccentedLettersAsWordCharacters() {
        assertEquals(1, count(Detectors.Kind.IBAN, "IBAN: GB15MIDL40051512345678."));
        assertEquals(0, count(Detectors.Kind.IBAN, "éGB15MIDL40051512345678"),
                "glued to a word, as Java's \\b saw it");
    }

    @Test
    void inputsThatOverflowedJavaRegex_areScannedInLinearTime() {
        StringBuilder dots = new StringBuilder("x@");
        StringBuilder digits = new StringBuilder("1");
        while (dots.length() < 1024 * 1024) {
            dots.append("a.");
            digits.append(" 1");
        }
        long t0 = System.nanoTime();
        for (Detectors.Kind k : Detectors.Kind.values()) {
            Detectors.find(k, dots.toString());
            Detectors.find(k, digits.toString());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds < 10, "every detector over 2 MB of hostile text: " + seconds + " s");
        assertEquals(0, count(Detectors.Kind.EMAIL, dots.toString()));
    }

    @Test
    void unknownDetector_failsWithItsName() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Detectors.Kind.parse("passport"));
        assertTrue(e.getMessage().contains("passport"));
    }
}
