package dev.secondlook.core.policy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A policy that follows its source without a redeploy: at most every {@code every}, the source (a parameter
 * naming the pinned rules file) is read again; when it names another file, that file is loaded (and checked
 * against its pin) and judges from then on. A source or file that fails leaves the current policy in place: a
 * broken change never stops judging. Each record keeps the version that judged it. Not thread-safe: one per
 * function container, asked once per invocation.
 */
public final class PolicyRefresh {

    /** Where the current rules file is named (e.g. an SSM parameter holding a pinned S3 URI, or "default"). */
    public interface Source {
        /** @throws RuntimeException when it cannot be read now */
        String current();
    }

    /** Loads the rules file a source value names. */
    public interface Loader {
        /** @throws RuntimeException when it cannot be read, does not match its pin, or does not compile */
        Policy load(String value);
    }

    /**
     * What {@link #current()} found.
     *
     * @param policy  the policy to judge with
     * @param changed true when it was loaded by this call
     * @param error   why a due check kept the old policy, or null
     */
    public record Result(Policy policy, boolean changed, String error) {
    }

    private final Source source;
    private final Loader loader;
    private final Duration every;
    private final Clock clock;
    private Policy policy;
    private String value;
    private Instant checkedAt;

    /**
     * @param initial      the policy loaded at start
     * @param initialValue the source value it came from
     */
    public PolicyRefresh(Policy initial, String initialValue, Source source, Loader loader, Duration every,
                         Clock clock) {
        this.policy = initial;
        this.value = initialValue;
        this.source = source;
        this.loader = loader;
        this.every = every;
        this.clock = clock;
        // the first call checks: a container that starts (or a SnapStart snapshot that resumes) after a change
        // judges with the changed file from its first record
        this.checkedAt = Instant.EPOCH;
    }

    /** The policy to judge with now, reloaded first when the check is due and the source names another file. */
    public Result current() {
        Instant now = clock.instant();
        if (Duration.between(checkedAt, now).compareTo(every) < 0) {
            return new Result(policy, false, null);
        }
        checkedAt = now;
        String next;
        try {
            next = source.current();
        } catch (RuntimeException e) {
            return new Result(policy, false, "cannot read the policy source: " + e.getMessage());
        }
        if (Objects.equals(next, value)) {
            return new Result(policy, false, null);
        }
        try {
            Policy loaded = loader.load(next);
            policy = loaded;
            value = next;
            return new Result(policy, true, null);
        } catch (RuntimeException e) {
            // the next check tries again: the value is not taken until it loads
            return new Result(policy, false, "cannot load the policy the source names (" + next + "): "
                    + e.getMessage());
        }
    }
}
