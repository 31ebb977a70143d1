package dev.secondlook.core.ingest;

/**
 * A rejected record kept for inspection: where it was, why it was rejected, and the start of its raw text.
 */
public record QuarantinedRecord(long line, String code, String detail, String preview) {
}
