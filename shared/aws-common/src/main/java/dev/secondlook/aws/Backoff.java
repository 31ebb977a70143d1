package dev.secondlook.aws;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter for the partial failures of batch APIs (UnprocessedItems,
 * UnprocessedKeys, failed batch entries), which the SDK's own retries do not cover.
 */
public final class Backoff {

    /** Sleeps; replaceable in tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final int maxAttempts;
    private final long baseMillis;
    private final long capMillis;
    private final Sleeper sleeper;

    public Backoff(int maxAttempts, long baseMillis, long capMillis, Sleeper sleeper) {
        this.maxAttempts = maxAttempts;
        this.baseMillis = baseMillis;
        this.capMillis = capMillis;
        this.sleeper = sleeper;
    }

    public static Backoff standard() {
        return new Backoff(10, 50, 2_000, Thread::sleep);
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /** Waits before retry number {@code attempt} (1-based). */
    public void pause(int attempt) {
        long ceiling = Math.min(capMillis, baseMillis << Math.min(attempt - 1, 20));
        try {
            sleeper.sleep(ThreadLocalRandom.current().nextLong(ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }
}
