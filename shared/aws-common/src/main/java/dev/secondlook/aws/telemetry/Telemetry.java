package dev.secondlook.aws.telemetry;

import com.amazonaws.services.lambda.runtime.Context;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * Structured JSON logs ({@link JsonLogging}, the SLF4J backend) and CloudWatch EMF metrics ({@link EmfMetrics}),
 * in the layout Powertools for AWS Lambda writes and under its environment variables
 * ({@code POWERTOOLS_SERVICE_NAME}, {@code POWERTOOLS_METRICS_NAMESPACE}, {@code POWERTOOLS_LOG_LEVEL}), without
 * its libraries. Handlers wrap their work in {@link #invocation}: in Lambda it adds the context's fields and cold
 * start to every log line of the invocation and flushes the invocation's metrics; outside Lambda (no context) it
 * only flushes. Log lines carry ids and counts, never prompt or output text.
 */
public final class Telemetry {

    public static final String NAMESPACE = "secondlook";

    private Telemetry() {
    }

    /** The metrics of this execution environment, configured once. */
    private static final class Holder {
        static final EmfMetrics METRICS = new EmfMetrics(setting("POWERTOOLS_METRICS_NAMESPACE", NAMESPACE),
                NAMESPACE, Clock.systemUTC());
    }

    private static String setting(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** Runs one invocation's work with its log fields and flushes the metrics it added. */
    public static <T> T invocation(Context context, Supplier<T> work) {
        if (context != null) {
            InvocationContext.enter(context);
        }
        try {
            return work.get();
        } finally {
            try {
                Holder.METRICS.flush();
            } finally {
                InvocationContext.clear();
            }
        }
    }

    /** Adds to a count metric of this invocation. */
    public static void count(String name, double value) {
        if (value > 0) {
            Holder.METRICS.add(name, value, "Count");
        }
    }

    /**
     * Publishes one value of a metric with one dimension at once (its own EMF document), for per-category series
     * such as the scorecard's rates; the unit is Count for counts, None for rates.
     */
    public static void value(String name, double value, boolean count, String dimension, String dimensionValue) {
        Holder.METRICS.single(name, value, count ? "Count" : "None", dimension, dimensionValue);
    }

    /** Records a duration in seconds. */
    public static void seconds(String name, double value) {
        Holder.METRICS.add(name, value, "Seconds");
    }
}
