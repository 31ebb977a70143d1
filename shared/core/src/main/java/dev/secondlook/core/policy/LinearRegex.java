package dev.secondlook.core.policy;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * Compiles the regular expressions a rules file holds with RE2/J, whose matching time is linear in the text: a
 * log line can then never make a pattern backtrack for minutes or overflow the stack, as java.util.regex does on
 * nested repetitions. RE2/J cannot run what needs backtracking (backreferences, lookaround, atomic groups,
 * possessive quantifiers); a pattern that uses one is rejected here with the construct named, at load time, never
 * on a record.
 */
final class LinearRegex {

    /**
     * Largest compiled program accepted. The engine's work per character grows with the program, and it follows
     * empty transitions recursively, one stack frame per instruction at worst: 2,000 instructions stay inside a
     * 512 KB thread stack (measured with RE2/J 1.8), half of the JVM's default. The default policy's largest is
     * about 170; the e-mail detector's about 310. A long list of words belongs in a {@code keywords} condition.
     */
    static final int MAX_PROGRAM_SIZE = 2_000;

    /** java.util.regex's {@code \s}, as members of a character class: tab to carriage return, and space. */
    private static final String JAVA_SPACE = "\\x09-\\x0D\\x20";
    /** Everything else, as members of a character class. */
    private static final String JAVA_NON_SPACE = "\\x00-\\x08\\x0E-\\x1F\\x21-\\x{10FFFF}";

    /** Deepest group nesting accepted: RE2/J simplifies and compiles a pattern recursively. */
    static final int MAX_NESTING = 100;

    private LinearRegex() {
    }

    /**
     * A compiled pattern. {@code wordStart} / {@code wordEnd}: the whole pattern begins / ends with {@code \b}.
     * RE2's {@code \b} knows only ASCII word characters, java.util.regex's any Unicode letter or digit; a hit
     * there is checked again the Java way (see {@link #isWordBoundary}), so that rules written for Java catch what
     * they caught before (an English word glued to an accented letter, as in "saysé", is no hit).
     * {@code anchored}: the same pattern after {@code ^}, for {@code lookingAt} at a known start. RE2/J reads to
     * the end of the input after an anchored match attempt has failed unless the program itself begins with
     * {@code ^}; with it, the attempt ends as soon as no thread is left.
     */
    record Compiled(Pattern pattern, boolean wordStart, boolean wordEnd, Pattern anchored) {
    }

    /**
     * Compiles {@code pattern}.
     *
     * @param what how the error names the pattern, e.g. {@code regex} or {@code detector.allow regex}
     * @throws IllegalArgumentException naming the problem, for a pattern RE2/J cannot run or that is too large
     */
    static Compiled compile(String pattern, boolean ignoreCase, String what) {
        Shape shape = shape(pattern);
        if (shape.unsupported() != null) {
            throw new IllegalArgumentException(what + " uses " + shape.unsupported() + ", which the linear-time "
                    + "regex engine (RE2) cannot run: rewrite the pattern without it");
        }
        Pattern compiled;
        try {
            compiled = Pattern.compile(javaMeaning(pattern), ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid " + what + ": " + e.getDescription() + " at '"
                    + e.getPattern() + "'");
        } catch (StackOverflowError e) {
            throw new IllegalArgumentException(what + " is too deeply nested to compile");
        } catch (RuntimeException e) {
            // RE2/J reports some malformed input (e.g. unpaired surrogates) with other exceptions
            throw new IllegalArgumentException("invalid " + what + ": " + e.getClass().getSimpleName());
        }
        if (compiled.programSize() > MAX_PROGRAM_SIZE) {
            throw new IllegalArgumentException(what + " compiles to " + compiled.programSize() + " instructions, "
                    + "more than the " + MAX_PROGRAM_SIZE + " allowed (large counted repetitions multiply; put long "
                    + "word lists in a 'keywords' condition)");
        }
        boolean whole = !shape.topLevelAlternation();
        Pattern anchored = Pattern.compile("^(?:" + javaMeaning(pattern) + ")", compiled.flags());
        return new Compiled(compiled, whole && pattern.startsWith("\\b"), whole && endsWithWordBoundary(pattern),
                anchored);
    }

