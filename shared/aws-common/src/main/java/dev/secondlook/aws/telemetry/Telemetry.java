package dev.secondlook.aws.telemetry;

import com.amazonaws.services.lambda.runtime.Context;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

import java.util.function.Supplier;

/**
 * Structured JSON logs and EMF metrics through Powertools for AWS Lambda (Java) v2's functional API (no AspectJ).
 * Handlers wrap their work in {@link #invocation}: in Lambda it adds the context's fields and cold start to every
 * log line and flushes the invocation's metrics; outside Lambda (no context) it only flushes. Log lines carry ids
 * and counts, never prompt or output text.
 */
public final class Telemetry {

    public static final String NAMESPACE = "secondlook";

    private Telemetry() {
    }

    /** Powertools' metrics instance, configured once per execution environment (not once per metric). */
    private static final class Holder {
        static final Metrics METRICS = configure(MetricsFactory.getMetricsInstance());

        private static Metrics configure(Metrics m) {
            if (System.getenv("POWERTOOLS_METRICS_NAMESPACE") == null) {
                m.setNamespace(NAMESPACE);
            }
            m.setDefaultDimensions(DimensionSet.of("service", NAMESPACE));
            return m;
        }
    }

    private static Metrics metrics() {
        return Holder.METRICS;
    }

    /** Runs one invocation's work with Powertools logging and flushes the metrics it added. */
    public static <T> T invocation(Context context, Supplier<T> work) {
        Supplier<T> flushing = () -> {
            try {
                return work.get();
            } finally {
                metrics().flush();
            }
        };
        return context == null ? flushing.get() : PowertoolsLogging.withLogging(context, flushing);
    }

    /** Adds to a count metric of this invocation. */
    public static void count(String name, double value) {
        if (value > 0) {
            metrics().addMetric(name, value, MetricUnit.COUNT);
        }
    }

    /**
     * Publishes one value of a metric with one dimension at once (its own EMF document), for per-category series
     * such as the scorecard's rates; {@code unit} is COUNT for counts, NONE for rates.
     */
    public static void value(String name, double value, boolean count, String dimension, String dimensionValue) {
        DimensionSet dimensions = DimensionSet.of("service", NAMESPACE, dimension, dimensionValue);
        metrics().flushSingleMetric(name, value, count ? MetricUnit.COUNT : MetricUnit.NONE,
                System.getenv().getOrDefault("POWERTOOLS_METRICS_NAMESPACE", NAMESPACE), dimensions);
    }

    /** Records a duration in seconds. */
    public static void seconds(String name, double value) {
        metrics().addMetric(name, value, MetricUnit.SECONDS);
    }
}
