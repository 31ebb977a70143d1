package dev.secondlook.aws.telemetry;

import com.amazonaws.services.lambda.runtime.Context;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Lambda invocation a thread is working on, for the fields every log line of it carries (the keys Powertools
 * for AWS Lambda uses, so that existing Logs Insights queries keep working): {@code function_name},
 * {@code function_version}, {@code function_arn}, {@code function_memory_size}, {@code function_request_id},
 * {@code cold_start} (true for the first invocation of the execution environment) and {@code xray_trace_id}.
 */
final class InvocationContext {

    private static final AtomicBoolean FIRST = new AtomicBoolean(true);
    // inheritable: threads an invocation starts (a log object's judging pool) log with its fields too
    private static final ThreadLocal<Map<String, Object>> CURRENT = new InheritableThreadLocal<>();

    private InvocationContext() {
    }

    /** Sets the fields of {@code context} for this thread until {@link #clear()}. */
    static void enter(Context context) {
        Map<String, Object> f = new LinkedHashMap<>();
        // an environment initialised for provisioned concurrency was warm before its first request
        f.put("cold_start", FIRST.getAndSet(false)
                && !"provisioned-concurrency".equals(System.getenv("AWS_LAMBDA_INITIALIZATION_TYPE")));
        put(f, "function_name", context.getFunctionName());
        put(f, "function_version", context.getFunctionVersion());
        put(f, "function_arn", context.getInvokedFunctionArn());
        f.put("function_memory_size", context.getMemoryLimitInMB());
        put(f, "function_request_id", context.getAwsRequestId());
        String trace = System.getProperty("com.amazonaws.xray.traceHeader", System.getenv("_X_AMZN_TRACE_ID"));
        if (trace != null) {
            int root = trace.indexOf("Root=");
            if (root >= 0) {
                int end = trace.indexOf(';', root);
                put(f, "xray_trace_id", trace.substring(root + 5, end < 0 ? trace.length() : end));
            }
        }
        CURRENT.set(f);
    }

    static void clear() {
        CURRENT.remove();
    }

    /** This thread's invocation fields, or null outside an invocation. */
    static Map<String, Object> current() {
        return CURRENT.get();
    }

    private static void put(Map<String, Object> f, String key, String value) {
        if (value != null) {
            f.put(key, value);
        }
    }
}
