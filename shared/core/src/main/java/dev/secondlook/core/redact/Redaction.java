package dev.secondlook.core.redact;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What stays masked when text leaves the review table - in eval cases, exports and quarantine previews: every
 * span a policy rule masked (secrets, and the identifiers of rules with {@code maskEvidence}), except the spans of
 * the categories the operator opted in to keep in clear. Immutable.
 *
 * @param unmaskedCategories categories whose masked spans are kept in clear (the operator's opt-in; usually none)
 */
public record Redaction(Set<String> unmaskedCategories) {

    /** Masks every masked span, whatever its category: the default. */
    public static final Redaction MASK_ALL = new Redaction(Set.of());

    /** A span of one text (char offsets, end exclusive) and the category of the rule that found it. */
    public record Span(int start, int end, String category) {
    }

    /**
     * A text with its spans masked.
     *
     * @param text             the text, each masked span replaced by {@code [masked <category>]}
     * @param inClear          the spans kept in clear by the opt-in, at their offsets in {@code text}
     * @param maskedCategories categories of the spans that were masked
     */
    public record Redacted(String text, List<Span> inClear, Set<String> maskedCategories) {

        public Redacted {
            inClear = List.copyOf(inClear);
            maskedCategories = Set.copyOf(maskedCategories);
        }
    }

    public Redaction {
        unmaskedCategories = Set.copyOf(unmaskedCategories);
    }

    /**
     * Parses a comma-separated list of categories (an environment variable, a CLI option); blank means none.
     *
     * @throws IllegalArgumentException when a category is not a policy category name ({@code [a-z0-9._-]+})
     */
    public static Redaction unmasking(String commaSeparated) {
        Set<String> categories = new TreeSet<>();
        if (commaSeparated != null) {
            for (String part : commaSeparated.split(",")) {
                String c = part.strip();
                if (c.isEmpty()) {
                    continue;
                }
                if (!c.chars().allMatch(ch -> (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.'
                        || ch == '_' || ch == '-')) {
                    throw new IllegalArgumentException("'" + c + "' is not a category name ([a-z0-9._-]+)");
                }
                categories.add(c);
            }
        }
        return new Redaction(categories);
    }

    /** Whether the operator opted in to keep this category's masked spans in clear. */
    public boolean keepsInClear(String category) {
        return unmaskedCategories.contains(category);
    }

    /**
     * Masks the spans of {@code text} whose category is not kept in clear; overlapping spans are masked as one.
     * Spans reaching past the text are cut at its end. {@code text} null gives null.
     */
    public Redacted redact(String text, List<Span> spans) {
        if (text == null) {
            return new Redacted(null, List.of(), Set.of());
        }
        List<Span> masked = new ArrayList<>();
        List<Span> clear = new ArrayList<>();
        for (Span s : spans) {
            int start = Math.max(0, s.start());
            int end = Math.min(text.length(), s.end());
            if (start < end) {
                (keepsInClear(s.category()) ? clear : masked).add(new Span(start, end, s.category()));
            }
        }
        masked.sort(Comparator.comparingInt(Span::start).thenComparing(Span::end, Comparator.reverseOrder()));
        List<Span> merged = new ArrayList<>();
        for (Span s : masked) {
            Span last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && s.start() < last.end()) {
                merged.set(merged.size() - 1, new Span(last.start(), Math.max(last.end(), s.end()), last.category()));
            } else {
                merged.add(s);
            }
        }
        StringBuilder out = new StringBuilder(text.length());
        Set<String> categories = new TreeSet<>();
        int[] shiftAt = new int[merged.size()];
        int pos = 0;
        for (int i = 0; i < merged.size(); i++) {
            Span s = merged.get(i);
            out.append(text, pos, s.start());
            String token = token(s.category());
            out.append(token);
            categories.add(s.category());
            shiftAt[i] = token.length() - (s.end() - s.start());
            pos = s.end();
        }
        out.append(text, pos, text.length());
        List<Span> inClear = new ArrayList<>();
        for (Span c : clear) {
            int shift = 0;
            boolean overlaps = false;
            for (int i = 0; i < merged.size(); i++) {
                Span m = merged.get(i);
                if (m.end() <= c.start()) {
                    shift += shiftAt[i];
                } else if (m.start() < c.end()) {
                    // part of it is masked anyway (another category's span covers it): nothing left to track
                    overlaps = true;
                }
            }
            if (!overlaps) {
                inClear.add(new Span(c.start() + shift, c.end() + shift, c.category()));
            }
        }
        inClear.sort(Comparator.comparingInt(Span::start).thenComparingInt(Span::end));
        return new Redacted(out.toString(), inClear.stream().distinct().toList(), categories);
    }

    /** What a masked span becomes: its category, never any part of the text. */
    static String token(String category) {
        return "[masked " + category + "]";
    }
}
