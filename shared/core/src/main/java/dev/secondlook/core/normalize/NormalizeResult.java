package dev.secondlook.core.normalize;

import dev.secondlook.core.model.Interaction;

/** Outcome of normalising one parsed record. */
public sealed interface NormalizeResult {

    /** A model call to judge. */
    record Normalized(Interaction interaction) implements NormalizeResult {
    }

    /** A well-formed record that is deliberately not judged (e.g. a failed model call), counted under its code. */
    record Skipped(String code, String detail) implements NormalizeResult {
    }

    /** A record that cannot be understood; it is quarantined with this reason. */
    record Rejected(String code, String detail) implements NormalizeResult {
    }
}
