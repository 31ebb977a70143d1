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

/**
 * Validated detectors: a candidate pattern, then a check that removes look-alikes (Luhn for payment cards,
 * mod-97 for IBANs, the SSA's ranges for US SSNs, base64url JSON headers for JWTs, libphonenumber for phone
 * numbers, entropy for tokens) and the published example values and placeholders of {@link ExampleValues}.
 * Phone numbers, vendor tokens and credentials live in {@link PhoneNumbers}, {@link TokenFormats} and
 * {@link Credentials}. The detectors scan the text they are given; {@link DetectorMatcher} gives them the
 * normalised view of a field and its decoded base64.
 */
public final class Detectors {

    /** One detector kind. */
    public enum Kind {
        PAYMENT_CARD("payment-card"), IBAN("iban"), US_SSN("us-ssn"), AWS_ACCESS_KEY("aws-access-key"),
        AWS_SECRET_KEY("aws-secret-key"), PRIVATE_KEY("private-key"), JWT("jwt"), EMAIL("email"), PHONE("phone"),
        API_TOKEN("api-token"), URL_CREDENTIALS("url-credentials"), SECRET_ASSIGNMENT("secret-assignment");

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
                    + "aws-access-key, aws-secret-key, private-key, jwt, email, phone, api-token, url-credentials or "
                    + "secret-assignment)");
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
    /**
     * Digits with at most one separator between two: a space or a hyphen as before, and now a dot, a slash or a
     * line break (with the next line's indentation), which only count when the groups fall as cards print them
     * (see {@link #cardSpan}).
     */
    private static final Pattern CARD = Pattern.compile(
            "(?:^|[^\\d.-])((?:\\d(?:[ ./-]|\\r?\\n[ \\t]*)?){12,22}\\d)(?:$|[^\\d-])");
    /**
     * The boundaries are {@code \b} as java.util.regex reads it: any Unicode letter, digit, mark or '_' is a word.
     * Groups may be split by a space, a dot, a hyphen or a line break; mod-97 then decides.
     */
    private static final Pattern IBAN_RE = Pattern.compile("(?:^|[^\\pL\\p{Nd}\\p{Mn}_])"
            + "([A-Z]{2}\\d{2}(?:(?:[ .-]|\\r?\\n[ \\t]*)?[A-Z0-9]){11,30})(?:$|[^\\pL\\p{Nd}\\p{Mn}_])");
    /** Both separators alike, spelled out (the original used a backreference): area 2, group 3 or 4, serial 5. */
    private static final Pattern SSN = Pattern.compile(
            "(?:^|[^\\d-])((\\d{3})(?:-(\\d{2})-| (\\d{2}) )(\\d{4}))(?:$|[^\\d-])");
    /** Nine digits, unformatted or with odd separators: an SSN only after words that name one. */
    private static final Pattern SSN_LOOSE = Pattern.compile("(?:^|[^\\d.-])(\\d(?:[ .-]?\\d){8})(?:$|[^\\d-])");
    private static final Pattern AWS_KEY = Pattern.compile(
            "(?:^|[^A-Z0-9])((?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z2-7]{16})(?:$|[^A-Z0-9])");
    private static final Pattern PEM = Pattern.compile(
            "(-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----)");
    /** Header in group 2. */
    private static final Pattern JWT_RE = Pattern.compile("(?:^|[^A-Za-z0-9_-])"
            + "((eyJ[A-Za-z0-9_-]{5,})\\.eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{10,})(?:$|[^A-Za-z0-9_-])");
    private static final Pattern EMAIL_RE = Pattern.compile("(?:^|[^A-Za-z0-9._%+-])"
            + "([A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\\.)+[A-Za-z]{2,24})(?:$|[^A-Za-z0-9-])");

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
     * Hands each span of {@code kind} in {@code text} to {@code sink} until it declines one. Published example
     * values and placeholders ({@link ExampleValues}) are no spans.
     *
     * @throws JudgeTimeoutException when the deadline passes during the scan
     */
    static void scan(Kind kind, String text, Deadline deadline, SpanSink sink) {
        scan(kind, text, Profile.of(text), deadline, sink);
    }

