package dev.secondlook.core.read;

import com.fasterxml.jackson.databind.JsonNode;

/** What the reader yields for each record position: a parsed JSON value, or a rejection with a reason. */
public sealed interface RawRecord {

    /** 1-based line number (JSON Lines) or value index (pretty-printed file). */
    long line();

    /** A JSON value read from one line (or one value of a pretty-printed file). */
    record Parsed(long line, JsonNode json) implements RawRecord {
    }

    /**
     * One line of a JSON Lines log, framed but not parsed yet ({@link LogRecordReader#nextLine()}): parsing is
     * left to whoever judges it, so that it can run on another thread than the reading.
     * {@link LogRecordReader#parse} makes it a {@link Parsed} or a {@link Rejected}.
     *
     * @param bytes the line's bytes, without its line ending and a leading byte-order mark; owned by this record
     */
    record Line(long line, byte[] bytes) implements RawRecord {
    }

    /**
     * A record position that could not be read.
     *
     * @param code    short reason code used for counting, e.g. {@code invalid-json}
     * @param detail  human-readable reason (may quote a few characters of the input; stored, never logged)
     * @param preview the first bytes of the raw line as text, for the quarantine; may be empty
     */
    record Rejected(long line, String code, String detail, String preview) implements RawRecord {
    }
}
