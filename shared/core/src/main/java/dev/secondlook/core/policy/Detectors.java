package dev.secondlook.core.policy;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Validated detectors: a candidate pattern, then a check that removes look-alikes (Luhn for payment cards,
 * mod-97 for IBANs, the SSA's ranges for US SSNs, base64url JSON headers for JWTs).
 */
public final class Detectors {

    /** One detector kind. */
    public enum Kind {
        PAYMENT_CARD("payment-card"), IBAN("iban"), US_SSN("us-ssn"), AWS_ACCESS_KEY("aws-access-key"),
        PRIVATE_KEY("private-key"), JWT("jwt"), EMAIL("email"), PHONE("phone");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Kind parse(String s) {
            for (Kind k : values()) {
                if (k.wireName.equals(s)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown detector '" + s + "' (expected payment-card, iban, us-ssn, "
                    + "aws-access-key, private-key, jwt, email or phone)");
        }
    }

    /** A detected span in a text (end exclusive). */
    public record Span(Kind kind, int start, int end) {
    }

    /*
     * Each pattern is written for RE2/J, which runs in linear time and has no lookaround: where the original
     * (java.util.regex) patterns asserted "not preceded / not followed by" a character class, these consume that
     * one character (or the start / end of the text) around group 1, the candidate. A search resumes where group 1
     * ended, so the character after one candidate can serve as the boundary before the next, as a lookbehind
     * would see it. RE2's leftmost-first matching picks the candidate a backtracking engine would.
     */
    private static final Pattern CARD = Pattern.compile("(?:^|[^\\d-])((?:\\d[ -]?){12,18}\\d)(?:$|[^\\d-])");
    /** The boundaries are {@code \b} as java.util.regex reads it: any Unicode letter, digit, mark or '_' is a word. */
    private static final Pattern IBAN_RE = Pattern.compile(
            "(?:^|[^\\pL\\p{Nd}\\p{Mn}_])([A-Z]{2}\\d{2}(?: ?[A-Z0-9]){11,30})(?:$|[^\\pL\\p{Nd}\\p{Mn}_])");
    /** Both separators alike, spelled out (the original used a backreference): area 2, group 3 or 4, serial 5. */
    private static final Pattern SSN = Pattern.compile(
            "(?:^|[^\\d-])((\\d{3})(?:-(\\d{2})-| (\\d{2}) )(\\d{4}))(?:$|[^\\d-])");
    private static final Pattern AWS_KEY = Pattern.compile(
            "(?:^|[^A-Z0-9])((?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z2-7]{16})(?:$|[^A-Z0-9])");
    private static final Pattern PEM = Pattern.compile(
            "(-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----)");
    /** Header in group 2. */
    private static final Pattern JWT_RE = Pattern.compile("(?:^|[^A-Za-z0-9_-])"
            + "((eyJ[A-Za-z0-9_-]{5,})\\.eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{10,})(?:$|[^A-Za-z0-9_-])");
    private static final Pattern EMAIL_RE = Pattern.compile("(?:^|[^A-Za-z0-9._%+-])"
            + "([A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\\.)+[A-Za-z]{2,24})(?:$|[^A-Za-z0-9-])");
    private static final Pattern PHONE_RE = Pattern.compile("(?:^|[^\\w+])"
            + "((?:\\+\\d{1,3}[ .-]?)?(?:\\(\\d{1,4}\\)[ .-]?)?\\d{2,4}(?:[ .-]\\d{2,4}){1,4})(?:$|[^\\w-])");

    /** IBAN lengths of common countries; other country codes are accepted at 15 to 34 characters. */
    private static final Map<String, Integer> IBAN_LENGTHS = Map.ofEntries(Map.entry("DE", 22),
            Map.entry("GB", 22), Map.entry("FR", 27), Map.entry("ES", 24), Map.entry("IT", 27), Map.entry("NL", 18),
            Map.entry("BE", 16), Map.entry("CH", 21), Map.entry("AT", 20), Map.entry("IE", 22), Map.entry("PL", 28),
            Map.entry("SE", 24), Map.entry("DK", 18), Map.entry("NO", 15), Map.entry("FI", 18), Map.entry("PT", 25),
            Map.entry("LU", 20), Map.entry("CZ", 24));

    private Detectors() {
    }

    /** Every span of {@code kind} in {@code text}. */
    public static List<Span> find(Kind kind, String text) {
        List<Span> out = new ArrayList<>();
        scan(kind, text, Deadline.NONE, span -> {
            out.add(span);
            return true;
        });
        return out;
    }

    /** Receives the spans of a scan in text order; returns false to end the scan. */
    interface SpanSink {
        boolean accept(Span span);
    }

    /**
     * Hands each span of {@code kind} in {@code text} to {@code sink} until it declines one.
     *
     * @throws JudgeTimeoutException when the deadline passes during the scan
     */
    static void scan(Kind kind, String text, Deadline deadline, SpanSink sink) {
        if (!mayContain(kind, text)) {
            return;
        }
        Predicate<Matcher> valid = switch (kind) {
            case PAYMENT_CARD -> m -> isPaymentCard(m.group(1));
            case IBAN -> m -> isIban(m.group(1));
            case US_SSN -> m -> isSsn(m.group(2), m.group(3) != null ? m.group(3) : m.group(4), m.group(5));
            case JWT -> m -> isJwtHeader(m.group(2));
            case PHONE -> m -> isPhone(m.group(1));
            case AWS_ACCESS_KEY, PRIVATE_KEY, EMAIL -> m -> true;
        };
        Matcher m = pattern(kind).matcher(deadline.watch(text));
        int from = 0;
        while (from <= text.length() && m.find(from)) {
            if (valid.test(m) && !sink.accept(new Span(kind, m.start(1), m.end(1)))) {
                return;
            }
            from = m.end(1);
        }
    }

    private static Pattern pattern(Kind kind) {
        return switch (kind) {
            case PAYMENT_CARD -> CARD;
            case IBAN -> IBAN_RE;
            case US_SSN -> SSN;
            case AWS_ACCESS_KEY -> AWS_KEY;
            case PRIVATE_KEY -> PEM;
            case JWT -> JWT_RE;
            case EMAIL -> EMAIL_RE;
            case PHONE -> PHONE_RE;
        };
    }

    /**
     * A cheap necessary condition, checked before the pattern runs: most outputs hold no '@', no run of grouped
     * digits and no key prefix, and the patterns (character classes at every position, run by RE2's automaton)
     * cost far more than this scan. Each condition follows from the pattern and its check, so it never hides a
     * match.
     */
    static boolean mayContain(Kind kind, String text) {
        return switch (kind) {
            case EMAIL -> text.indexOf('@') >= 0;
            // (?:\d[ -]?){12,18}\d: 13 digits with at most one space or hyphen between two
            case PAYMENT_CARD -> groupedDigits(text, 13, " -");
            // 2 letters and 2 check digits begin it; the old condition (6 digits) is kept, as the check needs them
            case IBAN -> digits(text, 6) && ibanStart(text);
            // \d{3}[- ]\d{2}[- ]\d{4}
            case US_SSN -> groupedDigits(text, 9, " -");
            // only digits, spaces, dots, hyphens, parentheses and '+', and isPhone wants 10 digits
            case PHONE -> phoneRun(text, 10);
            case AWS_ACCESS_KEY -> text.contains("AKIA") || text.contains("ASIA") || text.contains("ABIA")
                    || text.contains("ACCA") || text.contains("AGPA") || text.contains("AIDA") || text.contains("AROA")
                    || text.contains("AIPA") || text.contains("ANPA") || text.contains("ANVA") || text.contains("APKA");
            case PRIVATE_KEY -> text.contains("-----BEGIN");
            case JWT -> text.contains("eyJ");
        };
    }

    /** A run of at least {@code atLeast} digits, with at most one of {@code separators} between two digits. */
    private static boolean groupedDigits(String text, int atLeast, String separators) {
        int run = 0;
        boolean afterDigit = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++run >= atLeast) {
                    return true;
                }
                afterDigit = true;
            } else if (afterDigit && separators.indexOf(c) >= 0) {
                afterDigit = false;
            } else {
                run = 0;
                afterDigit = false;
            }
        }
        return false;
    }

    /** A run of digits, spaces, dots, hyphens, parentheses and '+' that holds at least {@code atLeast} digits. */
    private static boolean phoneRun(String text, int atLeast) {
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++run >= atLeast) {
                    return true;
                }
            } else if (" .-()+".indexOf(c) < 0) {
                run = 0;
            }
        }
        return false;
    }

    /** Two capital letters and two digits in a row. */
    private static boolean ibanStart(String text) {
        for (int i = 0; i + 3 < text.length(); i++) {
            if (isUpper(text.charAt(i)) && isUpper(text.charAt(i + 1)) && isDigit(text.charAt(i + 2))
                    && isDigit(text.charAt(i + 3))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean digits(String text, int atLeast) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9' && ++n >= atLeast) {
                return true;
            }
        }
        return false;
    }

    /** 13 to 19 digits, a known issuer prefix, and a valid Luhn check digit. */
    static boolean isPaymentCard(String candidate) {
        StringBuilder sb = new StringBuilder(candidate.length());
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (c != ' ' && c != '-') {
                sb.append(c);
            }
        }
        String digits = sb.toString();
        if (digits.length() < 13 || digits.length() > 19 || digits.chars().distinct().count() == 1) {
            return false;
        }
        if (!knownIssuer(digits)) {
            return false;
        }
        int sum = 0;
        boolean dbl = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (dbl) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            dbl = !dbl;
        }
        return sum % 10 == 0;
    }

    private static boolean knownIssuer(String d) {
        int two = Integer.parseInt(d.substring(0, 2));
        int four = Integer.parseInt(d.substring(0, 4));
        int three = Integer.parseInt(d.substring(0, 3));
        return d.charAt(0) == '4'                           // Visa
                || (two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)   // Mastercard
                || two == 34 || two == 37                   // American Express
                || four == 6011 || two == 65 || (three >= 644 && three <= 649)  // Discover
                || two == 35                                // JCB
                || two == 36 || two == 38 || (three >= 300 && three <= 305)     // Diners
                || two == 62;                               // UnionPay
    }

    /** Country length (where known) and ISO 13616 mod-97 check. */
    static boolean isIban(String candidate) {
        String iban = candidate.replace(" ", "").toUpperCase(Locale.ROOT);
        Integer expected = IBAN_LENGTHS.get(iban.substring(0, 2));
        if (expected != null ? iban.length() != expected : iban.length() < 15 || iban.length() > 34) {
            return false;
        }
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        StringBuilder numeric = new StringBuilder();
        for (char c : rearranged.toCharArray()) {
            numeric.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        return new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
    }

    /** Area 001-899 except 666, group 01-99, serial 0001-9999; known advertising numbers excluded. */
    static boolean isSsn(String area, String group, String serial) {
        int a = Integer.parseInt(area);
        if (a == 0 || a == 666 || a >= 900 || group.equals("00") || serial.equals("0000")) {
            return false;
        }
        String whole = area + group + serial;
        return !whole.equals("078051120") && !whole.equals("219099999") && !whole.equals("123456789");
    }

    private static boolean isJwtHeader(String header) {
        try {
            String json = new String(Base64.getUrlDecoder().decode(header), StandardCharsets.UTF_8);
            return json.startsWith("{") && json.contains("\"alg\"");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** 10 to 15 digits (E.164 allows at most 15), not a date or a plain number range. */
    static boolean isPhone(String candidate) {
        long digits = candidate.chars().filter(Character::isDigit).count();
        if (digits < 10 || digits > 15) {
            return false;
        }
        boolean plus = candidate.startsWith("+");
        boolean paren = candidate.contains("(");
        // without a country code or area-code parentheses, insist on the NANP 3-3-4 grouping
        return plus || paren || isNanpGrouping(candidate);
    }

    /** {@code ddd-ddd-dddd}, each separator one of space, dot or hyphen. */
    private static boolean isNanpGrouping(String s) {
        if (s.length() != 12) {
            return false;
        }
        for (int i = 0; i < 12; i++) {
            char c = s.charAt(i);
            boolean ok = i == 3 || i == 7 ? c == ' ' || c == '.' || c == '-' : c >= '0' && c <= '9';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
