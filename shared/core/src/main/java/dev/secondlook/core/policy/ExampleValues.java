package dev.secondlook.core.policy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Values that look like secrets or personal data but are published examples or placeholders: documentation
 * quotes them everywhere, and a model that repeats them leaks nothing. Each detector asks here before it reports
 * a span; the lists are exact values from the publishers' own documentation, so a real value is never hidden by
 * resembling one.
 */
final class ExampleValues {

    /**
     * Test card numbers published by payment providers (Stripe, Adyen, Braintree, PayPal, Worldpay) for their
     * sandboxes: no bank ever issues them.
     */
    private static final Set<String> TEST_CARDS = Set.of("4242424242424242", "4111111111111111",
            "4012888888881881", "4000056655665556", "4222222222222", "4000000000000002", "4000000000000077",
            "4000000000009995", "4000000000000341", "4000002500003155", "4000000000003220", "4000000000000069",
            "4000000000000127", "4000000000000119", "4000000000000101", "4000000000000259", "4000000000003063",
            "4000002760003184", "4000000000000010", "4000000000000028", "4000000000000036", "4000000000000044",
            "4005519200000004", "4009348888881881", "4217651111111119", "4500600000000061", "4917610000000000",
            "4917300800000000", "4484070000000000", "4035501000000008", "4166676667666746", "4444333322221111",
            "4988080000000000", "5555555555554444", "5105105105105100", "5200828282828210", "2223003122003222",
            "5500000000000004", "2221000000000009", "5454545454545454", "5425233430109903", "2222400070000005",
            "5555341244441115", "5577000055770004", "5136333333333335", "5585558555855583", "5555444433331111",
            "378282246310005", "371449635398431", "378734493671000", "340000000000009", "370000000000002",
            "374245455400126", "6011111111111117", "6011000990139424", "6011000000000004", "6011601160116611",
            "6445644564456445", "30569309025904", "38520000023237", "3056930009020004", "36227206271667",
            "36006666333344", "36259600000004", "3530111333300000", "3566002020360505", "3566111111111113",
            "3569990010095841", "6200000000000005", "6250941006528599", "6759649826438453", "6799990100000000019",
            "5018000000000009", "6304000000000000", "6761000000000006", "2200000000000004", "6062826786276634",
            "6362970000457013", "6703444444444449");

    /**
     * Textbook IBANs: the examples of the ISO 13616 registry and of the national banking associations (the
     * German DE89 3704 0044 0532 0130 00 is also Stripe's SEPA test account), and two German test accounts that
     * banks publish for integration tests.
     */
    private static final Set<String> TEXTBOOK_IBANS = Set.of("DE89370400440532013000", "GB29NWBK60161331926819",
            "GB82WEST12345698765432", "GB33BUKB20201555555555", "NL91ABNA0417164300", "NL02ABNA0123456789",
            "FR1420041010050500013M02606", "FR7630006000011234567890189", "FR7630001007941234567890185",
            "ES9121000418450200051332", "ES7921000813610123456789", "IT60X0542811101000000123456",
            "CH9300762011623852957", "CH5604835012345678009", "AT611904300234573201", "BE68539007547034",
            "BE71096123456769", "IE29AIBK93115212345678", "PL61109010140000071219812874", "SE4550000000058398257466",
            "DK5000400440116243", "NO9386011117947", "FI2112345600000785", "PT50000201231234567890154",
            "LU280019400644750000", "CZ6508000000192000145399", "AL47212110090000000235698741",
            "SA0380000000608010167519", "BR1800360305000010009795493C1", "MT84MALT011000012345MTLCAST001S",
            "GR1601101250000000012300695", "HU42117730161111101800000000", "RO49AAAA1B31007593840000",
            "TR330006100519786457841326", "AE070331234567890123456", "DE75512108001245126199",
            "DE02120300000000202051", "DE02500105170137075030");

    /** The tokens jwt.io shows (HS256, secret "your-256-bit-secret"), old and current. */
    private static final Set<String> JWT_IO = Set.of(
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2"
                    + "MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiYWRtaW4iOnRy"
                    + "dWUsImlhdCI6MTUxNjIzOTAyMn0.KMUFsIDTnFmyG3nMiGM6H9FNFUROf3wh7SmqJp-QV30");

