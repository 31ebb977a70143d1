package dev.secondlook.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What ingest did with one log object. The counts always add up: {@code read = selected + notSelected + skipped
 * + rejected}.
 *
 * @param object        the object (content identity: bucket, key, ETag)
 * @param status        COMPLETE, SKIPPED (not a log object, with reason) or FAILED
 * @param reason        why the object was skipped or only partly read, or null
 * @param read          records read (non-blank lines, or values of a pretty-printed file)
 * @param selected      records written for review
 * @param notSelected   records judged and not selected
 * @param skipped       records recorded but not judged (e.g. failed model calls), by reason
 * @param rejected      records quarantined, by reason
 * @param policyVersion policy version used
 * @param quarantineUri where rejected records were kept, or null when none were
 * @param finishedAt    when processing finished
 * @param population    the judged records (selected + notSelected) by scorecard cell; empty on manifests written
 *                      before ingest counted them
 */
public record ObjectManifest(
        ObjectRef object,
        String status,
        String reason,
        long read,
        long selected,
        long notSelected,
        Map<String, Long> skipped,
        Map<String, Long> rejected,
        String policyVersion,
        String quarantineUri,
        Instant finishedAt,
        List<PopulationCell> population) {

    public static final String COMPLETE = "COMPLETE";
    public static final String SKIPPED = "SKIPPED";

    public ObjectManifest {
        skipped = Map.copyOf(skipped);
        rejected = Map.copyOf(rejected);
        population = List.copyOf(population);
    }

    /** A manifest without population cells (a skipped object, or one written before ingest counted them). */
    public ObjectManifest(ObjectRef object, String status, String reason, long read, long selected, long notSelected,
                          Map<String, Long> skipped, Map<String, Long> rejected, String policyVersion,
                          String quarantineUri, Instant finishedAt) {
        this(object, status, reason, read, selected, notSelected, skipped, rejected, policyVersion, quarantineUri,
                finishedAt, List.of());
    }

    public long skippedTotal() {
        return skipped.values().stream().mapToLong(Long::longValue).sum();
    }

    public long rejectedTotal() {
        return rejected.values().stream().mapToLong(Long::longValue).sum();
    }
}
