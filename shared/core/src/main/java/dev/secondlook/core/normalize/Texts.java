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

    /** Renders chat messages: the single user turn as is, several turns as "Role: text" paragraphs. */
    static String messages(JsonNode messages) {
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            return "";
        }
        List<String> turns = new ArrayList<>();
        List<String> rendered = new ArrayList<>();
        for (JsonNode m : messages) {
            String role = m.path("role").asText("user");
            if (role.equals("system") || role.equals("developer")) {
                continue;
            }
            String text = content(m.get("content"));
            turns.add(text);
            rendered.add(capitalise(role) + ": " + text);
        }
        if (turns.size() == 1) {
            return turns.get(0);
        }
        return String.join("\n\n", rendered);
    }

    /** System / developer messages inside a chat message list. */
    static String systemMessages(JsonNode messages) {
        if (messages == null || !messages.isArray()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode m : messages) {
            String role = m.path("role").asText("");
            if (role.equals("system") || role.equals("developer")) {
                parts.add(content(m.get("content")));
            }
        }
        return String.join("\n", parts);
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isValueNode() && !v.isNull() ? v.asText() : null;
    }

    static Integer integer(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.canConvertToInt() ? v.asInt() : null;
    }

    static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