    /** {@link #scan(Kind, String, Deadline, SpanSink)} with the text's {@link Profile}, made once for all kinds. */
    static void scan(Kind kind, String text, Profile profile, Deadline deadline, SpanSink sink) {
        if (!mayContain(kind, text, profile)) {
            return;
        }
        switch (kind) {
            case PHONE -> PhoneNumbers.scan(text, deadline, sink);
            case API_TOKEN -> TokenFormats.scan(text, deadline, sink);
            case URL_CREDENTIALS -> Credentials.scanUrlCredentials(text, deadline, sink);
            case SECRET_ASSIGNMENT -> Credentials.scanSecretAssignments(text, deadline, sink);
            case AWS_SECRET_KEY -> Credentials.scanAwsSecrets(text, deadline, sink);
            case US_SSN -> {
                if (scanRuns(kind, SSN, text, deadline, sink) && ssnContext(text)) {
                    scanRuns(kind, SSN_LOOSE, text, deadline, sink);
                }
            }
            case PAYMENT_CARD, IBAN, EMAIL -> scanRuns(kind, pattern(kind), text, deadline, sink);
            default -> scanPattern(kind, pattern(kind), text, 0, text.length(), deadline, sink);
        }
    }

    /**
     * Runs one candidate pattern on {@code text[from, to)}, reporting spans in text offsets; false when the sink
     * declined a span.
     */
    private static boolean scanPattern(Kind kind, Pattern pattern, String text, int from, int to, Deadline deadline,
                                       SpanSink sink) {
        String window = from == 0 && to == text.length() ? text : text.substring(from, to);
        Matcher m = pattern.matcher(deadline.watch(window));
        int at = 0;
        while (at <= window.length() && m.find(at)) {
            int[] one = groupOne(kind, m, window);
            Span span = validate(kind, pattern, m, text, from, one[0], one[1]);
            if (span != null && !sink.accept(span)) {
                return false;
            }
            at = one[1];
        }
        return true;
    }

    /**
     * Where group 1 (the candidate) of a match lies in the window. RE2/J finds a match's bounds in one pass but
     * runs the automaton again for any group inside it; for the patterns whose boundary before and after the
     * candidate is one character the candidate can neither begin nor end with (a card, an IBAN, an e-mail
     * address, a key id), the match's bounds tell where the candidate is: a boundary character was read when the
     * match begins (ends) with a character the candidate cannot begin (end) with. On a text of many candidates
     * that halves the automaton's work.
     */
    private static int[] groupOne(Kind kind, Matcher m, String window) {
        int s = m.start();
        int e = m.end();
        switch (kind) {
            case PAYMENT_CARD -> {
                return new int[] {isDigit(window.charAt(s)) ? s : s + 1, isDigit(window.charAt(e - 1)) ? e : e - 1};
            }
            case IBAN -> {
                // begins with a capital, ends with a capital or a digit; the boundaries are neither
                return new int[] {isUpper(window.charAt(s)) ? s : s + 1, isIbanChar(window.charAt(e - 1)) ? e : e - 1};
            }
            case AWS_ACCESS_KEY -> {
                return new int[] {isUpper(window.charAt(s)) ? s : s + 1, isKeyIdChar(window.charAt(e - 1)) ? e : e - 1};
            }
            case EMAIL -> {
                return new int[] {isAddressChar(window.charAt(s)) ? s : s + 1, isLetter(window.charAt(e - 1)) ? e : e - 1};
            }
            default -> {
                return new int[] {m.start(1), m.end(1)};
            }
        }
    }

    private static boolean isIbanChar(char c) {
        return isUpper(c) || isDigit(c);
    }

    private static boolean isKeyIdChar(char c) {
        return isUpper(c) || (c >= '2' && c <= '7');
    }

    private static boolean isLetter(char c) {
        return isUpper(c) || (c >= 'a' && c <= 'z');
    }