    /**
     * The pattern with what java.util.regex reads differently spelled out for RE2: {@code \s} and {@code \S}
     * (Java's whitespace includes the vertical tab, U+000B, RE2's does not, and "per our policy" followed by
     * vertical tabs must stay a hit), and Java's four-hex-digit Unicode escapes (a backslash, 'u', then e.g. 2019),
     * which RE2 writes as a backslash, 'x' and {2019}. Other differences are documented in README.md ("Policy
     * rules").
     */
    static String javaMeaning(String p) {
        StringBuilder out = new StringBuilder(p.length() + 16);
        boolean inClass = false;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\' && i + 1 < p.length()) {
                char e = p.charAt(++i);
                if (e == 'Q') {
                    int end = p.indexOf("\\E", i + 1);
                    int stop = end < 0 ? p.length() : end + 2;
                    out.append(p, i - 1, stop);
                    if (end < 0) {
                        // quoted to the end: close the quote, or the pattern cannot be wrapped ("^(?:" ... ")" would
                        // quote the closing parenthesis; found by fuzzing)
                        out.append("\\E");
                    }
                    i = stop - 1;
                } else if (e == 's') {
                    out.append(inClass ? JAVA_SPACE : "[" + JAVA_SPACE + "]");
                } else if (e == 'S') {
                    out.append(inClass ? JAVA_NON_SPACE : "[^" + JAVA_SPACE + "]");
                } else if (e == 'u' && isHex4(p, i + 1)) {
                    out.append("\\x{").append(p, i + 1, i + 5).append('}');
                    i += 4;
                } else {
                    out.append(c).append(e);
                }
                continue;
            }
            out.append(c);
            if (inClass) {
                if (c == ']') {
                    inClass = false;
                } else if (c == '[' && i + 1 < p.length() && p.charAt(i + 1) == ':') {
                    int end = p.indexOf(":]", i + 2);
                    if (end > 0) {
                        out.append(p, i + 1, end + 2);
                        i = end + 1;
                    }
                }
            } else if (c == '[') {
                inClass = true;
                if (i + 1 < p.length() && p.charAt(i + 1) == '^') {
                    out.append('^');
                    i++;
                }
                if (i + 1 < p.length() && p.charAt(i + 1) == ']') {
                    out.append(']');
                    i++;
                }
            }
        }
        return out.toString();
    }

    /** True when {@code \b} ends the pattern (and is not a literal backslash followed by 'b'). */
    private static boolean endsWithWordBoundary(String p) {
        if (!p.endsWith("\\b")) {
            return false;
        }
        int backslashes = 0;
        for (int i = p.length() - 2; i >= 0 && p.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    /**
     * Whether {@code at} is a word boundary in {@code text} as java.util.regex's {@code \b} sees it: a letter, a
     * digit, '_' or a combining mark on one side only.
     */
    static boolean isWordBoundary(CharSequence text, int at) {
        boolean before = at > 0 && isWord(Character.codePointBefore(text, at));
        boolean after = at < text.length() && isWord(Character.codePointAt(text, at));
        return before != after;
    }

    private static boolean isWord(int cp) {
        return cp == '_' || Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.NON_SPACING_MARK;
    }

    /**
     * What a scan of a pattern found: the first construct RE2 cannot run (described for an error message, or
     * null), and whether a {@code |} splits the whole pattern.
     */
    record Shape(String unsupported, boolean topLevelAlternation) {
    }

    static Shape shape(String p) {
        boolean inClass = false;
        boolean topLevelAlternation = false;
        int depth = 0;
        boolean afterQuantifier = false;
        int quantifierStart = 0;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            boolean quantifier = false;
            if (c == '\\' && i + 1 < p.length()) {
                char e = p.charAt(++i);
                if (!inClass && e >= '1' && e <= '9') {
                    return new Shape("a backreference (\\" + e + ")", topLevelAlternation);
                }
                if (!inClass && e == 'k' && i + 1 < p.length() && p.charAt(i + 1) == '<') {
                    return new Shape("a named backreference (\\k<...>)", topLevelAlternation);
                }
                if (e == 'Q') {
                    int end = p.indexOf("\\E", i + 1);
                    i = end < 0 ? p.length() : end + 1;
                }
            } else if (inClass) {
                if (c == ']') {
                    inClass = false;
                } else if (c == '[' && i + 1 < p.length() && p.charAt(i + 1) == ':') {
                    int end = p.indexOf(":]", i + 2);
                    i = end < 0 ? i : end + 1;
                }
            } else if (c == '[') {
                inClass = true;
                // a ']' right after '[' or '[^' is a literal member, not the end of the class
                if (i + 1 < p.length() && p.charAt(i + 1) == '^') {
                    i++;
                }
                if (i + 1 < p.length() && p.charAt(i + 1) == ']') {
                    i++;
                }
            } else if (c == '(') {
                if (++depth > MAX_NESTING) {
                    return new Shape("groups nested more than " + MAX_NESTING + " deep", topLevelAlternation);
                }
                String construct = groupConstruct(p, i);
                if (construct != null) {
                    return new Shape(construct, topLevelAlternation);
                }
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                topLevelAlternation = true;
            } else if (c == '+' && afterQuantifier) {
                return new Shape("a possessive quantifier (" + p.substring(quantifierStart, i + 1) + ")",
                        topLevelAlternation);
            } else if (c == '*' || c == '+' || c == '?') {
                quantifier = true;
                quantifierStart = i;
            } else if (c == '{') {
                int end = repetitionEnd(p, i);
                if (end > 0) {
                    quantifier = true;
                    quantifierStart = i;
                    i = end;
                }
            }
            afterQuantifier = quantifier;
        }
        return new Shape(null, topLevelAlternation);
    }

    /** The index of the '}' closing a counted repetition ({n}, {n,}, {n,m}) opened at {@code open}, or -1. */
    private static int repetitionEnd(String p, int open) {
        int i = open + 1;
        int digits = 0;
        while (i < p.length() && isAsciiDigit(p.charAt(i))) {
            i++;
            digits++;
        }
        if (digits == 0) {
            return -1;
        }
        if (i < p.length() && p.charAt(i) == ',') {
            i++;
            while (i < p.length() && isAsciiDigit(p.charAt(i))) {
                i++;
            }
        }
        return i < p.length() && p.charAt(i) == '}' ? i : -1;
    }

    private static boolean isHex4(String p, int from) {
        if (from + 4 > p.length()) {
            return false;
        }
        for (int i = from; i < from + 4; i++) {
            if (Character.digit(p.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String groupConstruct(String p, int open) {
        String rest = p.substring(open, Math.min(p.length(), open + 4));
        if (rest.startsWith("(?=")) {
            return "a lookahead (?=...)";
        }
        if (rest.startsWith("(?!")) {
            return "a negative lookahead (?!...)";
        }
        if (rest.startsWith("(?<=")) {
            return "a lookbehind (?<=...)";
        }
        if (rest.startsWith("(?<!")) {
            return "a negative lookbehind (?<!...)";
        }
        if (rest.startsWith("(?>")) {
            return "an atomic group (?>...)";
        }
        return null;
    }
}
