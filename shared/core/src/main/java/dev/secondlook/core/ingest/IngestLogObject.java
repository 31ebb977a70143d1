package dev.secondlook.core.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.failure.ObjectGoneException;
import dev.secondlook.core.failure.StoreUnavailableException;
import dev.secondlook.core.judge.JudgedRecord;
import dev.secondlook.core.judge.OrderedJudging;
import dev.secondlook.core.judge.RecordJudge;
import dev.secondlook.core.model.Interaction;
import dev.secondlook.core.model.Lane;
import dev.secondlook.core.model.ObjectManifest;
import dev.secondlook.core.model.ObjectRef;
import dev.secondlook.core.model.PopulationCell;
import dev.secondlook.core.model.ReviewRecord;
import dev.secondlook.core.model.Severity;
import dev.secondlook.core.normalize.RecordNormalizer;
import dev.secondlook.core.policy.Judgement;
import dev.secondlook.core.policy.Policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Use case: ingest one log object. Streams its records through a {@link RecordJudge} (read, normalise, judge, each
 * record within the judge budget), writes the selected ones as review records, quarantines rejected ones with
 * their reasons ({@code judge-failed} included: one record cannot stop its object), and records a manifest whose
 * counts add up to the records read.
 *
 * <p>Idempotent: a finished object is recognised by its manifest and not read again; an unfinished one is read
 * again and only review ids that do not exist yet are written, so a record a reviewer has touched is never
 * overwritten. Two workers never process one object at once (the manifest is a lease); whatever ends the work
 * on an object early, an {@link Error} included, gives the lease back.
 */
public final class IngestLogObject {

    private static final String BEDROCK_LAYOUT = "/BedrockModelInvocationLogs/";
    private static final String PERMISSION_CHECK = "amazon-bedrock-logs-permission-check";
    private static final List<String> LOG_SUFFIXES = List.of(".json", ".jsonl", ".ndjson", ".log", ".txt", ".gz");
    /**
     * Most population cells one manifest keeps (its item must stay under DynamoDB's 400 KB); beyond them, records
     * are counted under model and route {@link PopulationCell#OTHER}, still in their sampling stratum.
     */
    static final int MAX_POPULATION_CELLS = 200;

    private final LogObjectSource source;
    private final ReviewStore reviews;
    private final ObjectManifestStore manifests;
    private final QuarantineSink quarantine;
    private final Policy policy;
    private final IngestSettings settings;
    private final Clock clock;
    private final RecordJudge judge;

    public IngestLogObject(LogObjectSource source, ReviewStore reviews, ObjectManifestStore manifests,
                           QuarantineSink quarantine, RecordNormalizer normalizer, Policy policy,
                           IngestSettings settings, Clock clock, ObjectMapper mapper) {
        this.source = source;
        this.reviews = reviews;
        this.manifests = manifests;
        this.quarantine = quarantine;
        this.policy = policy;
        this.settings = settings;
        this.clock = clock;
        this.judge = new RecordJudge(normalizer, policy, settings.judgeBudget(), mapper).promptsWhenSelected();
    }

    /**
     * Ingests one object.
     *
     * @throws StoreUnavailableException when a store stays unavailable (retry the object later)
     * @throws UncheckedIOException      when reading the object fails for a transient reason (retry later)
     * @throws Error                     as thrown by a port or the JVM; the lease is given back first
     */
    public IngestResult ingest(ObjectRef object) {
        String notALog = notALogReason(object);
        if (notALog != null) {
            return skip(object, notALog);
        }
        ObjectManifestStore.Start start = manifests.begin(object, clock.instant(), settings.lease());
        if (start == ObjectManifestStore.Start.ALREADY_DONE) {
            return new IngestResult(IngestResult.Outcome.REPLAY, manifests.find(object).orElse(null), 0, 0, 0, 0,
                    0);
        }
        if (start == ObjectManifestStore.Start.BUSY) {
            return new IngestResult(IngestResult.Outcome.BUSY, null, 0, 0, 0, 0, 0);
        }
        try {
            return read(object);
        } catch (Throwable t) {
            // give the object back so that its retry starts at once: after a transient failure, and after an Error
            // (a StackOverflowError, an OutOfMemoryError), which would otherwise keep the lease until it lapses
            try {
                manifests.abandon(object);
            } catch (Throwable inner) {
                t.addSuppressed(inner);
            }
            throw t;
        }
    }

