package dev.secondlook.core.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Caps on a review record's fields outside the {@link TextBudget} (review id, route, model id, operation, format,
 * stop reason, guardrail action, timestamp, request metadata), all taken from the log, so that an item stays
 * under DynamoDB's 400 KB and its key under 2,048 bytes whatever the log holds. Each cut is deterministic, so a
 * replay writes the same id and record, and leaves a marker; the record is flagged {@code truncated}.
 *
 * <p>Worst case outside the texts: id 256 + 7 fields x 256 + metadata 64 x (128 + 256) bytes, about 27 KB;
 * evidence is capped by the policy (50 entries of short excerpts), so the 300 KB text budget keeps the item
 * under 400 KB.
 */
final class FieldCaps {

    /**
     * The review id is the table's partition key (DynamoDB allows 2,048 bytes) and travels in queue messages,
     * escalations and console links; real ids (UUIDs, {@code chatcmpl-...}, trace and span ids) are under 100.
     */
    static final int ID_BYTES = 256;

    /** Route, model id, operation and the like: escalation.v1 allows 512 characters for route and model. */
    static final int FIELD_BYTES = 256;

    /** Bedrock allows 16 request-metadata keys; an OpenTelemetry record can carry hundreds of attributes. */
    static final int METADATA_ENTRIES = 64;
    static final int METADATA_KEY_BYTES = 128;
    static final int METADATA_VALUE_BYTES = 256;

    /** Ends every value that was cut. */
    static final String MARKER = "...[truncated]";

    /** Says how many request-metadata keys were left out (the first in sorted order are kept). */
    static final String DROPPED_KEYS = "secondlook.droppedMetadataKeys";

    private FieldCaps() {
    }

    /** A capped value and whether it was cut. */
    record Capped<T>(T value, boolean cut) {
    }

    /**
     * The id itself when it fits, else its start and a hash of the whole id, so that two long ids that share a
     * start stay two records.
     */
    static Capped<String> id(String id) {
        if (TextBudget.utf8Length(id) <= ID_BYTES) {
            return new Capped<>(id, false);
        }
        String suffix = "...[truncated:sha256=" + sha256(id).substring(0, 32) + "]";
        return new Capped<>(TextBudget.truncate(id, ID_BYTES - suffix.length()) + suffix, true);
    }

    /** The value itself when it fits in {@link #FIELD_BYTES}, else its start and {@link #MARKER}; null stays null. */
    static Capped<String> field(String value) {
        return cut(value, FIELD_BYTES);
    }

    /** secondlook's own notes first (such as what a normaliser left out), then the log's keys in order. */
    private static final Comparator<String> KEEP_ORDER = Comparator.comparing((String k) -> !k.startsWith(
            "secondlook.")).thenComparing(Comparator.naturalOrder());

    /**
     * At most {@link #METADATA_ENTRIES} entries, secondlook's own first and then the first in key order (a map's
     * own order is not stable across runs), keys and values cut to their caps; when keys are left out,
     * {@link #DROPPED_KEYS} says how many.
     */
    static Capped<Map<String, String>> metadata(Map<String, String> metadata) {
        if (fits(metadata)) {
            return new Capped<>(metadata, false);   // what the loop below returns for it, without two sorted maps
        }
        Map<String, String> out = new TreeMap<>();
        boolean cut = false;
        int dropped = 0;
        Map<String, String> ordered = new TreeMap<>(KEEP_ORDER);
        ordered.putAll(metadata);
        for (Map.Entry<String, String> e : ordered.entrySet()) {
            if (out.size() >= METADATA_ENTRIES) {
                dropped++;
                continue;
            }
            Capped<String> key = cut(e.getKey(), METADATA_KEY_BYTES);
            Capped<String> value = cut(e.getValue(), METADATA_VALUE_BYTES);
            cut |= key.cut() || value.cut();
            out.putIfAbsent(key.value(), value.value());
        }
        if (dropped > 0) {
            out.put(DROPPED_KEYS, Integer.toString(dropped));
            cut = true;
        }
        return new Capped<>(cut ? out : metadata, cut);
    }

    /** Whether the metadata is within every cap as it is: few enough entries, each key and value short enough. */
    private static boolean fits(Map<String, String> metadata) {
        if (metadata.size() > METADATA_ENTRIES) {
            return false;
        }
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (cut(e.getKey(), METADATA_KEY_BYTES).cut() || cut(e.getValue(), METADATA_VALUE_BYTES).cut()) {
                return false;
            }
        }
        return true;
    }

    private static Capped<String> cut(String value, int maxBytes) {
        // a UTF-16 char counts at most three UTF-8 bytes (a surrogate pair four for two; a lone high surrogate four
        // at the end): most values fit uncounted
        if (value == null || value.length() <= (maxBytes - 1) / 3 || TextBudget.utf8Length(value) <= maxBytes) {
            return new Capped<>(value, false);
        }
        return new Capped<>(TextBudget.truncate(value, maxBytes - MARKER.length()) + MARKER, true);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
