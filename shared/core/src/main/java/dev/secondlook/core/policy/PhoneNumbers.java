package dev.secondlook.core.policy;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code phone} detector: phone numbers of any region, validated with Google's libphonenumber against each
 * region's numbering plan, toll-free business numbers excepted.
 *
 * <p>libphonenumber runs java.util.regex internally, which backtracks. It therefore never sees the text: an RE2
 * pre-scan (linear) finds short candidates (digits with at most two separators between two, at most
 * {@value #MAX_CANDIDATE} chars), and only those reach it, at most {@value #MAX_VALIDATIONS} validations per text,
 * so a text made of numbers costs a bounded number of them (15 to 30 us each). A national number is validated
 * from its digits, never parsed from the text.
 *
 * <p>Which numbers count, as a person reading the text would decide:
 * <ul>
 *   <li>international form ({@code +44 20 7946 0958}, {@code 0049 30 901820}): valid in the region its country
 *       code names;</li>
 *   <li>North American form ({@code (415) 555-2671}, {@code 415.555.2671}, {@code 1-415-555-2671}): valid in the
 *       US or Canada, or a well-formed NANP number (area code and exchange 2-9xx), as the detector always
 *       accepted;</li>
 *   <li>a national number with its trunk prefix 0, grouped ({@code 030 901820}, {@code 06 12 34 56 78},
 *       {@code 020 7946 0958}), or unformatted after a word that says it is a phone number: valid in one of the
 *       European, Indian or Australian regions that dial 0 before a national number;</li>
 *   <li>anything else (unformatted {@code 4155552671}, Indian {@code 98765 43210}, Spanish {@code 612 345 678}):
 *       only where a word before it says it is a phone number ("call", "phone", "tel", "mobile", "WhatsApp",
 *       "Telefon", "portable", "Anna's number"...), and valid in North America, India or Spain.</li>
 * </ul>
 * Never a phone number: the numbers regulators reserve for fiction ({@link ExampleValues#isFictionalPhone}),
 * toll-free and other business numbers, a date ({@code 05/11/2026}), the digits of an SSN written as one
 * ({@code 078-05-1120}), and the digit groups that end an IBAN ({@code NL91 ABNA 0417 1643 00}).
 */
final class PhoneNumbers {

    /** Longest candidate handed to libphonenumber. */
    static final int MAX_CANDIDATE = 32;
    /** Most libphonenumber parses for one text. */
    static final int MAX_VALIDATIONS = 200;

    /**
     * Regions tried for a national number written with its trunk prefix 0, most likely first: each drops the 0
     * before its national number.
     */
    private static final List<String> TRUNK_ZERO_REGIONS = List.of("GB", "DE", "FR", "IN", "AU", "NL", "IE", "BE",
            "CH", "AT");

    /** Words that say the number after them is a phone number (lower case; matched at a word start). */
    private static final List<String> CONTEXT = List.of("phone", "tel", "mobile", "mob", "cell", "call", "ring",
            "text", "sms", "whatsapp", "signal", "fax", "contact", "reach", "dial", "telephone", "landline",
            "hotline", "handy", "telefon", "rufnummer", "anruf", "erreichbar", "portable", "joindre", "appel",
            "numéro", "téléphone", "teléfono", "móvil", "telefono", "cellulare", "my number", "his number",
            "her number", "their number", "nummer", "'s number", "\u2019s number");

    /**
     * A candidate: an optional '+' (or 00), then digits with at most two separator characters between two of
     * them (". ", ") ", " (" ...), 7 to 17 digits. It starts after a character that cannot continue a word or a
     * number, and ends before one.
     */
    private static final Pattern CANDIDATE = Pattern.compile(
            "(?:^|[^\\w+.-])((?:\\+[ ]?)?(?:\\(\\d{1,5}\\)[ .-]?)?\\d(?:(?:[ ./()-]{0,2}| / )\\d){6,16})(?:$|[^\\w-])");

    /** NANP's toll-free area codes. */
    private static final Set<String> TOLL_FREE_NANP = Set.of("800", "833", "844", "855", "866",
            "877", "888");

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private PhoneNumbers() {
    }

    /** A run of at least 7 digits with nothing but spaces, dots, hyphens, slashes, parentheses or '+' between. */
    static boolean mayContain(String text) {
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++run >= 7) {
                    return true;
                }
            } else if (!isRunChar(c)) {
                run = 0;
            }
        }
        return false;
    }

    /** A digit or a separator a phone number is written with: space . - / ( ) + */
    static boolean isRunChar(char c) {
        return c < 128 && RUN_CHAR[c];
    }

    private static final boolean[] RUN_CHAR = new boolean[128];

    static {
        for (char c : "0123456789 .-/()+".toCharArray()) {
            RUN_CHAR[c] = true;
        }
    }

    /**
     * Hands each phone number in {@code text} to {@code sink}, in text order, until it declines one. The pattern
     * runs only on the runs of digits and separators that hold 7 digits or more (with the character on each side,
     * which its boundaries read): most of a text is words, and RE2 costs far more a character than this scan.
     */
    static void scan(String text, Deadline deadline, Detectors.SpanSink sink) {
        int[] budget = {MAX_VALIDATIONS};
        Deadline.Counter clock = deadline.counter();
        int i = 0;
        while (i < text.length() && budget[0] > 0) {
            int runStart = i;
            int digits = 0;
            while (i < text.length() && isRunChar(text.charAt(i))) {
                clock.tick();
                if (text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                    digits++;
                }
                i++;
            }
            if (digits >= 7 && !scanWindow(text, Math.max(0, runStart - 1), Math.min(text.length(), i + 1),
                    deadline, budget, sink)) {
                return;
            }
            i = Math.max(i, runStart + 1);
        }
    }

    /** Runs the candidate pattern on {@code text[from, to)}; false when the sink declined a span. */
    private static boolean scanWindow(String text, int from, int to, Deadline deadline, int[] budget,
                                      Detectors.SpanSink sink) {
        Matcher m = CANDIDATE.matcher(text.substring(from, to));
        int at = 0;
        while (at <= to - from && budget[0] > 0 && m.find(at)) {
            int start = from + m.start(1);
            int end = from + m.end(1);
            at = m.end(1);
            String candidate = text.substring(start, end);
            if (candidate.length() > MAX_CANDIDATE || isDate(candidate) || isSsnShaped(candidate)
                    || endsIban(text, start)) {
                continue;
            }
            deadline.check();
            if (isPhone(candidate, text, start, budget)
                    && !sink.accept(new Detectors.Span(Detectors.Kind.PHONE, start, end))) {
                return false;
            }
        }
        return true;
    }

    /**
     * What libphonenumber says of a candidate in one region: a person's number, a business's (toll-free, premium
     * rate...) or one reserved for fiction, or none.
     */
    private enum Verdict { PERSONAL, BUSINESS, FICTIONAL, INVALID }

    /** A phone number as the class comment defines, found at {@code start} of {@code text}. */
    static boolean isPhone(String candidate, String text, int start, int[] budget) {
        String digits = digitsOf(candidate);
        boolean plus = candidate.startsWith("+");
        if (!plus && digits.startsWith("00") && digits.length() > 9) {
            return international("+" + digits.substring(2), budget) == Verdict.PERSONAL;
        }
        if (plus) {
            return digits.length() >= 8 && international(candidate, budget) == Verdict.PERSONAL;
        }
        if (digits.length() < 9 || digits.length() > 15) {
            return false;
        }
        if (isNanpShaped(candidate)) {
            String national = digits.length() == 11 ? digits.substring(1) : digits;
            Verdict verdict = nanp(national, budget);
            if (verdict != Verdict.INVALID) {
                return verdict == Verdict.PERSONAL;
            }
            // the detector always accepted ddd-ddd-dddd: keep those whose area code and exchange NANP allows
            // (fictional 555 area codes, unassigned ones), but not 123-456-7890 or 555-555-5555
            return national.charAt(0) >= '2' && national.charAt(3) >= '2' && !sameDigit(national)
                    && !TOLL_FREE_NANP.contains(national.substring(0, 3))
                    && !ExampleValues.isFictionalPhone(1, national);
        }
        boolean trunk = digits.startsWith("0");
        if (!(trunk && !candidate.equals(digits)) && !hasContext(text, start)) {
            return false;
        }
        if (trunk) {
            // after the trunk 0 a national number has 8 digits or more and no second 0 (00 dials abroad)
            if (digits.length() < 9 || digits.charAt(1) == '0') {
                return false;
            }
            for (String region : TRUNK_ZERO_REGIONS) {
                // a range reserved for fiction in any of them: another region's plan may accept its digits
                if (ExampleValues.isFictionalPhone(UTIL.getCountryCodeForRegion(region), digits.substring(1))) {
                    return false;
                }
            }
            for (String region : TRUNK_ZERO_REGIONS) {
                Verdict v = national(digits.substring(1), region, budget);
                if (v != Verdict.INVALID) {
                    return v == Verdict.PERSONAL;
                }
            }
            return false;
        }
        // written without a trunk prefix: North America (4155552671, 1 415...), India (98765 43210), Spain
        if (digits.length() == 10 || (digits.length() == 11 && digits.startsWith("1"))) {
            Verdict v = nanp(digits.length() == 11 ? digits.substring(1) : digits, budget);
            if (v == Verdict.INVALID && digits.length() == 10) {
                v = national(digits, "IN", budget);
            }
            return v == Verdict.PERSONAL;
        }
        return digits.length() == 9 && national(digits, "ES", budget) == Verdict.PERSONAL;
    }

    /** What libphonenumber says of a ten-digit North American number, in the US or in Canada. */
    private static Verdict nanp(String national, int[] budget) {
        Verdict us = national(national, "US", budget);
        return us == Verdict.INVALID ? national(national, "CA", budget) : us;
    }

    /**
     * What libphonenumber says of a national significant number (trunk prefix removed) in {@code region}. The
     * number object is built here rather than parsed from the text: parsing runs a dozen patterns per call, and
     * the digits are already known.
     */
    private static Verdict national(String nationalDigits, String region, int[] budget) {
        if (budget[0]-- <= 0 || nationalDigits.isEmpty() || nationalDigits.length() > 17) {
            return Verdict.INVALID;
        }
        int cc = UTIL.getCountryCodeForRegion(region);
        if (ExampleValues.isFictionalPhone(cc, nationalDigits)) {
            // libphonenumber may hold the range invalid; then another region's plan might accept the digits
            return Verdict.FICTIONAL;
        }
        Phonenumber.PhoneNumber n = new Phonenumber.PhoneNumber().setCountryCode(cc)
                .setNationalNumber(Long.parseLong(nationalDigits));
        return UTIL.isValidNumberForRegion(n, region) ? verdict(n) : Verdict.INVALID;
    }

    /**
     * What libphonenumber says of a number written with its country code ({@code +44 (0) 20 ...}): country
     * codes are prefix-free, so the first one to three digits that name one are it; a trunk 0 written after it
     * is dropped (kept for Italy, whose numbers begin with it).
     */
    private static Verdict international(String candidate, int[] budget) {
        String digits = digitsOf(candidate);
        for (int len = 1; len <= 3 && len < digits.length(); len++) {
            int cc = Integer.parseInt(digits.substring(0, len));
            String region = UTIL.getRegionCodeForCountryCode(cc);
            if ("ZZ".equals(region)) {
                continue;
            }
            String national = digits.substring(len);
            boolean italian = cc == 39 && national.startsWith("0");
            if (national.startsWith("0") && !italian) {
                national = national.substring(1);
            }
            if (budget[0]-- <= 0 || national.isEmpty() || national.length() > 17) {
                return Verdict.INVALID;
            }
            if (ExampleValues.isFictionalPhone(cc, national)) {
                return Verdict.FICTIONAL;
            }
            Phonenumber.PhoneNumber n = new Phonenumber.PhoneNumber().setCountryCode(cc)
                    .setNationalNumber(Long.parseLong(national));
            if (italian) {
                n.setItalianLeadingZero(true);
            }
            return UTIL.isValidNumber(n) ? verdict(n) : Verdict.INVALID;
        }
        return Verdict.INVALID;
    }

    /** Toll-free, premium-rate, shared-cost and universal access numbers belong to businesses, not persons. */
    private static Verdict verdict(Phonenumber.PhoneNumber n) {
        return switch (UTIL.getNumberType(n)) {
            case TOLL_FREE, PREMIUM_RATE, SHARED_COST, UAN -> Verdict.BUSINESS;
            default -> Verdict.PERSONAL;
        };
    }

    /**
     * {@code ddd-ddd-dddd}, {@code (ddd) ddd-dddd} or either after {@code 1-}: one separator kind between the
     * groups (space, dot or hyphen), as North American numbers are written.
     */
    static boolean isNanpShaped(String c) {
        String s = c.startsWith("1 ") || c.startsWith("1-") || c.startsWith("1.") ? c.substring(2) : c;
        if (s.length() == 14 && s.charAt(0) == '(' && s.charAt(4) == ')' && s.charAt(5) == ' '
                && (s.charAt(9) == '-' || s.charAt(9) == ' ' || s.charAt(9) == '.')) {
            return digitsAt(s, 1, 4) && digitsAt(s, 6, 9) && digitsAt(s, 10, 14);
        }
        if (s.length() == 13 && s.charAt(0) == '(' && s.charAt(4) == ')' && s.charAt(8) == '-') {
            return digitsAt(s, 1, 4) && digitsAt(s, 5, 8) && digitsAt(s, 9, 13);
        }
        if (s.length() == 12) {
            char sep = s.charAt(3);
            return (sep == '-' || sep == '.' || sep == ' ') && s.charAt(7) == sep && digitsAt(s, 0, 3)
                    && digitsAt(s, 4, 7) && digitsAt(s, 8, 12);
        }
        return false;
    }

    /**
     * A word before the number, within 40 characters, that says it is a phone number (at a word start; a word
     * that begins with an apostrophe, "'s number", follows a name).
     */
    static boolean hasContext(String text, int start) {
        int from = Math.max(0, start - 40);
        String window = text.substring(from, start).toLowerCase(Locale.ROOT);
        for (String word : CONTEXT) {
            boolean wordStart = Character.isLetter(word.charAt(0));
            for (int at = window.indexOf(word); at >= 0; at = window.indexOf(word, at + 1)) {
                if (!wordStart || (at == 0 ? from == 0 || !Character.isLetter(text.charAt(from - 1))
                        : !Character.isLetter(window.charAt(at - 1)))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Three digit groups of a date with one separator kind ({@code 05/11/2026}, {@code 2026-08-19},
     * {@code 19.08.26}), alone or beside other groups joined by another separator (a time: {@code 05/11/2026 10}).
     * Five dotted pairs ({@code 07.58.10.75.92}) are a French phone number, not a date.
     */
    static boolean isDate(String candidate) {
        List<int[]> groups = new ArrayList<>();   // {start, end} of each digit group
        int i = 0;
        while (i < candidate.length()) {
            while (i < candidate.length() && !isDigit(candidate.charAt(i))) {
                i++;
            }
            int s = i;
            while (i < candidate.length() && isDigit(candidate.charAt(i))) {
                i++;
            }
            if (i > s) {
                groups.add(new int[] {s, i});
            }
        }
        for (int g = 0; g + 2 < groups.size(); g++) {
            String sep = separator(candidate, groups, g);
            if (sep.length() != 1 || "./-".indexOf(sep.charAt(0)) < 0 || !sep.equals(separator(candidate, groups, g + 1))
                    || (g > 0 && sep.equals(separator(candidate, groups, g - 1)))
                    || (g + 3 < groups.size() && sep.equals(separator(candidate, groups, g + 2)))) {
                continue;
            }
            int a = len(groups, g);
            int b = len(groups, g + 1);
            int c = len(groups, g + 2);
            if ((a <= 2 && b <= 2 && (c == 2 || c == 4)) || (a == 4 && b <= 2 && c <= 2)) {
                return true;
            }
        }
        return false;
    }

    /** The characters between digit group {@code g} and the next. */
    private static String separator(String candidate, List<int[]> groups, int g) {
        return candidate.substring(groups.get(g)[1], groups.get(g + 1)[0]);
    }

    private static int len(List<int[]> groups, int g) {
        return groups.get(g)[1] - groups.get(g)[0];
    }

    /** {@code ddd-dd-dddd}: how a US social security number is written, never a phone number. */
    static boolean isSsnShaped(String c) {
        return c.length() == 11 && c.charAt(3) == '-' && c.charAt(6) == '-' && digitsAt(c, 0, 3) && digitsAt(c, 4, 6)
                && digitsAt(c, 7, 11);
    }

    /**
     * The digits at {@code start} end an IBAN written in groups ({@code NL91 ABNA 0417 1643 00}): going back over
     * groups of capitals and digits with single spaces between, the first group begins with two capitals and two
     * digits and some group holds a capital.
     */
    static boolean endsIban(String text, int start) {
        int i = start;
        boolean capital = false;
        while (i > 0 && start - i <= 40 && text.charAt(i - 1) == ' ') {
            int end = i - 1;
            int k = end;
            while (k > 0 && (isUpperAscii(text.charAt(k - 1)) || isDigit(text.charAt(k - 1)))) {
                capital |= isUpperAscii(text.charAt(k - 1));
                k--;
            }
            if (k == end || (k > 0 && text.charAt(k - 1) != ' ' && !isBoundary(text.charAt(k - 1)))) {
                break;
            }
            if (end - k >= 4 && isUpperAscii(text.charAt(k)) && isUpperAscii(text.charAt(k + 1))
                    && isDigit(text.charAt(k + 2)) && isDigit(text.charAt(k + 3))) {
                return capital;
            }
            i = k;
        }
        return false;
    }

    /** What may stand before an IBAN's first group: anything but a letter or a digit. */
    private static boolean isBoundary(char c) {
        return !Character.isLetterOrDigit(c);
    }

    private static boolean isUpperAscii(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean digitsAt(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean sameDigit(String digits) {
        return digits.chars().distinct().count() == 1;
    }

    private static String digitsOf(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