    private IngestResult read(ObjectRef object) {
        InputStream in;
        try {
            in = source.open(object);
        } catch (ObjectGoneException e) {
            return skip(object, "object-gone: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + object.uri(), e);
        }
        try (RecordJudge.Records records = judge.open(in, object, settings.maxRecordBytes(),
                settings.maxDecompressedBytes())) {
            return process(object, records);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + object.uri(), e);
        }
    }

    private IngestResult process(ObjectRef object, RecordJudge.Records records) throws IOException {
        Counts counts = new Counts(clock.instant().truncatedTo(ChronoUnit.HOURS));
        List<QuarantinedRecord> rejected = new ArrayList<>();
        Map<String, ReviewRecord> pending = new LinkedHashMap<>();
        // up to 256 lines in flight while those waiting hold fewer than 16 MB; the outcomes come back here, on this
        // thread, in the log's order, whatever the number of judging threads
        OrderedJudging.run(records, settings.judgeThreads(), 256, 16L << 20, record -> {
            counts.read++;
            if (record instanceof JudgedRecord.Rejected r) {
                reject(counts, rejected, r.line(), r.code(), r.detail(), r.preview());
            } else if (record instanceof JudgedRecord.Skipped s) {
                counts.skipped.merge(s.code(), 1L, Long::sum);
            } else {
                JudgedRecord.Judged j = (JudgedRecord.Judged) record;
                select(j.interaction(), j.judgement(), counts, pending);
            }
        });
        counts.written += flush(pending);
        String quarantineUri = rejected.isEmpty() ? null : quarantine.store(object, rejected);
        String reason = null;
        if (counts.read == 0) {
            reason = "empty object: no records";
        } else if (records.parsedValues() == 0) {
            reason = "not a log object: no line is JSON";
        } else if (counts.rejectedTotal() == counts.read) {
            reason = "no record matches a supported log format";
        }
        ObjectManifest manifest = new ObjectManifest(object, ObjectManifest.COMPLETE, reason, counts.read,
                counts.selected, counts.notSelected, counts.skipped, counts.rejected, policy.version(),
                quarantineUri, clock.instant(), counts.population());
        manifests.complete(manifest);
        return new IngestResult(IngestResult.Outcome.PROCESSED, manifest, counts.paged, counts.reviewed,
                counts.sampled, counts.written, counts.fieldsCapped);
    }

    private void select(Interaction interaction, Judgement judgement, Counts counts,
                        Map<String, ReviewRecord> pending) {
        counts.count(interaction, judgement);
        if (!judgement.selected()) {
            counts.notSelected++;
            return;
        }
        counts.selected++;
        ReviewRecord record = toReviewRecord(interaction, judgement, counts);
        switch (record.severity()) {
            case PAGE -> counts.paged++;
            case REVIEW -> counts.reviewed++;
            case SAMPLE -> counts.sampled++;
        }
        pending.putIfAbsent(record.id(), record);
        if (pending.size() >= settings.writeBatch()) {
            counts.written += flush(pending);
        }
    }

    private void reject(Counts counts, List<QuarantinedRecord> rejected, long line, String code, String detail,
                        String preview) {
        counts.rejected.merge(code, 1L, Long::sum);
        boolean keepPreview = rejected.size() < settings.maxQuarantined();
        rejected.add(new QuarantinedRecord(line, code, detail, keepPreview ? preview : ""));
    }

    private long flush(Map<String, ReviewRecord> pending) {
        if (pending.isEmpty()) {
            return 0;
        }
        Set<String> existing = reviews.existingIds(pending.keySet());
        List<ReviewRecord> fresh = new ArrayList<>();
        for (ReviewRecord r : pending.values()) {
            if (!existing.contains(r.id())) {
                fresh.add(r);
            }
        }
        if (!fresh.isEmpty()) {
            reviews.putAll(fresh);
        }
        pending.clear();
        return fresh.size();
    }

    private ReviewRecord toReviewRecord(Interaction i, Judgement j, Counts counts) {
        Instant now = clock.instant();
        Severity severity = j.severity();
        Instant due = now.plus(severity.lane() == Lane.PRIORITY ? settings.prioritySla() : settings.routineSla());
        ReviewRecords.Built built = ReviewRecords.build(i, j, ReviewRecords.Selection.of(j), policy.version(), now,
                due, settings.textBudgetBytes());
        if (built.fieldsCapped()) {
            counts.fieldsCapped++;
        }
        return built.record();
    }

