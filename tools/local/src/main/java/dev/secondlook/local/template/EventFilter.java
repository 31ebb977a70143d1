package dev.secondlook.local.template;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lambda event filtering (FilterCriteria) for DynamoDB stream records, for the pattern forms the local runtime
 * supports: nested objects and lists of exact string values. Other forms (prefix, numeric, exists, anything-but)
 * fail at startup with their name.
 */
public final class EventFilter {

    private final List<Map<String, Object>> patterns;

    private EventFilter(List<Map<String, Object>> patterns) {
        this.patterns = patterns;
    }

    /** Compiles the {@code Filters[].Pattern} strings of a FilterCriteria. */
    @SuppressWarnings("unchecked")
    public static EventFilter of(List<String> patternJson) {
        ObjectMapper mapper = new ObjectMapper();
        List<Map<String, Object>> patterns = new java.util.ArrayList<>();
        for (String p : patternJson) {
            try {
                Map<String, Object> m = mapper.readValue(p, Map.class);
                validate(m);
                patterns.add(m);
            } catch (IOException e) {
                throw new UnsupportedTemplateException("FilterCriteria pattern is not JSON: " + p);
            }
        }
        return new EventFilter(patterns);
    }

    @SuppressWarnings("unchecked")
    private static void validate(Map<String, Object> pattern) {
        pattern.forEach((k, v) -> {
            if (v instanceof Map) {
                validate((Map<String, Object>) v);
            } else if (v instanceof List<?> l) {
                for (Object x : l) {
                    if (!(x instanceof String)) {
                        throw new UnsupportedTemplateException("FilterCriteria pattern form " + x + " under '" + k
                                + "' is not supported locally (exact string values only)");
                    }
                }
            } else {
                throw new UnsupportedTemplateException("FilterCriteria pattern value under '" + k
                        + "' must be an object or a list");
            }
        });
    }

    /** True when no filter is set or any pattern matches the record. */
    public boolean matches(DynamodbEvent.DynamodbStreamRecord record) {
        if (patterns.isEmpty()) {
            return true;
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventName", record.getEventName());
        event.put("eventSource", record.getEventSource());
        Map<String, Object> ddb = new LinkedHashMap<>();
        ddb.put("Keys", image(record.getDynamodb().getKeys()));
        ddb.put("NewImage", image(record.getDynamodb().getNewImage()));
        ddb.put("OldImage", image(record.getDynamodb().getOldImage()));
        event.put("dynamodb", ddb);
        return patterns.stream().anyMatch(p -> match(p, event));
    }

    @SuppressWarnings("unchecked")
    private static boolean match(Map<String, Object> pattern, Map<String, Object> event) {
        for (Map.Entry<String, Object> e : pattern.entrySet()) {
            Object value = event.get(e.getKey());
            if (e.getValue() instanceof Map) {
                if (!(value instanceof Map) || !match((Map<String, Object>) e.getValue(), (Map<String, Object>) value)) {
                    return false;
                }
            } else if (value == null || !((List<Object>) e.getValue()).contains(String.valueOf(value))) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> image(Map<String, AttributeValue> image) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (image != null) {
            image.forEach((k, v) -> {
                Map<String, Object> typed = new LinkedHashMap<>();
                if (v.getS() != null) {
                    typed.put("S", v.getS());
                } else if (v.getN() != null) {
                    typed.put("N", v.getN());
                } else if (v.getBOOL() != null) {
                    typed.put("BOOL", String.valueOf(v.getBOOL()));
                }
                out.put(k, typed);
            });
        }
        return out;
    }
}