    private static boolean isAddressChar(char c) {
        return isLetter(c) || isDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    /**
     * Runs the pattern only on the runs of characters a candidate can be made of (digits and separators for cards
     * and SSNs; capitals, digits and separators for IBANs; address characters around an '@' for e-mail), each
     * with the character on either side, which the pattern's boundaries read: a match can neither start nor end
     * outside its run, so this finds what a scan of the whole text finds, and RE2 (tens of nanoseconds a
     * character) reads a fraction of the text.
     */
    private static boolean scanRuns(Kind kind, Pattern pattern, String text, Deadline deadline, SpanSink sink) {
        Deadline.Counter clock = deadline.counter();
        int i = 0;
        while (i < text.length()) {
            int start = i;
            int digits = 0;
            boolean at = false;
            boolean ibanStart = false;
            while (i < text.length() && inRun(kind, text.charAt(i))) {
                clock.tick();
                char c = text.charAt(i);
                if (isDigit(c)) {
                    digits++;
                    ibanStart |= i >= start + 3 && isDigit(text.charAt(i - 1)) && isUpper(text.charAt(i - 2))
                            && isUpper(text.charAt(i - 3));
                }
                at |= c == '@';
                i++;
            }
            boolean worth = switch (kind) {
                case PAYMENT_CARD -> digits >= 13;
                case US_SSN -> digits >= 9;
                case IBAN -> ibanStart && digits >= 6;
                default -> at;
            };
            if (worth && !scanPattern(kind, pattern, text, Math.max(0, start - 1), Math.min(text.length(), i + 1),
                    deadline, sink)) {
                return false;
            }
            i = Math.max(i, start + 1);
        }
        return true;
    }

    private static boolean inRun(Kind kind, char c) {
        return switch (kind) {
            case PAYMENT_CARD -> isDigit(c) || c == ' ' || c == '-' || c == '.' || c == '/' || c == '\n' || c == '\r'
                    || c == '\t';
            case US_SSN -> isDigit(c) || c == ' ' || c == '-' || c == '.';
            case IBAN -> isDigit(c) || isUpper(c) || c == ' ' || c == '-' || c == '.' || c == '\n' || c == '\r'
                    || c == '\t';
            default -> isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '_'
                    || c == '%' || c == '+' || c == '-' || c == '@';
        };
    }

    /**
     * The span a candidate stands for once checked (it may be narrower than group 1), or null; the matcher ran on
     * a window of {@code text} that starts at {@code base}.
     */
    private static Span validate(Kind kind, Pattern pattern, Matcher m, String text, int base, int groupStart,
                                 int groupEnd) {
        int start = base + groupStart;
        int end = base + groupEnd;
        String value = text.substring(start, end);
        boolean ok = switch (kind) {
            case PAYMENT_CARD -> {
                int[] span = cardSpan(value);
                if (span == null) {
                    yield false;
                }
                end = start + span[1];
                start += span[0];
                yield true;
            }
            case IBAN -> {
                int cut = ibanLength(value);
                end = start + cut;
                yield cut > 0;
            }
            case US_SSN -> pattern == SSN
                    ? isSsn(m.group(2), m.group(3) != null ? m.group(3) : m.group(4), m.group(5))
                    : isLooseSsn(value) && ssnContextBefore(text, start);
            case JWT -> isJwtHeader(m.group(2)) && !ExampleValues.isJwtIo(value);
            case PRIVATE_KEY -> hasKeyBody(text, end);
            case AWS_ACCESS_KEY -> !ExampleValues.isAwsExample(value) && !ExampleValues.isPlaceholder(value.substring(4));
            case EMAIL -> !Credentials.isUrlUserinfo(text, start)
                    && !ExampleValues.isExampleDomain(value.substring(value.indexOf('@') + 1));
            default -> true;
        };
        return ok ? new Span(kind, start, end) : null;
    }

    private static Pattern pattern(Kind kind) {
        return switch (kind) {
            case PAYMENT_CARD -> CARD;
            case IBAN -> IBAN_RE;
            case AWS_ACCESS_KEY -> AWS_KEY;
            case PRIVATE_KEY -> PEM;
            case JWT -> JWT_RE;
            case EMAIL -> EMAIL_RE;
            default -> throw new IllegalArgumentException(kind + " has no single pattern");
        };
    }

    /**
     * A cheap necessary condition, checked before the pattern runs: most outputs hold no '@', no run of grouped
     * digits and no key prefix, and the patterns (character classes at every position, run by RE2's automaton)
     * cost far more than this scan. Each condition follows from the pattern and its check, so it never hides a
     * match.
     */
    /**
     * What one pass over a text tells the kinds' preconditions: how many ASCII digits it holds, its longest run of
     * the characters the API token formats are written with, and whether it has an '@', a ':' or an '='. Each is a
     * necessary condition of one kind's own check in {@link #mayContain(Kind, String)}, so that check runs only
     * where it can hold: on most outputs one pass replaces several.
     *
     * <p>The runs of narrower classes are measured only when they can reach what a kind needs, by a pass of their
     * own the first time they are asked for: an AWS secret key's characters and base64's are token characters too,
     * so neither run is longer than the token run; a phone number's run counts its digits, so it is no longer than
     * the text's digits. On most outputs neither pass happens, and the pass over every character keeps one run.
     * Not thread-safe: one record, one thread.
     */
    static final class Profile {
        private final String text;
        private final int digits;
        private final int longestTokenRun;
        private final boolean at;
        private final boolean operator;
        private final int literals;
        /** Measured on first use; -1 until then. */
        private int keyRun = -1;
        private int base64Run = -1;
        private int phoneRun = -1;
        private int groupedDigits = -1;

        private Profile(String text, int digits, int longestTokenRun, boolean at, boolean operator, int literals) {
            this.text = text;
            this.digits = digits;
            this.longestTokenRun = longestTokenRun;
            this.at = at;
            this.operator = operator;
            this.literals = literals;
        }

        static Profile of(String text) {
            Builder b = new Builder();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                b.add(c < 128 ? PROFILE_CLASS[c] : 0);
            }
            return b.build(text, DetectorLiterals.UNKNOWN);
        }

        /** The ASCII digits in the text. */
        int digits() {
            return digits;
        }

        /** The longest run of characters an API token is written with ({@link TokenFormats#isTokenChar}). */
        int longestTokenRun() {
            return longestTokenRun;
        }

        /** Whether the text has an '@'. */
        boolean at() {
            return at;
        }

        /** Whether the text has a ':' or an '='. */
        boolean operator() {
            return operator;
        }

        /** The {@link DetectorLiterals} bits the text may hold ({@link DetectorLiterals#UNKNOWN}: any). */
        int literals() {
            return literals;
        }

        /**
         * False when the text cannot hold the strings of {@code literal} (a {@link DetectorLiterals} bit): the
         * policy's automaton read the text and found none of them. True otherwise, also when no automaton read it.
         */
        boolean may(int literal) {
            return (literals & literal) != 0;
        }

        /** Whether the text has a run of at least {@code n} of an AWS secret key's characters. */
        boolean keyRunReaches(int n) {
            return n <= longestTokenRun && longestKeyRun() >= n;
        }

        /** Whether the text has a run of at least {@code n} base64 characters. */
        boolean base64RunReaches(int n) {
            return n <= longestTokenRun && longestBase64Run() >= n;
        }

        /** Whether the text has a run of the characters phone numbers are written with holding {@code n} digits. */
        boolean phoneRunReaches(int n) {
            return n <= digits && longestPhoneRun() >= n;
        }

        /** The most digits in one run of {@link Detectors#longestGroupedDigits}'s kind; 0 below nine digits. */
        int longestGroupedDigits() {
            if (groupedDigits < 0) {
                // grouped digits are asked for nine digits at least (an SSN's); only then is the text read for them
                groupedDigits = digits >= 9 ? Detectors.longestGroupedDigits(text) : 0;
            }
            return groupedDigits;
        }

        /** The longest run of an AWS secret key's characters (letters, digits, '/' and '+'), measured once. */
        int longestKeyRun() {
            if (keyRun < 0) {
                keyRun = longest(KEY, false);
            }
            return keyRun;
        }

        /** The longest run of base64's characters (a key's, '-' and '_'), measured once. */
        int longestBase64Run() {
            if (base64Run < 0) {
                base64Run = longest(BASE64, false);
            }
            return base64Run;
        }

        /** The most digits in one run of {@link PhoneNumbers#isRunChar} characters, measured once. */
        int longestPhoneRun() {
            if (phoneRun < 0) {
                phoneRun = longest(PHONE, true);
            }
            return phoneRun;
        }

        /** The longest run of characters of class {@code bit}, counting every character or only the digits. */
        private int longest(int bit, boolean countDigits) {
            int run = 0;
            int longest = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                int k = c < 128 ? PROFILE_CLASS[c] : 0;
                if ((k & bit) == 0) {
                    run = 0;
                } else if (!countDigits || (k & DIGIT) != 0) {
                    longest = Math.max(longest, ++run);
                }
            }
            return longest;
        }

