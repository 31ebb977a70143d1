package dev.secondlook.core.judge;

import dev.secondlook.core.model.Interaction;
import dev.secondlook.core.policy.Judgement;

/**
 * What became of one record of a log: judged, skipped (deliberately not judged) or rejected (quarantined with a
 * reason). Every record position of a log ends as exactly one of them.
 */
public sealed interface JudgedRecord {

    /** Reason code of a record that could not be judged within its budget, or whose judging failed. */
    String JUDGE_FAILED = "judge-failed";

    /** 1-based line number (JSON Lines) or value index (pretty-printed file). */
    long line();

    /** A record the policy judged. */
    record Judged(long line, Interaction interaction, Judgement judgement) implements JudgedRecord {
    }

    /** A well-formed record that is deliberately not judged (e.g. a failed model call), counted under its code. */
    record Skipped(long line, String code, String detail) implements JudgedRecord {
    }

    /**
     * A record that cannot be read, understood or judged; it is quarantined.
     *
     * @param code    short reason code used for counting, e.g. {@code invalid-json} or {@value #JUDGE_FAILED}
     * @param detail  why, for the quarantine; a {@value #JUDGE_FAILED} detail never quotes the record's text
     * @param preview the start of the raw record, for the quarantine; may be empty
     */
    record Rejected(long line, String code, String detail, String preview) implements JudgedRecord {
    }
}
