package dev.secondlook.core.policy;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

import java.util.Locale;
import java.util.Set;

/**
 * Credentials that no vendor prefix announces: the password in a URL's userinfo
 * ({@code postgres://app:S3cret@db:5432}, mysql, mongodb+srv, redis, amqp, any scheme), a password or secret
 * assigned in configuration or code ({@code password=}, {@code DB_PASSWORD=}, YAML {@code password:}, JSON
 * {@code "password": "..."}, {@code SECRET_KEY=}, {@code api_token:}), and an AWS secret access key on its own
 * (40 base64 characters after words that name it). A span is the secret value itself; placeholders ({@code ${DB_PASSWORD}}, {@code <password>},
 * {@code ****}, {@code changeme}) and references to where the secret lives ({@code os.environ["PW"]}) are not.
 */
final class Credentials {

    /** scheme://user:password@host; the user may be empty (redis://:pw@host). Password in group 1. */
    private static final Pattern URL_USERINFO = Pattern.compile("(?:^|[^A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,30}://"
            + "[^\\s:/@?#\\[\\]\"'<>]{0,128}:([^\\s/@?#\"'<>]{1,256})@(?:[A-Za-z0-9._~%-]+|\\[[0-9A-Fa-f:.]+\\])");

    /**
     * What a secret assignment is, read by {@link #assignmentAt} without a regex (the pattern it replaced, as
     * RE2/J ran it, was the detectors' costliest: about a microsecond per character of a window): a key ending in
     * password, passwd, passphrase, pwd or pass, or in secret, token, api key, access key, private key, secret
     * key, auth key or credential(s) (after at most {@value #MAX_KEY_PREFIX} other key characters), optionally
     * quoted, an assignment operator ({@code :=}, {@code =>}, {@code =}, {@code :}) and a value (optionally quoted;
     * up to {@value #MAX_VALUE} characters, none of {@code \s " ' ` , ; < >}). The second family is gitleaks'
     * generic-api-key (its keywords, its entropy gate of 3.5) narrowed to keys that end so.
     */
    private static final String[] KEY_WORDS = {"password", "passwd", "passphrase", "pwd", "pass", "secret", "token",
            "credential", "credentials"};
    /** Key words of two parts, with at most one of '_', '.', '-' between: api_key, accesskey, private-key... */
    private static final String[] KEY_PAIRS = {"api", "access", "private", "secret", "auth"};
    private static final int MAX_KEY_PREFIX = 40;
    private static final int MAX_VALUE = 200;

    /** One assignment: key {@code [keyStart, keyEnd)}, operator, quote before the value, value span. */
    private record Assignment(int keyStart, int keyEnd, String operator, boolean quoted, int valueStart,
                              int valueEnd) {
    }

    /** Keys of the secret family whose values are not secrets: anti-forgery and paging tokens, public keys. */
    private static final String[] NOT_SECRET_KEYS = {"csrf", "xsrf", "page", "public", "next", "cursor", "max",
            "count", "type", "name", "id_token_hint"};

    /** 40 characters of AWS's secret key alphabet, alone. */
    private static final Pattern AWS_SECRET = Pattern.compile(
            "(?:^|[^A-Za-z0-9/+])([A-Za-z0-9/+]{40})(?:$|[^A-Za-z0-9/+=])");

    private Credentials() {
    }

    // ------------------------------------------------------------------ url-credentials

    static boolean mayContainUrlCredentials(String text) {
        return (text.contains("://") && text.indexOf('@') >= 0) || text.contains("Basic ")
                || text.contains("basic ");
    }

    /**
     * The passwords of URL userinfo ({@code scheme://user:password@host}) and of HTTP Basic credentials
     * ({@code Authorization: Basic <base64 of user:password>}, RFC 7617), in text order within each kind.
     */
    static void scanUrlCredentials(String text, Deadline deadline, Detectors.SpanSink sink) {
        if (text.contains("://") && text.indexOf('@') >= 0) {
            Matcher m = URL_USERINFO.matcher(deadline.watch(text));
            int from = 0;
            while (from <= text.length() && m.find(from)) {
                from = m.end(1);
                String password = m.group(1);
                if (!ExampleValues.isPlaceholderPassword(password)
                        && !sink.accept(new Detectors.Span(Detectors.Kind.URL_CREDENTIALS, m.start(1), m.end(1)))) {
                    return;
                }
            }
        }
        scanBasicCredentials(text, deadline, sink);
    }

