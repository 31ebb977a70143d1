package dev.secondlook.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The review API's answers as a reviewer reads them in a terminal: the output first, each rule's evidence span
 * marked in it with »…«, the labels, the claim. Customer text is attacker-controlled: control characters (terminal
 * escape sequences among them) are shown as {@code \\uXXXX}, never sent to the terminal.
 */
final class ReviewText {

    private ReviewText() {
    }

    /** A review view ({@code contracts/review-view.v1}). */
    static String view(JsonNode v) {
        StringBuilder b = new StringBuilder();
        b.append("review ").append(safe(v.path("id").asText())).append("  [").append(v.path("lane").asText())
                .append(" lane, ").append(v.path("severity").asText()).append(", ").append(v.path("status").asText())
                .append("]  due ").append(v.path("dueAt").asText()).append('\n');
        b.append("categories: ").append(join(v.path("categories"))).append("   rules: ").append(join(v.path("ruleIds")))
                .append('\n');
        b.append("model: ").append(safe(v.path("modelId").asText())).append("   route: ")
                .append(safe(v.path("route").asText("")).isEmpty() ? "(none)" : safe(v.path("route").asText()))
                .append("   source: ").append(safe(v.path("sourceUri").asText())).append('\n');
        if (!v.path("claimBy").isNull() && v.has("claimBy")) {
            b.append("claimed by ").append(safe(v.path("claimBy").asText())).append(" until ")
                    .append(v.path("leaseExpiresAt").asText()).append('\n');
        }
        if (v.has("verdict") && !v.path("verdict").isNull()) {
            JsonNode verdict = v.path("verdict");
            b.append("verdict: ").append(verdict.path("outcome").asText()).append(' ')
                    .append(join(verdict.path("categories")));
            if (v.has("reviewedBy") && !v.path("reviewedBy").isNull()) {
                b.append(" by ").append(safe(v.path("reviewedBy").asText()));
            }
            b.append('\n');
        }
        int n = 0;
        for (JsonNode r : v.path("independentReviews")) {
            // a double-reviewed record's independent reviews: both for a lead, one's own for a reviewer
            JsonNode verdict = r.path("verdict");
            b.append("independent review ").append(++n).append(": ").append(verdict.path("outcome").asText())
                    .append(' ').append(join(verdict.path("categories"))).append(" by ")
                    .append(safe(r.path("reviewedBy").asText())).append(" at ").append(r.path("reviewedAt").asText());
            if (!verdict.path("note").asText("").isEmpty()) {
                b.append(": ").append(safe(verdict.path("note").asText()));
            }
            b.append('\n');
        }
        if (!v.path("systemPrompt").asText("").isEmpty()) {
            b.append("\nSYSTEM PROMPT\n").append(indent(safe(v.path("systemPrompt").asText()))).append('\n');
        }
        b.append("\nPROMPT\n").append(indent(safe(v.path("prompt").asText("")))).append('\n');
        b.append("\nOUTPUT").append(v.path("truncated").asBoolean() ? " (truncated)" : "")
                .append("   evidence marked »…«\n").append(indent(marked(v.path("output").asText(""),
                        v.path("evidence"))))
                .append('\n');
        if (v.path("evidence").size() > 0) {
            b.append("\nevidence\n");
            for (JsonNode e : v.path("evidence")) {
                b.append("  ").append(safe(e.path("ruleId").asText())).append(" (").append(e.path("category").asText())
                        .append(") in ").append(e.path("field").asText()).append(' ').append(e.path("start").asInt())
                        .append('-').append(e.path("end").asInt()).append(": ").append(safe(e.path("excerpt").asText()))
                        .append('\n');
            }
        }
        return b.toString().stripTrailing();
    }

    /** A listing page ({@code contracts/review-list.v1}). */
    static String list(JsonNode page) {
        StringBuilder b = new StringBuilder();
        if (page.path("items").size() == 0) {
            b.append("no records\n");
        }
        for (JsonNode i : page.path("items")) {
            b.append(String.format("%-40s %-9s %-8s %-6s due %s  %s%s%n", safe(i.path("id").asText()),
                    i.path("status").asText(), i.path("lane").asText(), i.path("severity").asText(),
                    i.path("dueAt").asText(), join(i.path("categories")),
                    i.has("leaseExpiresAt") ? "  yours until " + safe(i.path("leaseExpiresAt").asText()) : ""));
        }
        if (!page.path("next").isNull() && page.has("next")) {
            b.append("more: --next ").append(page.path("next").asText()).append('\n');
        }
        return b.toString().stripTrailing();
    }

    /** The output with each evidence span in it marked »…« (spans of other fields are listed below it). */
    static String marked(String output, JsonNode evidence) {
        List<int[]> spans = new ArrayList<>();
        for (JsonNode e : evidence) {
            int start = e.path("start").asInt(-1);
            int end = e.path("end").asInt(-1);
            if ("output".equals(e.path("field").asText()) && start >= 0 && end > start && end <= output.length()) {
                spans.add(new int[] {start, end});
            }
        }
        spans.sort(Comparator.comparingInt(s -> s[0]));
        StringBuilder b = new StringBuilder();
        int at = 0;
        for (int[] s : spans) {
            if (s[0] < at) {
                continue; // overlapping a span already marked
            }
            b.append(safe(output.substring(at, s[0]))).append('»').append(safe(output.substring(s[0], s[1])))
                    .append('«');
            at = s[1];
        }
        return b.append(safe(output.substring(at))).toString();
    }

    /** Text made safe for a terminal: control characters other than newline and tab as {@code \\uXXXX}. */
    static String safe(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c < 0xa0)
                    || c == '\u2028' || c == '\u2029' || (c >= '\u202a' && c <= '\u202e')
                    || (c >= '\u2066' && c <= '\u2069');
            if (control) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static String indent(String s) {
        return "  " + s.replace("\n", "\n  ");
    }

    private static String join(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(x -> out.add(safe(x.asText())));
        return out.isEmpty() ? "(none)" : String.join(", ", out);
    }
}