    /**
     * Vendors' documented sample keys: the test keys of Stripe's API reference (current and former), and the
     * public Google API keys that gitleaks' gcp-api-key rule allow-lists (keys shipped in public SDK samples).
     */
    private static final Set<String> VENDOR_SAMPLES = Set.of("sk_test_4eC39HqLyjWDarjtT1zdp7dc",
            "sk_test_BQokikJOvBiI2HlWgH4olfQ2", "AIzaSyabcdefghijklmnopqrstuvwxyz1234567",
            "AIzaSyAnLA7NfeLquW1tJFpx_eQCxoX-oo6YyIs", "AIzaSyCkEhVjf3pduRDt6d1yKOMitrUEke8agEM",
            "AIzaSyDMAScliyLx7F0NPDEJi1QmyCgHIAODrlU", "AIzaSyD3asb-2pEZVqMkmL6M9N6nHZRR_znhrh0",
            "AIzayDNSXIbFmlXbIE6mCzDLQAqITYefhixbX4A", "AIzaSyAdOS2zB6NCsk1pCdZ4-P6GBdi_UUPwX7c",
            "AIzaSyASWm6HmTMdYWpgMnjRBjxcQ9CKctWmLd4", "AIzaSyANUvH9H9BsUccjsu2pCmEkOPjjaXeDQgY",
            "AIzaSyA5_iVawFQ8ABuTZNUdcwERLJv_a_p4wtM", "AIzaSyA4UrcGxgwQFTfaI3no3t7Lt1sjmdnP5sQ",
            "AIzaSyDSb51JiIcB6OJpwwMicseKRhhrOq1cS7g", "AIzaSyBF2RrAIm4a0mO64EShQfqfd2AFnzAvvuU",
            "AIzaSyBcE-OOIbhjyR83gm4r2MFCu4MJmprNXsw", "AIzaSyB8qGxt4ec15vitgn44duC5ucxaOi4FmqE",
            "AIzaSyA8vmApnrHNFE0bApF4hoZ11srVL_n0nvY");

    /** Words that only a placeholder holds: "your-bot-token-here", "EXAMPLE", "<redacted>", "changeme". */
    private static final String[] PLACEHOLDER_WORDS = {"your", "example", "placeholder", "sample", "dummy",
            "redacted", "changeme", "change_me", "change-me", "insert", "replace", "here", "xxxx", "fake",
            "foobar", "lorem"};

    /**
     * Whole values that stand for a password in documentation and configuration templates ("guest" is
     * RabbitMQ's documented default, usable from localhost only).
     */
    private static final Set<String> PLACEHOLDER_PASSWORDS = Set.of("password", "passwd", "pass", "pwd",
            "secret", "mypassword", "mysecret", "yourpassword", "none", "null", "nil", "true", "false", "required",
            "optional", "string", "str", "empty", "undefined", "hidden", "masked", "value", "test", "prompt",
            "guest");

    /**
     * Telephone numbers reserved for films, television, books and documentation, by country calling code: the
     * national significant number (trunk 0 dropped) begins with one of the prefixes and has the length given.
     * <ul>
     *   <li>+1, NANPA: 555-0100 to 555-0199 after any area code ("555 line numbers": only these are reserved
     *       for fictional use; other 555 numbers can be assigned).</li>
     *   <li>+44, Ofcom's "Telephone numbers for drama purposes": 0113 496 0xxx, 0114, 0115, 0116, 0117, 0118,
     *       0121, 0131, 0141, 0151, 0161 496 0xxx, 0191 498 0xxx, 020 7946 0xxx, 028 9649 6xxx, 029 2018 0xxx,
     *       01632 960xxx, 07700 900xxx, 08081 570xxx, 0909 879 0xxx, 03069 990xxx.</li>
     *   <li>+61, ACMA's "Phone numbers for use in TV and film": (0x) 5550 xxxx and (0x) 7010 xxxx for the area
     *       codes 02, 03, 07 and 08.</li>
     * </ul>
     */
    private static final Map<Integer, List<String>> FICTIONAL_PHONE_PREFIXES = Map.of(
            44, List.of("1134960", "1144960", "1154960", "1164960", "1174960", "1184960", "1214960", "1314960",
                    "1414960", "1514960", "1614960", "1914980", "2079460", "2896496", "2920180", "1632960",
                    "7700900", "8081570", "9098790", "3069990"),
            61, List.of("25550", "35550", "75550", "85550", "27010", "37010", "77010", "87010"));
    private static final Map<Integer, Integer> FICTIONAL_PHONE_LENGTHS = Map.of(44, 10, 61, 9);

    /**
     * Placeholder US social security numbers (digits only): 078-05-1120, the number printed on the sample card
     * in Woolworth's wallets (1938) and "used" by thousands since, which the SSA voided; 219-09-9999, the sample
     * in the SSA's own 1940 pamphlet; and the sequence 123-45-6789 that forms and documentation use as a format
     * hint. The SSA never issues area 000, 666 or 900-999 (checked by the detector itself).
     */
    private static final Set<String> PLACEHOLDER_SSNS = Set.of("078051120", "219099999", "123456789");

    private ExampleValues() {
    }

    /** A payment card number (digits only) that providers publish for testing. */
    static boolean isTestCard(String digits) {
        return TEST_CARDS.contains(digits);
    }

