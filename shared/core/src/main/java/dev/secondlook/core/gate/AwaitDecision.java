package dev.secondlook.core.gate;

import dev.secondlook.core.model.CheckStatus;
import dev.secondlook.core.model.Timestamps;
import dev.secondlook.core.policy.HoldPolicy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Use case: the long poll. Reads a held check consistently until it is resolved or {@code wait} has passed (at most
 * {@link GateSettings#maxWait()}), and returns where it stands with the text to deliver. A hold found past its
 * time is expired here and then, with one conditional write, so an application waiting on it learns at once what
 * its timeout resolves to, whether or not the scheduled sweep ({@link ExpireHolds}) has come by yet.
 */
public final class AwaitDecision {

    /** Waits between reads; replaceable in tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final CheckStore store;
    private final GateSettings settings;
    private final Clock clock;
    private final Sleeper sleeper;

    public AwaitDecision(CheckStore store, GateSettings settings, Clock clock, Sleeper sleeper) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * Where the check stands, waiting up to {@code wait} for it to be resolved.
     *
     * @param caller the application asking; only the one that made the check reads it
     * @throws CheckNotFoundException when there is no held check with this id for this caller
     * @throws InvalidCheckException  when {@code wait} is negative or longer than the longest wait
     * @throws dev.secondlook.core.failure.StoreUnavailableException when the store cannot answer (retry)
     */
    public CheckState await(String checkId, String caller, Duration wait) {
        if (wait.isNegative() || wait.compareTo(settings.maxWait()) > 0) {
            throw new InvalidCheckException("waitSeconds must be within 0.." + settings.maxWait().toSeconds());
        }
        Instant deadline = clock.instant().plus(wait);
        while (true) {
            StoredCheck c = held(store.find(checkId), checkId, caller);
            if (c.hold().status().resolved()) {
                return state(c);
            }
            Instant now = clock.instant();
            if (!now.isBefore(c.hold().until())) {
                return state(held(store.expire(checkId, now), checkId, caller));
            }
            if (!now.isBefore(deadline)) {
                return state(c);
            }
            Duration pause = min(settings.pollInterval(), Duration.between(now, deadline),
                    Duration.between(now, c.hold().until()));
            try {
                sleeper.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return state(c);
            }
        }
    }

    private static StoredCheck held(Optional<StoredCheck> found, String checkId, String caller) {
        return found.filter(c -> c.hold() != null && caller.equals(c.caller()))
                .orElseThrow(() -> new CheckNotFoundException(checkId));
    }

    /** The state an application sees, with the text it delivers. */
    static CheckState state(StoredCheck c) {
        Hold h = c.hold();
        String output = switch (h.status()) {
            case HELD -> null;
            case APPROVED -> c.output();
            case EDITED -> h.editedOutput();
            case BLOCKED -> h.fallback();
            case EXPIRED -> h.onTimeout() == HoldPolicy.OnTimeout.DELIVER ? c.output() : h.fallback();
        };
        return new CheckState(CheckState.SCHEMA, c.checkId(), h.status(), output,
                h.status() == CheckStatus.HELD || h.decidedAt() == null ? null : Timestamps.format(h.decidedAt()));
    }

    private static Duration min(Duration a, Duration b, Duration c) {
        Duration m = a.compareTo(b) <= 0 ? a : b;
        return m.compareTo(c) <= 0 ? m : c;
    }
}
