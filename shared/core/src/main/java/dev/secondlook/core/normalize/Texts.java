package dev.secondlook.core.normalize;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** Extraction of plain text from the content shapes model APIs use (strings, content-block arrays). */
final class Texts {

    private Texts() {
    }

    /**
     * Text of a content value: a string, an array of blocks with {@code text} (Converse, Anthropic, Nova, OpenAI
     * parts), or an object with {@code text}. Non-text blocks (images, tool use) are ignored.
     */
    static String content(JsonNode content) {
        if (content == null || content.isNull() || content.isMissingNode()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode block : content) {
                String t = content(block);
                if (!t.isEmpty()) {
                    parts.add(t);
                }
            }
            return String.join("\n", parts);
        }
        if (content.isObject()) {
            JsonNode text = content.get("text");
            if (text != null && text.isTextual()) {
                return text.asText();
            }
            JsonNode nested = content.get("content");
            if (nested != null) {
                return content(nested);
            }
        }
        return "";
    }

    /** One chat message: its role as logged (null when absent or JSON null) and its text. */
    record Turn(String role, String text) {

        boolean isSystem() {
            return isSystemRole(role);
        }
    }

    static boolean isSystemRole(String role) {
        return "system".equals(role) || "developer".equals(role);
    }

    /** Renders chat messages: the single user turn as is, several turns as "Role: text" paragraphs. */
    static String messages(JsonNode messages) {
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            return "";
        }
        List<Turn> turns = new ArrayList<>();
        for (JsonNode m : messages) {
            String role = m.path("role").asText(null);
            if (!isSystemRole(role)) {
                turns.add(new Turn(role, content(m.get("content"))));
            }
        }
        return render(turns);
    }

    /**
     * {@link #messages} of turns already read: system and developer turns are left out, a missing role is the
     * user's.
     */
    static String render(List<Turn> turns) {
        List<String> texts = new ArrayList<>();
        List<String> rendered = new ArrayList<>();
        for (Turn t : turns) {
            if (t.isSystem()) {
                continue;
            }
            texts.add(t.text());
            rendered.add(capitalise(t.role() == null ? "user" : t.role()) + ": " + t.text());
        }
        if (texts.size() == 1) {
            return texts.get(0);
        }
        return String.join("\n\n", rendered);
    }

    /** System / developer messages inside a chat message list. */
    static String systemMessages(JsonNode messages) {
        if (messages == null || !messages.isArray()) {
            return "";
        }
        List<Turn> turns = new ArrayList<>();
        for (JsonNode m : messages) {
            String role = m.path("role").asText(null);
            if (isSystemRole(role)) {
                turns.add(new Turn(role, content(m.get("content"))));
            }
        }
        return systemText(turns);
    }

    /** {@link #systemMessages} of turns already read. */
    static String systemText(List<Turn> turns) {
        List<String> parts = new ArrayList<>();
        for (Turn t : turns) {
            if (t.isSystem()) {
                parts.add(t.text());
            }
        }
        return String.join("\n", parts);
    }

    /** The first of the values that is not null, or null. */
    @SafeVarargs
    static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isValueNode() && !v.isNull() ? v.asText() : null;
    }

    static Integer integer(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.canConvertToInt() ? v.asInt() : null;
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