    /**
     * A number reserved for fiction ({@link #FICTIONAL_PHONE_PREFIXES}): {@code countryCode} and its national
     * significant number (digits, no trunk prefix).
     */
    static boolean isFictionalPhone(int countryCode, String national) {
        if (countryCode == 1) {
            return national.length() == 10 && national.startsWith("55501", 3);
        }
        List<String> prefixes = FICTIONAL_PHONE_PREFIXES.get(countryCode);
        if (prefixes == null || national.length() != FICTIONAL_PHONE_LENGTHS.get(countryCode)) {
            return false;
        }
        for (String p : prefixes) {
            if (national.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** A placeholder SSN ({@link #PLACEHOLDER_SSNS}), nine digits. */
    static boolean isPlaceholderSsn(String digits) {
        return PLACEHOLDER_SSNS.contains(digits);
    }

    /** A textbook IBAN (compact, upper case). */
    static boolean isTextbookIban(String compact) {
        return TEXTBOOK_IBANS.contains(compact);
    }

    /** AWS's documentation keys all end so: AKIAIOSFODNN7EXAMPLE, wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY. */
    static boolean isAwsExample(String key) {
        return key.endsWith("EXAMPLE") || key.endsWith("EXAMPLEKEY");
    }

    static boolean isJwtIo(String token) {
        return JWT_IO.contains(token);
    }

    static boolean isVendorSample(String token) {
        return VENDOR_SAMPLES.contains(token);
    }

    /**
     * The domains RFC 2606 and RFC 6761 reserve for documentation (example.com, .net, .org and their
     * subdomains) and the reserved top-level domains .example, .test, .invalid and .localhost.
     */
    static boolean isExampleDomain(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        for (String reserved : new String[] {"example.com", "example.net", "example.org"}) {
            if (d.equals(reserved) || d.endsWith("." + reserved)) {
                return true;
            }
        }
        return d.endsWith(".example") || d.endsWith(".test") || d.endsWith(".invalid") || d.endsWith(".localhost");
    }

    /**
     * Whether the variable part of a token or a password is a placeholder: a template reference
     * ({@code ${DB_PASSWORD}}, {@code {{ .Values.pw }}}, {@code <password>}, {@code $PASSWORD},
     * {@code %(password)s}), a mask ({@code ****}, {@code XXXX}, four or more of one character in a row), or a
     * word that only placeholders hold ({@code your-bot-token-here}, {@code EXAMPLE}). A random secret holds none
     * of these but by a chance of about one in ten thousand.
     */
    static boolean isPlaceholder(String value) {
        if (value.isEmpty()) {
            return true;
        }
        char first = value.charAt(0);
        // $PASSWORD and ${PW} are references; "$ecr3t" is a password that begins with a dollar sign
        boolean variable = first == '$' && value.length() > 1
                && (value.charAt(1) == '{' || value.charAt(1) == '_' || Character.isUpperCase(value.charAt(1)));
        if (variable || first == '<' || first == '{' || first == '%' || first == '[' || first == '('
                || value.contains("${") || value.contains("{{") || value.contains("<%")) {
            return true;
        }
        int run = 1;
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            run = c == value.charAt(i - 1) ? run + 1 : 1;
            if (run >= 4 && c != '=') {
                return true;
            }
        }
        return hasPlaceholderWord(value);
    }

    /** Whether {@code value} holds a word only placeholders hold ({@code your}, {@code example}, {@code xxxx}...). */
    static boolean hasPlaceholderWord(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        for (String w : PLACEHOLDER_WORDS) {
            if (lower.contains(w)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a password value is a stand-in: a placeholder as {@link #isPlaceholder} says, a word that stands
     * for a password ({@code password}, {@code secret}, {@code null}), or a reference to where the real one lives
     * ({@code os.environ["PW"]}, {@code process.env.PW}, {@code getenv("PW")}, {@code settings.DB_PASSWORD}).
     */
    static boolean isPlaceholderPassword(String value) {
        if (isPlaceholder(value)) {
            return true;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (PLACEHOLDER_PASSWORDS.contains(lower)) {
            return true;
        }
        return lower.contains("(") || lower.contains("env.") || lower.contains("environ")
                || lower.startsWith("settings.") || lower.startsWith("config.") || lower.startsWith("self.")
                || lower.startsWith("this.") || lower.startsWith("vault:") || lower.startsWith("secret:")
                || lower.startsWith("arn:aws:");
    }

    /** Shannon entropy of {@code s} in bits per character, as gitleaks computes it for its {@code entropy} gate. */
    static double entropy(String s) {
        if (s.isEmpty()) {
            return 0;
        }
        int[] counts = new int[128];
        int other = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 128) {
                counts[c]++;
            } else {
                other++;
            }
        }
        double h = 0;
        double n = s.length();
        for (int c : counts) {
            if (c > 0) {
                double p = c / n;
                h -= p * (Math.log(p) / Math.log(2));
            }
        }
        if (other > 0) {
            double p = other / n;
            h -= p * (Math.log(p) / Math.log(2));
        }
        return h;
    }
}
