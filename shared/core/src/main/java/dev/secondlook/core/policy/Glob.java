package dev.secondlook.core.policy;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * A shell-style pattern ({@code *} any run of characters, {@code ?} one character), matched whole. Matched with
 * RE2/J: the value (a route, a model id) comes from the log and may be long, and a glob with several stars would
 * backtrack in java.util.regex.
 */
record Glob(String text, Pattern pattern) {

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
        try {
            return new Glob(text, Pattern.compile(sb.toString(), Pattern.DOTALL));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid glob '" + text + "': " + e.getDescription());
        }
    }

    boolean matches(String value) {
        return value != null && pattern.matcher(value).matches();
    }
}