    /** Shortest Basic credentials read: base64 of "u:pass" (6 bytes). */
    private static final int MIN_BASIC_CHARS = 8;

    /**
     * {@code Basic} (either case of its first letter), one space, and base64 that decodes to
     * {@code user:password} with a password that is not a placeholder: the span is the base64.
     */
    private static void scanBasicCredentials(String text, Deadline deadline, Detectors.SpanSink sink) {
        for (int at = nextBasic(text, 0); at >= 0; at = nextBasic(text, at + 1)) {
            deadline.check();
            int start = at + "Basic ".length();
            if (at > 0 && Character.isLetterOrDigit(text.charAt(at - 1))) {
                continue;
            }
            int end = start;
            while (end < text.length() && end - start < 1024 && isBase64(text.charAt(end))) {
                end++;
            }
            while (end < text.length() && end - start < 1026 && text.charAt(end) == '=') {
                end++;
            }
            if (end - start < MIN_BASIC_CHARS || (end < text.length() && Character.isLetterOrDigit(text.charAt(end)))) {
                continue;
            }
            String decoded = EncodedText.decodeRun(text, start, end, 1024);
            int colon = decoded == null ? -1 : decoded.indexOf(':');
            if (colon < 0 || colon + 1 == decoded.length() || hasWhitespace(decoded.substring(0, colon))) {
                continue;
            }
            String password = decoded.substring(colon + 1);
            if (!ExampleValues.isPlaceholderPassword(password) && !ExampleValues.isPlaceholderPassword(decoded)
                    && !sink.accept(new Detectors.Span(Detectors.Kind.URL_CREDENTIALS, start, end))) {
                return;
            }
        }
    }

    private static boolean hasWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static int nextBasic(String text, int from) {
        int upper = text.indexOf("Basic ", from);
        int lower = text.indexOf("basic ", from);
        return upper < 0 ? lower : lower < 0 ? upper : Math.min(upper, lower);
    }

    private static boolean isBase64(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    }

