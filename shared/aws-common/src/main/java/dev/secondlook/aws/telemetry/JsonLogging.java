package dev.secondlook.aws.telemetry;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The functions' SLF4J backend: structured JSON lines on standard output ({@link JsonLogger}), in place of
 * Powertools logging with log4j (about 3.5 MB of every function's package for the same lines). Our loggers
 * ({@code dev.secondlook.*} and {@code secondlook.*}, the audit trail among them) log at {@code POWERTOOLS_LOG_LEVEL}
 * (or {@code SECONDLOOK_LOG_LEVEL}; INFO by default); every other library's (the AWS SDK's) at WARN, or at the
 * level of {@code SECONDLOOK_LIBRARY_LOG_LEVEL}. The service is {@code POWERTOOLS_SERVICE_NAME} (default secondlook).
 * Found by SLF4J through {@code META-INF/services/org.slf4j.spi.SLF4JServiceProvider}.
 */
public final class JsonLogging implements SLF4JServiceProvider {

    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new BasicMDCAdapter();
    private volatile Level ours = Level.INFO;
    private volatile Level others = Level.WARN;
    private volatile String service = "secondlook";
    private final ILoggerFactory factory = name -> loggers.computeIfAbsent(name,
            n -> new JsonLogger(n, isOurs(n) ? ours : others, service));

    static boolean isOurs(String name) {
        return name.startsWith("dev.secondlook") || name.startsWith("secondlook.") || name.equals("secondlook");
    }

    /** A level by name (any case), or {@code fallback} for a missing or unknown one. */
    static Level level(String value, Level fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String v = value.trim().toUpperCase(Locale.ROOT);
        if (v.equals("WARNING")) {
            v = "WARN";
        }
        for (Level l : Level.values()) {
            if (l.name().equals(v)) {
                return l;
            }
        }
        return fallback;
    }

    private static String env(String name) {
        String v = System.getenv(name);
        return v != null ? v : System.getProperty(name);
    }

    private static volatile boolean active;

    /**
     * Whether SLF4J chose this backend: the process is a function (in Lambda, or in tests and the local runtime's
     * test classpath) rather than a tool that silences the functions' output (the CLI, with slf4j-nop).
     */
    static boolean active() {
        org.slf4j.LoggerFactory.getILoggerFactory();
        return active;
    }

    @Override
    public void initialize() {
        active = true;
        String level = env("SECONDLOOK_LOG_LEVEL");
        ours = level(level != null ? level : env("POWERTOOLS_LOG_LEVEL"), Level.INFO);
        others = level(env("SECONDLOOK_LIBRARY_LOG_LEVEL"), Level.WARN);
        String s = env("POWERTOOLS_SERVICE_NAME");
        service = s == null || s.isBlank() ? "secondlook" : s;
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }
}
