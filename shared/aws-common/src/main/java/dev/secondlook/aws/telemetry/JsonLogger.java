package dev.secondlook.aws.telemetry;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/**
 * One JSON object per line on standard output, the layout CloudWatch Logs Insights reads without a parse step:
 * {@code timestamp}, {@code level}, {@code message}, {@code logger}, {@code service}, the invocation's fields
 * ({@link InvocationContext}), the fields of a {@link LogFields} argument, and an {@code error} object for a
 * throwable. Writes to {@code System.out} as it is at the time of the call (tests capture it). Thread-safe.
 */
final class JsonLogger extends LegacyAbstractLogger {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private final Level threshold;
    private final String service;

    JsonLogger(String name, Level threshold, String service) {
        this.name = name;
        this.threshold = threshold;
        this.service = service;
    }

    private boolean enabled(Level level) {
        return level.toInt() >= threshold.toInt();
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    /** Longest string written for a message or a field (CloudWatch cuts events above 256 KB into invalid JSON). */
    static final int MAX_STRING = 4096;

    /** Keys of the line itself: a {@link LogFields} key among them is written with a leading underscore. */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("timestamp", "level", "message", "logger",
            "service", "error", "cold_start", "function_name", "function_version", "function_arn",
            "function_memory_size", "function_request_id", "xray_trace_id");

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern, Object[] arguments,
                                               Throwable throwable) {
        String line;
        try {
            line = line(Instant.now(), level, messagePattern, arguments, throwable);
        } catch (RuntimeException e) {
            // logging never fails the caller's work: the line without its fields, and why
            line = "{\"timestamp\":\"" + Instant.now() + "\",\"level\":\"" + level.name() + "\",\"logger\":"
                    + quote(name) + ",\"message\":" + quote(String.valueOf(messagePattern)) + ",\"log_error\":"
                    + quote(e.getClass().getSimpleName()) + "}";
        }
        java.io.PrintStream out = System.out;
        synchronized (out) {
            out.println(line);
        }
    }

    private static String quote(String s) {
        try {
            return MAPPER.writeValueAsString(cap(s));
        } catch (IOException e) {
            return "\"\"";
        }
    }

    static String cap(String s) {
        return s == null || s.length() <= MAX_STRING ? s : s.substring(0, MAX_STRING) + "...(" + s.length() + " chars)";
    }

    /** A value as JSON can hold it: numbers, booleans and null as they are, anything else as its (capped) text. */
    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
            g.writeNumber(n.doubleValue());
        } else {
            g.writeString(cap(String.valueOf(v)));
        }
    }

    String line(Instant at, Level level, String pattern, Object[] arguments, Throwable throwable) {
        Object[] args = arguments == null ? new Object[0] : arguments;
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("timestamp", at.toString());
            g.writeStringField("level", level.name());
            g.writeStringField("message", cap(MessageFormatter.basicArrayFormat(pattern, args)));
            g.writeStringField("logger", name);
            g.writeStringField("service", service);
            Map<String, Object> invocation = InvocationContext.current();
            if (invocation != null) {
                for (Map.Entry<String, Object> e : invocation.entrySet()) {
                    g.writeFieldName(e.getKey());
                    writeValue(g, e.getValue());
                }
            }
            for (Object a : args) {
                if (a instanceof LogFields fields) {
                    for (Map.Entry<String, Object> e : fields.fields().entrySet()) {
                        g.writeFieldName(RESERVED.contains(e.getKey()) ? "_" + e.getKey() : e.getKey());
                        writeValue(g, e.getValue());
                    }
                }
            }
            if (throwable != null) {
                g.writeObjectFieldStart("error");
                g.writeStringField("name", throwable.getClass().getName());
                g.writeStringField("message", cap(String.valueOf(throwable.getMessage())));
                StringWriter trace = new StringWriter();
                throwable.printStackTrace(new PrintWriter(trace));
                String stack = trace.toString();
                g.writeStringField("stack", stack.length() <= 4 * MAX_STRING ? stack : stack.substring(0,
                        4 * MAX_STRING));
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