        /**
         * A profile as its text is read, one character's {@link #PROFILE_CLASS} bits at a time (0 for a character
         * outside ASCII): a few adds per character and no branch on what it is, the run's length reset by a mask and
         * the longest kept by a max. {@link #of} and {@link FieldPass} both read text into one.
         */
        static final class Builder {
            private int digits;
            private int tokenRun;
            private int longestToken;
            private int seen;

            void add(int k) {
                digits += k & DIGIT;
                tokenRun = (tokenRun + 1) & -((k >>> 3) & 1);
                longestToken = Math.max(longestToken, tokenRun);
                seen |= k;
            }

            /** Every class bit added so far, OR'd (bits above the profile's included). */
            int seen() {
                return seen;
            }

            /**
             * The profile of {@code text}, all of whose characters were added, with the {@link DetectorLiterals}
             * bits it may hold ({@link DetectorLiterals#UNKNOWN} when no automaton read it).
             */
            Profile build(String text, int literals) {
                return new Profile(text, digits, longestToken, (seen & AT) != 0, (seen & OPERATOR) != 0, literals);
            }
        }

        /** The classes of {@link #PROFILE_CLASS}, one bit each, in this order (the shifts in {@link Builder#add} read them). */
        private static final int DIGIT = 1;
        private static final int KEY = 2;
        private static final int BASE64 = 4;
        private static final int TOKEN = 8;
        private static final int PHONE = 16;
        private static final int AT = 32;
        private static final int OPERATOR = 64;

