package dev.secondlook.aws.telemetry;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CloudWatch embedded metric format (EMF): metrics written as JSON lines to standard output, which Lambda's log
 * agent turns into CloudWatch metrics without an API call. One document per flush holds every metric the
 * invocation added (at most 100 per document, CloudWatch's limit; more go in further documents), under the
 * namespace and the {@code service} dimension; a metric added several times keeps every value (at most 100) as
 * CloudWatch's statistics expect. Replaces Powertools metrics (which brought commons-lang3 and a metrics library
 * into every package). Thread-safe.
 */
final class EmfMetrics {

    /** CloudWatch's limits for one EMF document. */
    static final int MAX_METRICS = 100;
    static final int MAX_VALUES = 100;

    private record Metric(String unit, List<Double> values) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String namespace;
    private final String service;
    private final Clock clock;
    private final Map<String, Metric> pending = new LinkedHashMap<>();
    private final boolean enabled;

    /** Metrics written where the logs go: nowhere when the process silences the functions' logs (the CLI). */
    EmfMetrics(String namespace, String service, Clock clock) {
        this(namespace, service, clock, JsonLogging.active());
    }

    EmfMetrics(String namespace, String service, Clock clock, boolean enabled) {
        this.namespace = namespace;
        this.service = service;
        this.clock = clock;
        this.enabled = enabled;
    }

    /** Keys of the document itself, which a metric may not be named. */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("_aws", "service", "function_request_id");

    /** Whether CloudWatch accepts this metric: a finite value, a name that is not a key of the document. */
    private static boolean valid(String name, double value) {
        return Double.isFinite(value) && name != null && !name.isBlank() && !RESERVED.contains(name);
    }

    synchronized void add(String name, double value, String unit) {
        if (!valid(name, value)) {
            return;
        }
        Metric m = pending.computeIfAbsent(name, k -> new Metric(unit, new ArrayList<>()));
        if (m.values().size() >= MAX_VALUES) {
            flush();
            m = pending.computeIfAbsent(name, k -> new Metric(unit, new ArrayList<>()));
        }
        m.values().add(value);
    }

    /** Writes what was added since the last flush (nothing when nothing was) and starts afresh. */
    synchronized void flush() {
        if (pending.isEmpty()) {
            return;
        }
        List<Map.Entry<String, Metric>> all = new ArrayList<>(pending.entrySet());
        pending.clear();
        for (int from = 0; from < all.size(); from += MAX_METRICS) {
            print(document(all.subList(from, Math.min(all.size(), from + MAX_METRICS)), Map.of()));
        }
    }

    /** One metric with one more dimension, in a document of its own, at once. */
    void single(String name, double value, String unit, String dimension, String dimensionValue) {
        if (!valid(name, value) || dimension == null || dimension.isBlank() || RESERVED.contains(dimension)
                || dimension.equals(name) || dimensionValue == null || dimensionValue.isBlank()) {
            return;
        }
        print(document(List.of(Map.entry(name, new Metric(unit, List.of(value)))), Map.of(dimension, dimensionValue)));
    }

    String document(List<Map.Entry<String, Metric>> metrics, Map<String, String> extraDimensions) {
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(w)) {
            g.writeStartObject();
            g.writeObjectFieldStart("_aws");
            g.writeNumberField("Timestamp", clock.millis());
            g.writeArrayFieldStart("CloudWatchMetrics");
            g.writeStartObject();
            g.writeStringField("Namespace", namespace);
            g.writeArrayFieldStart("Dimensions");
            g.writeStartArray();
            g.writeString("service");
            for (String d : extraDimensions.keySet()) {
                g.writeString(d);
            }
            g.writeEndArray();
            g.writeEndArray();
            g.writeArrayFieldStart("Metrics");
            for (Map.Entry<String, Metric> m : metrics) {
                g.writeStartObject();
                g.writeStringField("Name", m.getKey());
                g.writeStringField("Unit", m.getValue().unit());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.writeStringField("service", service);
            for (Map.Entry<String, String> d : extraDimensions.entrySet()) {
                g.writeStringField(d.getKey(), d.getValue());
            }
            Map<String, Object> invocation = InvocationContext.current();
            if (invocation != null && invocation.get("function_request_id") != null) {
                g.writeStringField("function_request_id", (String) invocation.get("function_request_id"));
            }
            for (Map.Entry<String, Metric> m : metrics) {
                List<Double> values = m.getValue().values();
                if (values.size() == 1) {
                    g.writeNumberField(m.getKey(), values.get(0));
                } else {
                    g.writeArrayFieldStart(m.getKey());
                    for (double v : values) {
                        g.writeNumber(v);
                    }
                    g.writeEndArray();
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private void print(String line) {
        if (!enabled) {
            return;
        }
        java.io.PrintStream out = System.out;
        synchronized (out) {
            out.println(line);
        }
    }
}
