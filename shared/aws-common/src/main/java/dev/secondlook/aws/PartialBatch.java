package dev.secondlook.aws;

import software.amazon.awssdk.core.exception.SdkException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Retries the failed entries of a batch API (SendMessageBatch, PublishBatch) with backoff. A failed call retries
 * every pending entry; entries that failed through the sender's fault are not retried.
 */
public final class PartialBatch {

    /** One call's result: the entry ids that succeeded, and whether any failure is worth retrying. */
    public record Outcome(Set<String> succeeded, boolean retryable) {
    }

    private PartialBatch() {
    }

    /** Sends {@code entries} (by entry id) and returns the ids that still failed after retries. */
    public static <E> Set<String> send(Map<String, E> entries, Function<List<E>, Outcome> call, Backoff backoff) {
        Map<String, E> pending = new LinkedHashMap<>(entries);
        int attempt = 0;
        while (!pending.isEmpty()) {
            boolean retryable = true;
            try {
                Outcome o = call.apply(new ArrayList<>(pending.values()));
                o.succeeded().forEach(pending::remove);
                retryable = o.retryable();
            } catch (SdkException e) {
                // the whole call failed: every pending entry is retried
            }
            if (pending.isEmpty() || !retryable || ++attempt >= backoff.maxAttempts()) {
                break;
            }
            backoff.pause(attempt);
        }
        return pending.keySet();
    }
}