        /**
         * For each ASCII character, the runs it continues: an AWS secret key's (letters, digits, '/' and '+'),
         * base64's (those, '-' and '_'), a token's ({@link TokenFormats#isTokenChar}), a phone number's
         * ({@link PhoneNumbers#isRunChar}); and whether it is a digit, an '@' or an operator (':' or '=').
         */
        static final int[] PROFILE_CLASS = new int[128];

        static {
            for (char c = 0; c < 128; c++) {
                boolean digit = c >= '0' && c <= '9';
                boolean key = digit || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '/' || c == '+';
                boolean base64 = key || c == '-' || c == '_';
                PROFILE_CLASS[c] = (digit ? DIGIT : 0) | (key ? KEY : 0) | (base64 ? BASE64 : 0)
                        | (TokenFormats.isTokenChar(c) ? TOKEN : 0) | (PhoneNumbers.isRunChar(c) ? PHONE : 0)
                        | (c == '@' ? AT : 0) | (c == ':' || c == '=' ? OPERATOR : 0);
                // the narrower runs are measured only where the token run can hold them (see above)
                if ((PROFILE_CLASS[c] & (KEY | BASE64)) != 0 && (PROFILE_CLASS[c] & TOKEN) == 0) {
                    throw new IllegalStateException("a key or base64 character that is not a token's: " + (int) c);
                }
            }
        }
    }

    /** {@link #mayContain(Kind, String)}, ruled out first by what the profile shows it needs. */
    static boolean mayContain(Kind kind, String text, Profile p) {
        return switch (kind) {
            case EMAIL -> p.at();
            case PAYMENT_CARD -> p.longestGroupedDigits() >= 13;
            case US_SSN -> p.longestGroupedDigits() >= 9;
            // the profile counts the digits mayContain would count again
            case IBAN -> p.digits() >= 6 && ibanStart(text);
            case PHONE -> p.phoneRunReaches(7);
            case API_TOKEN -> p.longestTokenRun() >= TokenFormats.MIN_TOKEN_RUN;
            case AWS_SECRET_KEY -> p.keyRunReaches(40) && p.may(DetectorLiterals.SECRET) && mayContain(kind, text);
            case SECRET_ASSIGNMENT -> p.operator() && mayContain(kind, text);
            case JWT -> p.may(DetectorLiterals.JWT) && mayContain(kind, text);
            case PRIVATE_KEY -> p.may(DetectorLiterals.PEM) && mayContain(kind, text);
            case AWS_ACCESS_KEY -> p.may(DetectorLiterals.AWS_KEY_ID) && mayContain(kind, text);
            case URL_CREDENTIALS -> ((p.at() && p.may(DetectorLiterals.SCHEME)) || p.may(DetectorLiterals.BASIC))
                    && mayContain(kind, text);
        };
    }

    static boolean mayContain(Kind kind, String text) {
        return switch (kind) {
            case EMAIL -> text.indexOf('@') >= 0;
            // 13 digits with at most one separator (or a line break and indentation) between two
            case PAYMENT_CARD -> groupedDigits(text, 13);
            // 2 letters and 2 check digits begin it; the old condition (6 digits) is kept, as the check needs them
            case IBAN -> digits(text, 6) && ibanStart(text);
            // 9 digits with at most one separator between two
            case US_SSN -> groupedDigits(text, 9);
            case PHONE -> PhoneNumbers.mayContain(text);
            case AWS_ACCESS_KEY -> awsKeyPrefix(text);
            case AWS_SECRET_KEY -> Credentials.mayContainAwsSecret(text);
            case PRIVATE_KEY -> text.contains("-----BEGIN");
            case JWT -> text.contains("eyJ");
            case API_TOKEN -> TokenFormats.mayContain(text);
            case URL_CREDENTIALS -> Credentials.mayContainUrlCredentials(text);
            case SECRET_ASSIGNMENT -> Credentials.mayContainSecretAssignment(text);
        };
    }

    /**
     * A run of at least {@code atLeast} digits with at most one separator (space, hyphen, dot, slash, or a line
     * break followed by indentation) between two digits.
     */
    private static boolean groupedDigits(String text, int atLeast) {
        return longestGroupedDigits(text) >= atLeast;
    }

    /** The most digits in one run of {@link #groupedDigits}'s kind. */
    static int longestGroupedDigits(String text) {
        int run = 0;
        int longest = 0;
        boolean afterDigit = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                longest = Math.max(longest, ++run);
                afterDigit = true;
            } else if (afterDigit && " -./".indexOf(c) >= 0) {
                afterDigit = false;
            } else if (afterDigit && (c == '\n' || c == '\r')) {
                // a line break and the next line's indentation
                int j = i + 1;
                if (c == '\r' && j < text.length() && text.charAt(j) == '\n') {
                    j++;
                }
                while (j < text.length() && (text.charAt(j) == ' ' || text.charAt(j) == '\t')) {
                    j++;
                }
                i = j - 1;
                afterDigit = false;
            } else {
                run = 0;
                afterDigit = false;
            }
        }
        return longest;
    }

    /** One of the key id prefixes (AKIA, ASIA, ...), found in one pass without a substring per 'A'. */
    private static boolean awsKeyPrefix(String text) {
        for (int i = text.indexOf('A'); i >= 0 && i + 3 < text.length(); i = text.indexOf('A', i + 1)) {
            char b = text.charAt(i + 1);
            if (b >= 'B' && b <= 'S' && isUpper(text.charAt(i + 2)) && isUpper(text.charAt(i + 3))) {
                for (String p : AWS_PREFIXES) {
                    if (text.startsWith(p, i)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static final String[] AWS_PREFIXES = {"AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AROA", "AIPA",
            "ANPA", "ANVA", "APKA"};

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

    /**
     * Where the card number in a candidate is ({@code {start, end}} within it), or null. The whole candidate
     * counts when its separators are spaces and hyphens only, as before. Otherwise (a dot, a slash, a line break
     * between groups), and for the leading groups when the whole fails (a card with a date or a reference glued
     * on, "4111 1111 1111 1111 09/27"), the groups must fall as cards print them: 4-4-4-4 (the last group
     * shorter or a fifth for 19 digits), 4-6-5 or 4-6-4, or one unbroken run. Luhn, the
     * issuer prefix and the test-card list then decide.
     */
    static int[] cardSpan(String candidate) {
        List<int[]> groups = new ArrayList<>();
        boolean exotic = false;
        int i = 0;
        while (i < candidate.length()) {
            int s = i;
            while (i < candidate.length() && isDigit(candidate.charAt(i))) {
                i++;
            }
            groups.add(new int[] {s, i});
            int sep = i;
            while (i < candidate.length() && !isDigit(candidate.charAt(i))) {
                i++;
            }
            if (i > sep && !(i - sep == 1 && (candidate.charAt(sep) == ' ' || candidate.charAt(sep) == '-'))) {
                exotic = true;
            }
        }
        if (!exotic) {
            Boolean whole = cardVerdict(candidate, groups, 0, groups.size() - 1, false);
            if (whole != null) {
                return whole ? new int[] {0, candidate.length()} : null;
            }
        }
        // leading groups only: what follows a card is often a date or an amount, what precedes it a word
        for (int b = groups.size() - 1; b >= 0; b--) {
            Boolean v = cardVerdict(candidate, groups, 0, b, true);
            if (v != null) {
                return v ? new int[] {0, groups.get(b)[1]} : null;
            }
        }
        return null;
    }

    /**
     * Groups {@code a..b} as a card: true (a card), false (a published test card: stop looking), or null (not a
     * card number).
     */
    private static Boolean cardVerdict(String candidate, List<int[]> groups, int a, int b, boolean layout) {
        StringBuilder digits = new StringBuilder(19);
        for (int g = a; g <= b; g++) {
            digits.append(candidate, groups.get(g)[0], groups.get(g)[1]);
            if (digits.length() > 19) {
                return null;
            }
        }
        if (layout && !cardLayout(groups, a, b)) {
            return null;
        }
        String d = digits.toString();
        if (!isCardNumber(d)) {
            return null;
        }
        return !ExampleValues.isTestCard(d);
    }

    private static boolean cardLayout(List<int[]> groups, int a, int b) {
        int n = b - a + 1;
        int[] len = new int[n];
        for (int g = 0; g < n; g++) {
            len[g] = groups.get(a + g)[1] - groups.get(a + g)[0];
        }
        if (n == 1) {
            return true;
        }
        if (n == 3 && len[0] == 4 && len[1] == 6 && (len[2] == 5 || len[2] == 4)) {
            return true;
        }
        for (int g = 0; g < n - 1; g++) {
            if (len[g] != 4) {
                return false;
            }
        }
        return len[n - 1] >= 1 && len[n - 1] <= 4;
    }

    /** 13 to 19 digits, a known issuer prefix, and a valid Luhn check digit. */
    private static boolean isCardNumber(String digits) {
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
                || two == 62                                // UnionPay
                || two == 50 || (two >= 56 && two <= 69)    // Maestro (50, 56-69)
                || (four >= 2200 && four <= 2204);          // Mir
    }

    /**
     * The length of the IBAN that starts the candidate (country length where known, ISO 13616 mod-97), or 0. A
     * candidate may run on into the next words ("DE89 3704 0044 0532 0130 00 TO ACME"): it is cut where a group
     * ends, longest first. A textbook IBAN is none.
     */
    static int ibanLength(String candidate) {
        Integer expected = IBAN_LENGTHS.get(candidate.substring(0, 2));
        int compact = 0;
        List<int[]> cuts = new ArrayList<>();   // {compact length, candidate index}
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (isUpper(c) || isDigit(c)) {
                compact++;
                if (i + 1 == candidate.length() || !(isUpper(candidate.charAt(i + 1))
                        || isDigit(candidate.charAt(i + 1)))) {
                    cuts.add(new int[] {compact, i + 1});
                }
            }
        }
        for (int k = cuts.size() - 1; k >= 0; k--) {
            int len = cuts.get(k)[0];
            if (expected != null ? len != expected : len < 15 || len > 34) {
                continue;
            }
            String prefix = candidate.substring(0, cuts.get(k)[1]);
            if (isIban(prefix)) {
                return ExampleValues.isTextbookIban(compactIban(prefix)) ? 0 : cuts.get(k)[1];
            }
        }
        return 0;
    }

    private static String compactIban(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isUpper(c) || isDigit(c)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Country length (where known) and ISO 13616 mod-97 check. */
    static boolean isIban(String candidate) {
        String iban = compactIban(candidate.toUpperCase(Locale.ROOT));
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

    /** Area 001-899 except 666, group 01-99, serial 0001-9999; placeholder numbers excluded. */
    static boolean isSsn(String area, String group, String serial) {
        int a = Integer.parseInt(area);
        if (a == 0 || a == 666 || a >= 900 || group.equals("00") || serial.equals("0000")) {
            return false;
        }
        return !ExampleValues.isPlaceholderSsn(area + group + serial);
    }

    /**
     * Nine digits not written as the strict pattern already reads them (ddd-dd-dddd, ddd dd dddd), in the SSA's
     * ranges.
     */
    private static boolean isLooseSsn(String candidate) {
        if (SSN.matcher(candidate).matches()) {
            return false;
        }
        StringBuilder d = new StringBuilder(9);
        for (int i = 0; i < candidate.length(); i++) {
            if (isDigit(candidate.charAt(i))) {
                d.append(candidate.charAt(i));
            }
        }
        return isSsn(d.substring(0, 3), d.substring(3, 5), d.substring(5));
    }

    /** Words that name a US social security number (lower case). */
    private static final List<String> SSN_WORDS = List.of("ssn", "social security", "soc sec", "soc. sec", "ss#",
            "ss #", "ss no");

    private static boolean ssnContext(String text) {
        for (String w : SSN_WORDS) {
            if (Credentials.indexOfIgnoreCase(text, w, 0) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** One of {@link #SSN_WORDS} within the 40 characters before {@code start}. */
    private static boolean ssnContextBefore(String text, int start) {
        return ssnContext(text.substring(Math.max(0, start - 40), start));
    }

    /** Fewest base64 characters that open a key body: less is a placeholder or a name, not key material. */
    static final int MIN_KEY_BODY = 16;

    /**
     * Whether key material follows a BEGIN marker that ends at {@code at}: after line breaks (real or written
     * {@code \n}, as in JSON) and PEM headers ({@code Proc-Type:}, {@code DEK-Info:}), a line that opens with
     * {@value #MIN_KEY_BODY} base64 characters and no placeholder word. A lone marker ("a key file starts with
     * -----BEGIN PRIVATE KEY-----") or one around a placeholder ({@code <contents of key.pem>},
     * {@code ...your key here...}) is no key.
     */
    static boolean hasKeyBody(String text, int at) {
        int i = at;
        for (int lines = 0; lines < 8; lines++) {
            i = skipLineBreaks(text, i);
            int lineEnd = i;
            while (lineEnd < text.length() && text.charAt(lineEnd) != '\n' && text.charAt(lineEnd) != '\r'
                    && !(text.charAt(lineEnd) == '\\' && lineEnd + 1 < text.length() && text.charAt(lineEnd + 1) == 'n')) {
                lineEnd++;
            }
            if (lineEnd == i) {
                return false;
            }
            String line = text.substring(i, lineEnd);
            if (line.startsWith("Proc-Type:") || line.startsWith("DEK-Info:") || line.startsWith("Comment:")) {
                i = lineEnd;
                continue;
            }
            int b64 = 0;
            while (b64 < line.length() && isBase64(line.charAt(b64))) {
                b64++;
            }
            // key material has runs of 'A' (zero bytes): only a placeholder word marks a stand-in here
            return b64 >= MIN_KEY_BODY && !ExampleValues.hasPlaceholderWord(line.substring(0, b64));
        }
        return false;
    }

    /** Spaces, tabs, line breaks and written {@code \n} / {@code \r} from {@code i} on. */
    private static int skipLineBreaks(String text, int i) {
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                i++;
            } else if (c == '\\' && i + 1 < text.length() && (text.charAt(i + 1) == 'n' || text.charAt(i + 1) == 'r')) {
                i += 2;
            } else {
                break;
            }
        }
        return i;
    }

    private static boolean isBase64(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    }

    private static boolean isJwtHeader(String header) {
        try {
            String json = new String(Base64.getUrlDecoder().decode(header), StandardCharsets.UTF_8);
            return json.startsWith("{") && json.contains("\"alg\"");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
