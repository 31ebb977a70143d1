package dev.secondlook.core.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;

/** OTLP/JSON {@code AnyValue} and {@code KeyValue} lists as plain JSON values. */
final class OtlpValues {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OtlpValues() {
    }

    /** A KeyValue list ({@code [{"key":..,"value":{..}}]}) as an ordered map of plain values. */
    static Map<String, JsonNode> attributes(JsonNode keyValues) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (keyValues != null && keyValues.isArray()) {
            for (JsonNode kv : keyValues) {
                String key = kv.path("key").asText(null);
                if (key != null) {
                    out.put(key, plain(kv.get("value")));
                }
            }
        }
        return out;
    }

    /** One AnyValue as a plain JSON value (strings, numbers, booleans, arrays, objects). */
    static JsonNode plain(JsonNode any) {
        if (any == null || any.isNull() || any.isMissingNode()) {
            return F.nullNode();
        }
        if (!any.isObject()) {
            return any;
        }
        if (any.has("stringValue")) {
            return F.textNode(any.get("stringValue").asText());
        }
        if (any.has("intValue")) {
            JsonNode v = any.get("intValue");
            return v.isNumber() ? v : F.numberNode(parseLong(v.asText()));
        }
        if (any.has("doubleValue")) {
            return F.numberNode(any.get("doubleValue").asDouble());
        }
        if (any.has("boolValue")) {
            return F.booleanNode(any.get("boolValue").asBoolean());
        }
        if (any.has("arrayValue")) {
            ArrayNode arr = F.arrayNode();
            for (JsonNode v : any.path("arrayValue").path("values")) {
                arr.add(plain(v));
            }
            return arr;
        }
        if (any.has("kvlistValue")) {
            ObjectNode obj = F.objectNode();
            attributes(any.path("kvlistValue").path("values")).forEach(obj::set);
            return obj;
        }
        if (any.has("bytesValue")) {
            return F.textNode("");
        }
        return any;
    }

    /** A structured value, or a JSON string holding one (both are allowed by the GenAI conventions). */
    static JsonNode structured(JsonNode value) {
        if (value != null && value.isTextual()) {
            String s = value.asText().trim();
            if (s.startsWith("[") || s.startsWith("{")) {
                try {
                    return MAPPER.readTree(s);
                } catch (java.io.IOException e) {
                    return value;
                }
            }
        }
        return value;
    }

    private static Long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
