package dev.secondlook.aws.telemetry;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Key-value fields for one log line, passed as the last argument of an SLF4J call:
 * {@code LOG.info("routed", LogFields.of(Map.of("records", 12)))} writes {@code "records":12} at the top level of
 * the JSON line. Values are written as JSON numbers, booleans, strings, or (maps, lists) as JSON.
 */
public final class LogFields {

    private final Map<String, Object> fields;

    private LogFields(Map<String, ?> fields) {
        this.fields = new LinkedHashMap<>(fields);
    }

    public static LogFields of(Map<String, ?> fields) {
        return new LogFields(fields);
    }

    Map<String, Object> fields() {
        return fields;
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
