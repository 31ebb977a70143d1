package dev.secondlook.core.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the literals every match of a pattern must start with, for patterns of the common shapes
 * {@code \b?literal...} and {@code \b?(?:lit1|lit2|...)...} whose literals are plain words. Any other shape (a
 * {@code |} splitting the whole pattern included) yields none, and the pattern is then always run: the prefilter
 * may only exclude text that cannot match.
 */
final class RegexPrefilter {

    private RegexPrefilter() {
    }

    static List<String> leadingLiterals(String pattern) {
        if (LinearRegex.shape(pattern).topLevelAlternation()) {
            // "foo|bar": a match may start with either branch, not only with the first one's literal
            return List.of();
        }
        String p = pattern.startsWith("\\b") ? pattern.substring(2) : pattern;
        if (p.startsWith("(?:")) {
            int depth = 0;
            int end = -1;
            for (int i = 0; i < p.length(); i++) {
                char c = p.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '(') {
                    depth++;
                } else if (c == ')' && --depth == 0) {
                    end = i;
                    break;
                }
            }
            if (end < 0 || (end + 1 < p.length() && "?*{".indexOf(p.charAt(end + 1)) >= 0)) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            // the rules file's own pattern, not log text; and a one-character split runs no regex engine
            for (String alt : p.substring(3, end).split("\\|", -1)) {
                if (!plain(alt)) {
                    return List.of();
                }
                out.add(alt);
            }
            return out;
        }
        int i = 0;
        while (i < p.length() && isLiteral(p.charAt(i))) {
            i++;
        }
        // a quantifier after the run would make its last character optional
        if (i < p.length() && "?*{".indexOf(p.charAt(i)) >= 0) {
            i--;
        }
        String lit = p.substring(0, Math.max(0, i)).strip();
        return lit.length() >= 2 && plain(lit) ? List.of(lit) : List.of();
    }

    private static boolean plain(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isLiteral(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLiteral(char c) {
        return Character.isLetterOrDigit(c) || c == ' ' || c == '\'' || c == '-';
    }
}