    private IngestResult skip(ObjectRef object, String reason) {
        ObjectManifest manifest = new ObjectManifest(object, ObjectManifest.SKIPPED, reason, 0, 0, 0, Map.of(),
                Map.of(), policy.version(), null, clock.instant());
        manifests.complete(manifest);
        return new IngestResult(IngestResult.Outcome.SKIPPED, manifest, 0, 0, 0, 0, 0);
    }

    /** Why an object is not read as a log, or null when it should be. */
    static String notALogReason(ObjectRef object) {
        String key = object.key();
        String name = key.substring(key.lastIndexOf('/') + 1);
        if (name.equals(PERMISSION_CHECK)) {
            return "bedrock-permission-check: Bedrock's zero-byte logging permission probe";
        }
        if (key.contains(BEDROCK_LAYOUT) && key.contains("/data/")) {
            return "bedrock-sidecar: a large-body sidecar, read through the record that references it";
        }
        if (object.size() == 0) {
            return "empty-object: zero bytes";
        }
        if (key.endsWith("/")) {
            return "not-a-log-object: folder marker";
        }
        String lower = name.toLowerCase(Locale.ROOT);
        int dot = lower.indexOf('.');
        if (dot >= 0) {
            boolean known = false;
            for (String suffix : LOG_SUFFIXES) {
                if (lower.endsWith(suffix)) {
                    known = true;
                    break;
                }
            }
            if (!known) {
                return "not-a-log-object: unsupported file type '" + lower.substring(lower.lastIndexOf('.'))
                        + "' (expected .json, .jsonl, .ndjson, .log, .txt or .gz)";
            }
        }
        return null;
    }

    private static final class Counts {
        long read;
        long selected;
        long notSelected;
        long paged;
        long reviewed;
        long sampled;
        long written;
        long fieldsCapped;
        final Map<String, Long> skipped = new TreeMap<>();
        final Map<String, Long> rejected = new TreeMap<>();
        final Instant hour;
        /** A population cell's key: the capped model and route, whether a rule flagged it, its probability. */
        private record Cell(String model, String route, boolean flagged, double probability) {

            // written out: the generated ones go through method handles, a measurable share of judging a record
            @Override
            public int hashCode() {
                return (model.hashCode() * 31 + route.hashCode()) * 31 + Double.hashCode(probability)
                        + (flagged ? 1 : 0);
            }

            @Override
            public boolean equals(Object o) {
                return o instanceof Cell c && flagged == c.flagged
                        && Double.compare(probability, c.probability) == 0 && model.equals(c.model)
                        && route.equals(c.route);
            }
        }

        final Map<Cell, long[]> cells = new LinkedHashMap<>();
        private long[] lastCell;
        private String lastModel;
        private String lastRoute;
        private boolean lastFlagged;
        private double lastProbability;

        Counts(Instant hour) {
            this.hour = hour;
        }

        /** Counts a judged record into its population cell, by the capped values its review record would store. */
        void count(Interaction interaction, Judgement judgement) {
            boolean flagged = "rule".equals(judgement.selectionReason());
            String model = FieldCaps.field(interaction.modelId()).value();
            String route = FieldCaps.field(judgement.route()).value();
            model = model == null ? "" : model;
            route = route == null ? "" : route;
            double probability = judgement.inclusionProbability();
            long[] c = lastCell;
            // a log object's records mostly share one cell: compare with the last one before hashing a new key
            if (c == null || !model.equals(lastModel) || !route.equals(lastRoute) || flagged != lastFlagged
                    || Double.compare(probability, lastProbability) != 0) {
                c = cells.get(new Cell(model, route, flagged, probability));
                if (c == null) {
                    Cell key = cells.size() < MAX_POPULATION_CELLS ? new Cell(model, route, flagged, probability)
                            : new Cell(PopulationCell.OTHER, PopulationCell.OTHER, flagged, probability);
                    c = cells.computeIfAbsent(key, k -> new long[2]);
                }
                lastCell = c;
                lastModel = model;
                lastRoute = route;
                lastFlagged = flagged;
                lastProbability = probability;
            }
            c[0]++;
            c[1] += judgement.selected() ? 1 : 0;
        }

        List<PopulationCell> population() {
            List<PopulationCell> out = new ArrayList<>();
            cells.forEach((k, c) -> out.add(new PopulationCell(hour, k.model(), k.route(), k.flagged(),
                    k.probability(), c[0], c[1])));
            return out;
        }

        long rejectedTotal() {
            return rejected.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
