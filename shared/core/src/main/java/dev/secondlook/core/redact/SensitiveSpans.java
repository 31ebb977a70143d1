package dev.secondlook.core.redact;

import dev.secondlook.core.model.Evidence;
import dev.secondlook.core.model.TextField;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The spans of a record's texts that its policy masked, read from the record's evidence: each masked evidence
 * entry names a field and a span, and its text there is a secret or an identifier. The same value found anywhere
 * else - another field, the reviewer's correction or note - is sensitive too (the default detectors read the output
 * only, but a leaked key usually came from the prompt).
 */
public final class SensitiveSpans {

    /** Shorter values are not looked for elsewhere: they would match ordinary text. */
    static final int MIN_VALUE_CHARS = 4;

    private final Map<TextField, List<Redaction.Span>> byField = new EnumMap<>(TextField.class);
    /** Each sensitive value and its category, longest first (a longer value wins where two overlap). */
    private final Map<String, String> values = new LinkedHashMap<>();

    private SensitiveSpans() {
    }

    /**
     * @param texts    the texts the evidence offsets point into (stored texts are prefixes of the judged ones, so
     *                 offsets past their end are cut off)
     * @param evidence the record's evidence; entries that were not masked, or on metadata, are ignored
     */
    public static SensitiveSpans of(Map<TextField, String> texts, List<Evidence> evidence) {
        SensitiveSpans s = new SensitiveSpans();
        Map<String, String> found = new LinkedHashMap<>();
        for (Evidence e : evidence) {
            if (!e.masked()) {
                continue;
            }
            TextField field;
            try {
                field = TextField.parse(e.field());
            } catch (IllegalArgumentException metadata) {
                continue;
            }
            String text = texts.getOrDefault(field, "");
            int start = Math.max(0, e.start());
            int end = Math.min(text.length(), e.end());
            if (start >= end) {
                continue;
            }
            s.byField.computeIfAbsent(field, f -> new ArrayList<>()).add(new Redaction.Span(start, end, e.category()));
            String value = text.substring(start, end);
            if (value.strip().length() >= MIN_VALUE_CHARS) {
                found.putIfAbsent(value, e.category());
            }
        }
        found.entrySet().stream().sorted(Comparator.comparingInt((Map.Entry<String, String> v) -> v.getKey().length())
                .reversed()).forEach(v -> s.values.put(v.getKey(), v.getValue()));
        return s;
    }

    /** The sensitive spans of one of the record's own texts: its evidence spans, and every known value in it. */
    public List<Redaction.Span> in(TextField field, String text) {
        List<Redaction.Span> out = new ArrayList<>(byField.getOrDefault(field, List.of()));
        out.addAll(elsewhere(text));
        return out;
    }

    /** The sensitive spans of any other text (a correction, a note): every known value in it. */
    public List<Redaction.Span> elsewhere(String text) {
        List<Redaction.Span> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        values.forEach((value, category) -> {
            for (int i = text.indexOf(value); i >= 0; i = text.indexOf(value, i + value.length())) {
                out.add(new Redaction.Span(i, i + value.length(), category));
            }
        });
        return out;
    }
}