    /**
     * Whether the e-mail-like text starting at {@code start} is the userinfo and host of a URL
     * ({@code postgres://app:S3cret@db}, {@code ftp://anna@files}): a secret or a login, not an address.
     */
    static boolean isUrlUserinfo(String text, int start) {
        for (int i = start - 1; i >= 0 && i >= start - 300; i--) {
            char c = text.charAt(i);
            if (c == '/' && i > 0 && text.charAt(i - 1) == '/' && i > 1 && text.charAt(i - 2) == ':') {
                return true;
            }
            if (Character.isWhitespace(c) || c == '/' || c == '"' || c == '\'' || c == '<' || c == '(') {
                return false;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ secret-assignment

    /**
     * An assignment operator (':' or '=') after the last letters of a key word ({@link #keyEnd}), optional
     * quotes and spaces between: every key the pattern accepts ends so.
     */
    static boolean mayContainSecretAssignment(String text) {
        return nextKeyOperator(text, 0) >= 0;
    }

    /**
     * The position of the next ':' or '=' at or after {@code from} that follows the last letters of a key word
     * ({@link #keyEnd}), with at most a few quotes, spaces and operator characters between; -1 when none.
     */
    private static int nextKeyOperator(String text, int from) {
        return new KeyOperators(text).next(from);
    }

    /**
     * The operators that follow key words, found left to right. It remembers where the next ':' and the next '='
     * are, so that a text with many of one and none of the other ("password: x1 password: x1 ...") is not searched
     * to its end for the missing one at every step: the whole walk reads the text once.
     */
    private static final class KeyOperators {
        private final String text;
        private int colon = -2;
        private int equals = -2;

        KeyOperators(String text) {
            this.text = text;
        }

        /** The next operator at or after {@code from} that follows a key word, or -1. */
        int next(int from) {
            if (colon != -1 && colon < from) {
                colon = text.indexOf(':', from);
            }
            if (equals != -1 && equals < from) {
                equals = text.indexOf('=', from);
            }
            while (colon >= 0 || equals >= 0) {
                int at = colon < 0 ? equals : equals < 0 ? colon : Math.min(colon, equals);
                int k = at - 1;
                while (k >= 0 && k >= at - 8 && (text.charAt(k) == ' ' || text.charAt(k) == '\t'
                        || text.charAt(k) == '"' || text.charAt(k) == '\'' || text.charAt(k) == ':'
                        || text.charAt(k) == '=')) {
                    k--;
                }
                if (k >= 2 && keyEnd(text, k)) {
                    return at;
                }
                // only the operator just checked moves on: each indexOf scans its own stretch once
                if (at == colon) {
                    colon = text.indexOf(':', at + 1);
                } else {
                    equals = text.indexOf('=', at + 1);
                }
            }
            return -1;
        }
    }

    /** The letters ending at {@code k} may end a key of an assignment (any case): a cheap first test. */
    private static boolean keyEnd(String text, int k) {
        String three = "" + lower(text.charAt(k - 2)) + lower(text.charAt(k - 1)) + lower(text.charAt(k));
        if (KEY_ENDS_3.contains(three)) {
            return true;
        }
        return k >= 3 && KEY_ENDS_4.contains(lower(text.charAt(k - 3)) + three);
    }

    /**
     * The last letters of password, passwd, passphrase, pass, secret, token, credential(s) (four, so that
     * "Totals:" or "Notes:" do not qualify), and of pwd and ...key.
     */
    private static final Set<String> KEY_ENDS_4 = Set.of("word", "sswd", "rase", "pass", "cret", "oken", "tial",
            "ials");
    private static final Set<String> KEY_ENDS_3 = Set.of("pwd", "key");

    /**
     * Reads an assignment at each operator that follows a key word; an operator inside a value already read is
     * not looked at again.
     */
    static void scanSecretAssignments(String text, Deadline deadline, Detectors.SpanSink sink) {
        boolean kubernetesSecret = EncodedText.isKubernetesSecret(text);
        int done = 0;
        KeyOperators operators = new KeyOperators(text);
        for (int at = operators.next(0); at >= 0; at = operators.next(Math.max(at + 1, done))) {
            deadline.check();
            Assignment a = assignmentAt(text, at);
            if (a == null || a.keyStart() < done) {
                continue;
            }
            done = a.valueEnd();
            if (isSecretAssignment(text, a, kubernetesSecret) && !sink.accept(new Detectors.Span(
                    Detectors.Kind.SECRET_ASSIGNMENT, a.valueStart(), a.valueEnd()))) {
                return;
            }
        }
    }

    /**
     * The assignment whose operator begins at {@code at}, or null: going back, spaces, at most one quote and the
     * key (a maximal run of letters, digits, '_', '.', '-' that ends in a key word); going on, the operator,
     * spaces, at most one quote and the value.
     */
    private static Assignment assignmentAt(String text, int at) {
        int k = at;
        while (k > 0 && (text.charAt(k - 1) == ' ' || text.charAt(k - 1) == '\t')) {
            k--;
        }
        if (k > 0 && (text.charAt(k - 1) == '"' || text.charAt(k - 1) == '\'')) {
            k--;
        }
        int keyEnd = k;
        int keyStart = keyEnd;
        while (keyStart > 0 && isKeyWordChar(text.charAt(keyStart - 1))) {
            keyStart--;
        }
        int word = keyWordLength(text, keyStart, keyEnd);
        if (word == 0 || keyEnd - keyStart - word > MAX_KEY_PREFIX) {
            return null;
        }
        String operator = text.startsWith(":=", at) ? ":=" : text.startsWith("=>", at) ? "=>"
                : text.substring(at, at + 1);
        int v = at + operator.length();
        while (v < text.length() && (text.charAt(v) == ' ' || text.charAt(v) == '\t')) {
            v++;
        }
        boolean quoted = v < text.length() && (text.charAt(v) == '"' || text.charAt(v) == '\'' || text.charAt(v) == '`');
        int valueStart = quoted ? v + 1 : v;
        int valueEnd = valueStart;
        int count = 0;
        while (valueEnd < text.length() && count < MAX_VALUE && isValueChar(text.charAt(valueEnd))) {
            valueEnd += Character.isHighSurrogate(text.charAt(valueEnd)) && valueEnd + 1 < text.length() ? 2 : 1;
            count++;
        }
        return valueEnd > valueStart ? new Assignment(keyStart, keyEnd, operator, quoted, valueStart, valueEnd)
                : null;
    }

    /** The length of the key word that ends the key {@code [start, end)} (any case), or 0. */
    private static int keyWordLength(String text, int start, int end) {
        int best = 0;
        for (String w : KEY_WORDS) {
            if (end - start >= w.length() && text.regionMatches(true, end - w.length(), w, 0, w.length())) {
                best = Math.max(best, w.length());
            }
        }
        if (end - start >= 3 && text.regionMatches(true, end - 3, "key", 0, 3)) {
            int before = end - 3;
            boolean separator = before > start && "_.-".indexOf(text.charAt(before - 1)) >= 0;
            int stemEnd = separator ? before - 1 : before;
            for (String p : KEY_PAIRS) {
                if (stemEnd - start >= p.length() && text.regionMatches(true, stemEnd - p.length(), p, 0, p.length())) {
                    best = Math.max(best, end - (stemEnd - p.length()));
                }
            }
        }
        return best;
    }

    /** A character of a key name: ASCII letters, digits, '_', '.', '-'. */
    private static boolean isKeyWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
                || c == '-';
    }

    /** A character of a value: none of tab, line feed, form feed, carriage return, space, " ' ` , ; < >. */
    private static boolean isValueChar(char c) {
        return c != ' ' && c != '\t' && c != '\n' && c != '\f' && c != '\r' && c != '"' && c != '\'' && c != '`'
                && c != ',' && c != ';' && c != '<' && c != '>';
    }

    /** Whether an assignment in {@code text} assigns a secret. */
    private static boolean isSecretAssignment(String text, Assignment a, boolean kubernetesSecret) {
        String key = text.substring(a.keyStart(), a.keyEnd()).toLowerCase(Locale.ROOT);
        String operator = a.operator();
        boolean quoted = a.quoted();
        String value = text.substring(a.valueStart(), a.valueEnd());
        if (value.length() < 4 || ExampleValues.isPlaceholderPassword(value) || ExampleValues.isVendorSample(value)
                || ExampleValues.isAwsExample(value) || ExampleValues.isJwtIo(value)) {
            return false;
        }
        if (kubernetesSecret && EncodedText.decodeRun(text, a.valueStart(), a.valueEnd(), 256) != null) {
            // a Secret's data is base64: its decoded value is judged (EncodedText), not the encoding
            return false;
        }
        boolean password = key.endsWith("password") || key.endsWith("passwd") || key.endsWith("passphrase")
                || key.endsWith("pwd") || key.endsWith("pass");
        if (!password) {
            // secret, token, api key...: the value must look random, as gitleaks' generic-api-key asks
            for (String k : NOT_SECRET_KEYS) {
                if (key.contains(k)) {
                    return false;
                }
            }
            if (value.length() < 12 || ExampleValues.entropy(value) < 3.5 || !mixed(value)) {
                return false;
            }
            return !operator.equals(":") || quoted || endsLine(text, a.valueEnd()) || looksLikePassword(value);
        }
        // "compass", "bypass", "boarding pass": a bare pass or pwd key must stand alone or after a separator
        boolean shortKey = !key.endsWith("password") && !key.endsWith("passwd") && !key.endsWith("passphrase");
        if (shortKey) {
            String stem = key.substring(0, key.length() - (key.endsWith("pass") ? 4 : 3));
            if (!stem.isEmpty() && "_.-".indexOf(stem.charAt(stem.length() - 1)) < 0) {
                return false;
            }
        }
        int keyAt = a.keyStart();
        boolean keyQuoted = keyAt > 0 && (text.charAt(keyAt - 1) == '"' || text.charAt(keyAt - 1) == '\'');
        if (!operator.equals(":") || quoted || keyQuoted) {
            // code or configuration: PASSWORD=..., password := "...", "password": "..."
            return !shortKey || !operator.equals(":") || quoted;
        }
        if (shortKey) {
            return false;
        }
        // "password: value": YAML when the value ends its line, prose otherwise ("Password: must be 12 chars")
        return endsLine(text, a.valueEnd()) || looksLikePassword(value);
    }

    /** Letters and digits both: a random value has them, a word or a number has one kind. */
    private static boolean mixed(String v) {
        boolean letter = false;
        boolean digit = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            letter |= Character.isLetter(c);
            digit |= Character.isDigit(c);
        }
        return letter && digit;
    }

    /** Only spaces, then a line end, a comment or the end of the text, after {@code at}. */
    private static boolean endsLine(String text, int at) {
        int i = at;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i == text.length() || text.charAt(i) == '\n' || text.charAt(i) == '\r' || text.charAt(i) == '#';
    }

    /** Six or more characters of at least two kinds (letters, digits, symbols), with a digit or a symbol. */
    private static boolean looksLikePassword(String v) {
        if (v.length() < 6) {
            return false;
        }
        boolean letter = false;
        boolean digit = false;
        boolean symbol = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isLetter(c)) {
                letter = true;
            } else if (Character.isDigit(c)) {
                digit = true;
            } else {
                symbol = true;
            }
        }
        int kinds = (letter ? 1 : 0) + (digit ? 1 : 0) + (symbol ? 1 : 0);
        // a trailing full stop ends the sentence, it is no symbol of the password
        return kinds >= 2 && (digit || (symbol && !v.endsWith(".")));
    }

    // ------------------------------------------------------------------ aws-secret-key

    /** A run of 40 characters of the key's alphabet, and the word "secret" (any case) somewhere. */
    static boolean mayContainAwsSecret(String text) {
        int run = 0;
        boolean found = false;
        for (int i = 0; i < text.length() && !found; i++) {
            char c = text.charAt(i);
            run = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '+'
                    ? run + 1 : 0;
            found = run >= 40;
        }
        return found && indexOfIgnoreCase(text, "secret", 0) >= 0;
    }

    static void scanAwsSecrets(String text, Deadline deadline, Detectors.SpanSink sink) {
        Matcher m = AWS_SECRET.matcher(deadline.watch(text));
        int from = 0;
        while (from <= text.length() && m.find(from)) {
            from = m.end(1);
            String key = m.group(1);
            if (isAwsSecret(key, text, m.start(1))
                    && !sink.accept(new Detectors.Span(Detectors.Kind.AWS_SECRET_KEY, m.start(1), m.end(1)))) {
                return;
            }
        }
    }

    /**
     * The words before it name an AWS secret key (within 80 characters: "aws_secret_access_key =",
     * "SecretAccessKey":, "AWS secret key:"), and the value is random enough: both cases and a digit or '/' or
     * '+', at least 4 bits of entropy a character (a real key has about 5; a 40-letter word or hex digest fails).
     */
    private static boolean isAwsSecret(String key, String text, int start) {
        String before = text.substring(Math.max(0, start - 80), start);
        if (indexOfIgnoreCase(before, "secret", 0) < 0) {
            return false;
        }
        boolean upper = false;
        boolean lower = false;
        boolean other = false;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
            other |= (c >= '0' && c <= '9') || c == '/' || c == '+';
        }
        return upper && lower && other && ExampleValues.entropy(key) >= 4.0 && !ExampleValues.isAwsExample(key)
                && !ExampleValues.isPlaceholder(key);
    }

    /** {@code text.indexOf(word, from)} with ASCII case folded; {@code word} is lower case. */
    static int indexOfIgnoreCase(String text, String word, int from) {
        char first = word.charAt(0);
        for (int i = from; i + word.length() <= text.length(); i++) {
            if (lower(text.charAt(i)) == first && text.regionMatches(true, i, word, 0, word.length())) {
                return i;
            }
        }
        return -1;
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
}
