package dev.secondlook.core.policy;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code phone} detector: phone numbers of any region, validated with Google's libphonenumber against each
 * region's numbering plan, toll-free business numbers excepted.
 *
 * <p>libphonenumber runs java.util.regex internally, which backtracks. It therefore never sees the text: an RE2
 * pre-scan (linear) finds short candidates (digits with single separators, at most {@value #MAX_CANDIDATE} chars),
 * and only those are parsed, at most {@value #MAX_VALIDATIONS} parses per text, so a text made of numbers costs a
 * bounded number of them (about 30 us each).
 *
 * <p>Which numbers count, as a person reading the text would decide:
 * <ul>
 *   <li>international form ({@code +44 20 7946 0958}, {@code 0049 30 901820}): valid in the region its country
 *       code names;</li>
 *   <li>North American form ({@code (415) 555-2671}, {@code 415.555.2671}, {@code 1-415-555-2671}): valid in the
 *       US or Canada, or a well-formed NANP number (area code and exchange 2-9xx), as the detector always
 *       accepted;</li>
 *   <li>a national number with its trunk prefix, grouped ({@code 030 901820}, {@code 06 12 34 56 78},
 *       {@code 020 7946 0958}): valid in one of the regions below;</li>
 *   <li>anything else (unformatted {@code 4155552671}, Indian {@code 98765 43210}): only where a word before it
 *       says it is a phone number ("call", "phone", "tel", "mobile", "WhatsApp", "Telefon", "portable"...), and
 *       valid in one of the regions below.</li>
 * </ul>
 */
final class PhoneNumbers {

    /** Longest candidate handed to libphonenumber. */
    static final int MAX_CANDIDATE = 32;
    /** Most libphonenumber parses for one text. */
    static final int MAX_VALIDATIONS = 200;

    /** Regions tried for a number written without its country code, most likely first. */
    private static final List<String> NATIONAL_REGIONS = List.of("US", "GB", "DE", "FR", "IN", "CA", "AU", "IE",
            "NL", "BE", "CH", "AT", "ES", "IT");

    /** Words that say the number after them is a phone number (lower case; matched at a word start). */
    private static final List<String> CONTEXT = List.of("phone", "tel", "mobile", "mob", "cell", "call", "ring",
            "text", "sms", "whatsapp", "signal", "fax", "contact", "reach", "dial", "telephone", "landline",
            "hotline", "handy", "telefon", "rufnummer", "anruf", "erreichbar", "portable", "joindre", "appel",
            "numéro", "téléphone", "teléfono", "móvil", "telefono", "cellulare", "my number", "his number",
            "her number", "their number", "nummer");

    /**
     * A candidate: an optional '+' (or 00), then digits with at most two separator characters between two of
     * them (". ", ") ", " (" ...), 7 to 17 digits. It starts after a character that cannot continue a word or a
     * number, and ends before one.
     */
    private static final Pattern CANDIDATE = Pattern.compile(
            "(?:^|[^\\w+.-])((?:\\+[ ]?)?(?:\\(\\d{1,5}\\)[ .-]?)?\\d(?:[ ./()-]{0,2}\\d){6,16})(?:$|[^\\w-])");
    private static final Pattern DATE = Pattern.compile(
            "(?:^|\\D)(?:\\d{1,2}[./-]\\d{1,2}[./-](?:19|20)?\\d{2}|(?:19|20)\\d{2}[./-]\\d{1,2}[./-]\\d{1,2})(?:\\D|$)");

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
            } else if (" .-/()+".indexOf(c) < 0) {
                run = 0;
            }
        }
        return false;
    }

    /** Hands each phone number in {@code text} to {@code sink}, in text order, until it declines one. */
    static void scan(String text, Deadline deadline, Detectors.SpanSink sink) {
        Matcher m = CANDIDATE.matcher(deadline.watch(text));
        int[] budget = {MAX_VALIDATIONS};
        int from = 0;
        while (from <= text.length() && budget[0] > 0 && m.find(from)) {
            int start = m.start(1);
            int end = m.end(1);
            from = end;
            String candidate = text.substring(start, end);
            if (candidate.length() > MAX_CANDIDATE || isDate(candidate)) {
                continue;
            }
            deadline.check();
            if (isPhone(candidate, text, start, budget) && !sink.accept(
                    new Detectors.Span(Detectors.Kind.PHONE, start, end))) {
                return;
            }
        }
    }

    /** What libphonenumber says of a candidate in one region. */
    private enum Verdict { PERSONAL, BUSINESS, INVALID }

    /** A phone number as the class comment defines, found at {@code start} of {@code text}. */
    static boolean isPhone(String candidate, String text, int start, int[] budget) {
        String digits = digitsOf(candidate);
        boolean plus = candidate.startsWith("+");
        if (!plus && digits.startsWith("00") && digits.length() > 9) {
            return valid("+" + digits.substring(2), "ZZ", budget) == Verdict.PERSONAL;
        }
        if (plus) {
            return digits.length() >= 8 && valid(candidate, "ZZ", budget) == Verdict.PERSONAL;
        }
        if (digits.length() < 9 || digits.length() > 15) {
            return false;
        }
        if (isNanpShaped(candidate)) {
            Verdict us = valid(candidate, "US", budget);
            Verdict verdict = us == Verdict.INVALID ? valid(candidate, "CA", budget) : us;
            if (verdict != Verdict.INVALID) {
                return verdict == Verdict.PERSONAL;
            }
            // the detector always accepted ddd-ddd-dddd: keep those whose area code and exchange NANP allows
            // (fictional 555 area codes, unassigned ones), but not 123-456-7890 or 555-555-5555
            String national = digits.length() == 11 ? digits.substring(1) : digits;
            return national.charAt(0) >= '2' && national.charAt(3) >= '2' && !sameDigit(national)
                    && !TOLL_FREE_NANP.contains(national.substring(0, 3));
        }
        boolean grouped = !candidate.equals(digits);
        if (!(digits.startsWith("0") && grouped) && !hasContext(text, start)) {
            return false;
        }
        for (String region : NATIONAL_REGIONS) {
            Verdict v = valid(candidate, region, budget);
            if (v != Verdict.INVALID) {
                return v == Verdict.PERSONAL;
            }
        }
        return false;
    }

    /**
     * Parses and validates with libphonenumber in {@code region} ("ZZ": the number carries its country code).
     * Toll-free, premium-rate, shared-cost and universal access numbers belong to businesses, not persons.
     */
    private static Verdict valid(String candidate, String region, int[] budget) {
        if (budget[0]-- <= 0) {
            return Verdict.INVALID;
        }
        try {
            Phonenumber.PhoneNumber n = UTIL.parse(candidate, region);
            if (!UTIL.isValidNumber(n) || (!"ZZ".equals(region) && !region.equals(UTIL.getRegionCodeForNumber(n)))) {
                return Verdict.INVALID;
            }
            return switch (UTIL.getNumberType(n)) {
                case TOLL_FREE, PREMIUM_RATE, SHARED_COST, UAN -> Verdict.BUSINESS;
                default -> Verdict.PERSONAL;
            };
        } catch (NumberParseException e) {
            return Verdict.INVALID;
        }
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

    /** A word before the number, within 40 characters, that says it is a phone number. */
    static boolean hasContext(String text, int start) {
        int from = Math.max(0, start - 40);
        String window = text.substring(from, start).toLowerCase(Locale.ROOT);
        for (String word : CONTEXT) {
            for (int at = window.indexOf(word); at >= 0; at = window.indexOf(word, at + 1)) {
                if (at == 0 ? from == 0 || !Character.isLetter(text.charAt(from - 1))
                        : !Character.isLetter(window.charAt(at - 1))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isDate(String candidate) {
        return DATE.matcher(candidate).find();
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
