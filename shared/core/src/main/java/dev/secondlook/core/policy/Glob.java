package dev.secondlook.core.policy;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * A shell-style pattern ({@code *} any run of characters, {@code ?} one character), matched whole. The shapes a
 * policy uses nearly always ({@code *}, a literal, {@code prefix*}, {@code *suffix}, {@code *infix*}) are matched by
 * plain string tests - every record meets every stratum's route and model globs, so this is on the hot path; any
 * other shape is matched with RE2/J: the value (a route, a model id) comes from the log and may be long, and a glob
 * with several stars would backtrack in java.util.regex.
 */
record Glob(String text, Pattern pattern, Shape shape, String literal) {

    /** How a glob is matched: the fast shapes compare {@code literal} with the value. */
    enum Shape { ANY, EXACT, PREFIX, SUFFIX, INFIX, REGEX }

    static Glob of(String text) {
        StringBuilder sb = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '*' || c == '?') {
                sb.append(Pattern.quote(literal.toString())).append(c == '*' ? ".*" : ".");
                literal.setLength(0);
            } else {
                literal.append(c);
            }
        }
        sb.append(Pattern.quote(literal.toString()));
        Pattern pattern;
        try {
            pattern = Pattern.compile(sb.toString(), Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid glob '" + text + "': " + e.getDescription());
        }
        if (text.indexOf('?') >= 0) {
            return new Glob(text, pattern, Shape.REGEX, null);
        }
        int from = 0;
        int to = text.length();
        while (from < to && text.charAt(from) == '*') {
            from++;
        }
        while (to > from && text.charAt(to - 1) == '*') {
            to--;
        }
        String inner = text.substring(from, to);
        if (inner.indexOf('*') >= 0) {
            return new Glob(text, pattern, Shape.REGEX, null);
        }
        boolean leading = from > 0;
        boolean trailing = to < text.length();
        Shape shape = inner.isEmpty() && (leading || trailing) ? Shape.ANY
                : leading && trailing ? Shape.INFIX : leading ? Shape.SUFFIX : trailing ? Shape.PREFIX : Shape.EXACT;
        return new Glob(text, pattern, shape, inner);
    }

    boolean matches(String value) {
        if (value == null) {
            return false;
        }
        return switch (shape) {
            case ANY -> true;
            case EXACT -> value.equals(literal);
            case PREFIX -> value.startsWith(literal);
            case SUFFIX -> value.endsWith(literal);
            case INFIX -> value.contains(literal);
            case REGEX -> pattern.matcher(value).matches();
        };
    }
}
