package dev.secondlook.core.gate;

import dev.secondlook.core.model.CheckStatus;
import dev.secondlook.core.policy.HoldPolicy;

import java.time.Instant;

/**
 * The hold on an output, as stored with its review record.
 *
 * @param status       held, or how it was resolved
 * @param until        when it expires unless a reviewer decides first
 * @param onTimeout    what an expired hold delivers
 * @param fallback     what the customer gets instead of a blocked output (kept with the hold, so that a later policy
 *                     change does not change what an earlier check resolves to)
 * @param decidedAt    when it was resolved, or null while held
 * @param editedOutput the reviewer's text, when edited; else null
 */
public record Hold(CheckStatus status, Instant until, HoldPolicy.OnTimeout onTimeout, String fallback,
                   Instant decidedAt, String editedOutput) {

    /** A new hold on the terms of its route. */
    public static Hold start(Instant now, HoldPolicy.Terms terms) {
        return new Hold(CheckStatus.HELD, now.plus(terms.timeout()), terms.onTimeout(), terms.fallback(), null, null);
    }
}
