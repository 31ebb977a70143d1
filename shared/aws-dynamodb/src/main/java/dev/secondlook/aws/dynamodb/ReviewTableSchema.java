package dev.secondlook.aws.dynamodb;

import dev.secondlook.core.feedback.ReviewedRecord;
import dev.secondlook.core.incident.DeliveredOutput;
import dev.secondlook.core.gate.CheckDecisionEvent;
import dev.secondlook.core.gate.Hold;
import dev.secondlook.core.gate.NewCheck;
import dev.secondlook.core.gate.StoredCheck;
import dev.secondlook.core.model.CheckStatus;
import dev.secondlook.core.model.Evidence;
import dev.secondlook.core.model.HoldDecision;
import dev.secondlook.core.model.Lane;
import dev.secondlook.core.model.ObjectManifest;
import dev.secondlook.core.model.PopulationCell;
import dev.secondlook.core.scorecard.ScoredRecord;
import dev.secondlook.core.model.ObjectRef;
import dev.secondlook.core.model.ReviewRecord;
import dev.secondlook.core.model.ReviewStatus;
import dev.secondlook.core.model.Severity;
import dev.secondlook.core.model.SourceRef;
import dev.secondlook.core.model.Timestamps;
import dev.secondlook.core.policy.HoldPolicy;
import dev.secondlook.core.review.ReviewListItem;
import dev.secondlook.core.review.ReviewView;
import dev.secondlook.core.review.Verdict;
import dev.secondlook.core.route.ReviewSummary;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The one owner of the ReviewTable's item layout: every attribute is named here once, and this is the only code
 * that encodes or decodes an item, whether it comes from the table, the {@code status-dueAt} index's projection
 * or a stream image. One table holds two kinds of item: review records (keyed by review id) and object manifests
 * (keyed {@code obj#s3://bucket/key#etag}). Stream images reach it as SDK items (AWS's events-sdk-transformer
 * converts them in the stream functions). Only review items carry {@code status}/{@code dueAt}, so the index
 * stays sparse.
 *
 * <p>A check of the gate is a review record too, with the check's attributes beside the record's: the request's hash
 * and caller on every record the gate writes, and the hold on a held one ({@code checkStatus}, {@code holdUntil},
 * {@code holdOnTimeout}, {@code holdFallback}, {@code checkDecidedAt}; {@code holdPending} only while held, which
 * keeps the {@code hold-until} index to the holds still open).
 */
public final class ReviewTableSchema {

    /** The status/dueAt index (SLA watch, listings). */
    public static final String STATUS_INDEX = "status-dueAt";
    /** The index of holds still open, by when they expire ({@link #HOLD_PENDING}, {@link #HOLD_UNTIL}). */
    public static final String HOLD_INDEX = "hold-until";

    // keys and kinds
    public static final String ID = "id";
    public static final String KIND = "kind";
    public static final String KIND_REVIEW = "review";
    public static final String KIND_MANIFEST = "manifest";
    /** A rate breach the scheduled scorecard paged (keyed {@code breach#<escalation id>}). */
    public static final String KIND_BREACH = "breach";
    public static final String BREACH_CATEGORY = "breachCategory";
    public static final String BREACH_WINDOW = "breachWindow";
    public static final String PAGED_AT = "pagedAt";

    // review records, as ingest writes them
    public static final String STATUS = "status";
    public static final String LANE = "lane";
    public static final String SEVERITY = "severity";
    public static final String CATEGORIES = "categories";
    public static final String RULE_IDS = "ruleIds";
    public static final String EVIDENCE = "evidence";
    public static final String INCLUSION_PROBABILITY = "inclusionProbability";
    public static final String SELECTION_REASON = "selectionReason";
    public static final String ROUTE = "route";
    public static final String MODEL_ID = "modelId";
    public static final String OPERATION = "operation";
    public static final String FORMAT = "format";
    public static final String POLICY_VERSION = "policyVersion";
    public static final String SOURCE = "source";
    public static final String SOURCE_URI = "sourceUri";
    public static final String RECORD_TIMESTAMP = "recordTimestamp";
    public static final String SYSTEM_PROMPT = "systemPrompt";
    public static final String PROMPT = "prompt";
    public static final String OUTPUT = "output";
    public static final String TRUNCATED = "truncated";
    public static final String STOP_REASON = "stopReason";
    public static final String GUARDRAIL_ACTION = "guardrailAction";
    public static final String INPUT_TOKENS = "inputTokens";
    public static final String OUTPUT_TOKENS = "outputTokens";
    public static final String REQUEST_METADATA = "requestMetadata";
    public static final String CREATED_AT = "createdAt";
    public static final String DUE_AT = "dueAt";

    // claims and verdicts, as the review API writes them
    public static final String CLAIM_BY = "claimBy";
    public static final String CLAIMED_AT = "claimedAt";
    /** When a reviewer first claimed the record (a later claim keeps it): the first human look. */
    public static final String FIRST_CLAIMED_AT = "firstClaimedAt";
    public static final String LEASE_EXPIRES_AT = "leaseExpiresAt";
    public static final String CLAIM_LANE = "claimLane";
    /** The queue message's receipt handle: bookkeeping, never shown. */
    public static final String CLAIM_RECEIPT = "claimReceipt";
    public static final String CLAIM_COUNT = "claimCount";
    public static final String RELEASED_BY = "releasedBy";
    public static final String VERDICT = "verdict";
    public static final String REVIEWED_BY = "reviewedBy";
    public static final String REVIEWED_AT = "reviewedAt";
    /** The lead who adjudicated the record, when a lead decided it without holding its claim. */
    public static final String ADJUDICATED_BY = "adjudicatedBy";
    /** When the reviewer last amended their verdict, within the amend window. */
    public static final String AMENDED_AT = "amendedAt";
    /**
     * The independent reviews of a record selected for double review: a list of verdicts, each with its
     * {@code reviewedBy} and {@code reviewedAt}; the first and second reviewer also stand alone (for conditions).
     */
    public static final String INDEPENDENT_REVIEWS = "independentReviews";
    public static final String FIRST_REVIEW_BY = "firstReviewBy";
    /**
     * The independent reviews' labels alone (outcome, categories, reviewer), keyed {@code r0} and {@code r1}: what
     * the scorecard projects, so that it never reads a note.
     */
    public static final String REVIEW_LABELS = "independentReviewLabels";
    public static final String SECOND_REVIEW_BY = "secondReviewBy";
    /** When the second independent review disagreed with the first (status DISPUTED). */
    public static final String DISPUTED_AT = "disputedAt";
    public static final String OUTCOME = "outcome";
    public static final String NOTE = "note";
    public static final String CORRECTED_RESPONSE = "correctedResponse";
    /**
     * The table's TTL attribute (template.yaml's TimeToLiveSpecification): epoch seconds, set with the verdict, after
     * which DynamoDB deletes the record. Bookkeeping, never shown.
     */
    public static final String EXPIRES_AT = "expiresAt";

    /** A held output's decision in a verdict (approve, edit, block) and the reviewer's text for an edit. */
    public static final String DECISION = "decision";
    public static final String EDITED_OUTPUT = "editedOutput";

    // checks of the gate
    /** The SHA-256 of the check request that wrote the record: tells a retry from another request. Never shown. */
    public static final String CHECK_REQUEST_HASH = "checkRequestHash";
    /** The application principal that made the check; only it reads the decision. Never shown. */
    public static final String CHECK_CALLER = "checkCaller";
    public static final String CHECK_STATUS = "checkStatus";
    public static final String HOLD_UNTIL = "holdUntil";
    public static final String HOLD_ON_TIMEOUT = "holdOnTimeout";
    public static final String HOLD_FALLBACK = "holdFallback";
    public static final String CHECK_DECIDED_AT = "checkDecidedAt";
    /** {@link #HOLD_PENDING_VALUE} while a hold is open, removed when it is resolved: the hold index's key. */
    public static final String HOLD_PENDING = "holdPending";
    public static final String HOLD_PENDING_VALUE = "held";

    // SLA watch
    public static final String SLA_ESCALATED_AT = "slaEscalatedAt";
    public static final String SLA_ESCALATION_ID = "slaEscalationId";

    // object manifests
    public static final String OBJECT_STATUS = "objectStatus";
    public static final String LEASE_UNTIL = "leaseUntil";
    public static final String LEASE_OWNER = "leaseOwner";
    public static final String STARTED_AT = "startedAt";
    public static final String FINISHED_AT = "finishedAt";
    public static final String REASON = "reason";
    public static final String BUCKET = "bucket";
    public static final String KEY = "key";
    public static final String ETAG = "etag";
    public static final String VERSION_ID = "versionId";
    public static final String SIZE = "size";
    public static final String LINE = "line";
    public static final String READ = "read";
    public static final String SELECTED = "selected";
    public static final String NOT_SELECTED = "notSelected";
    public static final String SKIPPED = "skipped";
    public static final String REJECTED = "rejected";
    public static final String SKIPPED_TOTAL = "skippedTotal";
    public static final String REJECTED_TOTAL = "rejectedTotal";
    public static final String QUARANTINE_URI = "quarantineUri";
    /** The manifest's population cells: a list of maps, one per cell (the scorecard's denominators). */
    public static final String POPULATION = "population";
    private static final String CELL_HOUR = "hour";
    private static final String CELL_MODEL = "model";
    private static final String CELL_ROUTE = "route";
    private static final String CELL_FLAGGED = "flagged";
    private static final String CELL_PROBABILITY = "p";
    private static final String CELL_JUDGED = "judged";
    private static final String CELL_SELECTED = "selected";

    // evidence spans
    private static final String RULE_ID = "ruleId";
    private static final String CATEGORY = "category";
    private static final String FIELD = "field";
    private static final String START = "start";
    private static final String END = "end";
    private static final String EXCERPT = "excerpt";

    /** What the status index projects besides its keys: exactly what a summary or a listing line needs. */
    public static final List<String> PROJECTED = List.of(LANE, SEVERITY, CATEGORIES, ROUTE, MODEL_ID, POLICY_VERSION,
            CREATED_AT, SLA_ESCALATED_AT);

    private ReviewTableSchema() {
    }

    /** The key of an item. */
    public static Map<String, AttributeValue> key(String id) {
        return Map.of(ID, AttributeValue.fromS(id));
    }

    public static String manifestId(ObjectRef object) {
        return "obj#" + object.uri() + "#" + object.contentTag();
    }

    public static boolean isReview(Map<String, AttributeValue> item) {
        return item != null && KIND_REVIEW.equals(str(item, KIND));
    }

    // ------------------------------------------------------------------ review records

    public static Map<String, AttributeValue> toItem(ReviewRecord r) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put(ID, s(r.id()));
        m.put(KIND, s(KIND_REVIEW));
        m.put(STATUS, s(r.status().name()));
        m.put(LANE, s(r.lane().wireName()));
        m.put(SEVERITY, s(r.severity().wireName()));
        m.put(CATEGORIES, list(r.categories()));
        m.put(RULE_IDS, list(r.ruleIds()));
        List<AttributeValue> ev = new ArrayList<>();
        for (Evidence e : r.evidence()) {
            Map<String, AttributeValue> em = new HashMap<>();
            em.put(RULE_ID, s(e.ruleId()));
            em.put(CATEGORY, s(e.category()));
            em.put(FIELD, s(e.field()));
            em.put(START, n(e.start()));
            em.put(END, n(e.end()));
            em.put(EXCERPT, s(e.excerpt()));
            ev.add(AttributeValue.fromM(em));
        }
        m.put(EVIDENCE, AttributeValue.fromL(ev));
        m.put(INCLUSION_PROBABILITY, AttributeValue.fromN(Double.toString(r.inclusionProbability())));
        m.put(SELECTION_REASON, s(r.selectionReason()));
        m.put(ROUTE, s(r.route()));
        m.put(MODEL_ID, s(r.modelId()));
        m.put(OPERATION, s(r.operation()));
        m.put(FORMAT, s(r.format()));
        m.put(POLICY_VERSION, s(r.policyVersion()));
        m.put(SOURCE, AttributeValue.fromM(source(r.source())));
        m.put(SOURCE_URI, s(r.source().uri()));
        putIf(m, RECORD_TIMESTAMP, r.recordTimestamp());
        m.put(SYSTEM_PROMPT, s(r.systemPrompt()));
        m.put(PROMPT, s(r.prompt()));
        m.put(OUTPUT, s(r.output()));
        m.put(TRUNCATED, AttributeValue.fromBool(r.truncated()));
        putIf(m, STOP_REASON, r.stopReason());
        putIf(m, GUARDRAIL_ACTION, r.guardrailAction());
        if (r.inputTokens() != null) {
            m.put(INPUT_TOKENS, n(r.inputTokens()));
        }
        if (r.outputTokens() != null) {
            m.put(OUTPUT_TOKENS, n(r.outputTokens()));
        }
        Map<String, AttributeValue> meta = new TreeMap<>();
        r.requestMetadata().forEach((k, v) -> meta.put(k, s(v)));
        m.put(REQUEST_METADATA, AttributeValue.fromM(meta));
        m.put(CREATED_AT, s(Timestamps.format(r.createdAt())));
        m.put(DUE_AT, s(Timestamps.format(r.dueAt())));
        return m;
    }

    /** The item of a check: its review record, the request's hash and caller, and its hold when held. */
    public static Map<String, AttributeValue> toItem(NewCheck check) {
        Map<String, AttributeValue> m = toItem(check.record());
        m.put(CHECK_REQUEST_HASH, s(check.requestHash()));
        m.put(CHECK_CALLER, s(check.caller()));
        Hold h = check.hold();
        if (h != null) {
            m.put(CHECK_STATUS, s(h.status().wireName()));
            m.put(HOLD_UNTIL, s(Timestamps.format(h.until())));
            m.put(HOLD_ON_TIMEOUT, s(h.onTimeout().wireName()));
            m.put(HOLD_FALLBACK, s(h.fallback()));
            if (h.status() == CheckStatus.HELD) {
                m.put(HOLD_PENDING, s(HOLD_PENDING_VALUE));
            }
        }
        return m;
    }

    /**
     * A review item as a check: its labels, the original output, and the check's fields (null when ingest wrote
     * the record, or the output was never held).
     */
    public static StoredCheck storedCheck(Map<String, AttributeValue> item) {
        return new StoredCheck(text(item, ID), strings(item.get(CATEGORIES)), strings(item.get(RULE_IDS)),
                text(item, POLICY_VERSION), text(item, OUTPUT), str(item, CHECK_REQUEST_HASH), str(item, CHECK_CALLER),
                hold(item));
    }

    private static Hold hold(Map<String, AttributeValue> item) {
        String status = str(item, CHECK_STATUS);
        if (status == null) {
            return null;
        }
        Verdict v = verdict(item);
        String decided = str(item, CHECK_DECIDED_AT);
        return new Hold(CheckStatus.fromWire(status), Instant.parse(required(item, HOLD_UNTIL)),
                HoldPolicy.OnTimeout.fromWire(required(item, HOLD_ON_TIMEOUT)), text(item, HOLD_FALLBACK),
                decided == null ? null : Instant.parse(decided), v == null ? null : v.editedOutput());
    }

    /**
     * The decision event of a stream record whose hold was resolved (held before, resolved after); empty for
     * anything else, a replayed or unrelated modification included.
     */
    public static Optional<CheckDecisionEvent> resolvedHold(Map<String, AttributeValue> oldImage,
                                                            Map<String, AttributeValue> newImage) {
        String before = str(oldImage, CHECK_STATUS);
        String after = str(newImage, CHECK_STATUS);
        if (!CheckStatus.HELD.wireName().equals(before) || after == null || after.equals(before)) {
            return Optional.empty();
        }
        return Optional.of(CheckDecisionEvent.of(required(newImage, ID), CheckStatus.fromWire(after)));
    }

    /**
     * The label-only summary of a review item (from the table, the index projection or a stream image).
     *
     * @throws IllegalArgumentException when the item lacks a field a summary needs
     */
    public static ReviewSummary summary(Map<String, AttributeValue> item) {
        return new ReviewSummary(required(item, ID), Lane.fromWire(required(item, LANE)),
                Severity.fromWire(required(item, SEVERITY)), strings(item.get(CATEGORIES)), text(item, ROUTE),
                text(item, MODEL_ID), text(item, POLICY_VERSION), Instant.parse(required(item, CREATED_AT)),
                Instant.parse(required(item, DUE_AT)));
    }

    /** One listing line, from the index projection. */
    public static ReviewListItem listItem(Map<String, AttributeValue> item) {
        return new ReviewListItem(text(item, ID), ReviewStatus.valueOf(required(item, STATUS)),
                Lane.fromWire(required(item, LANE)), Severity.fromWire(required(item, SEVERITY)),
                strings(item.get(CATEGORIES)), text(item, ROUTE), text(item, MODEL_ID), text(item, POLICY_VERSION),
                str(item, CREATED_AT), str(item, DUE_AT), str(item, SLA_ESCALATED_AT));
    }

    /** The whole record as the review API shows it; bookkeeping attributes stay out. */
    public static ReviewView view(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> src = item.containsKey(SOURCE) && item.get(SOURCE).hasM() ? item.get(SOURCE).m()
                : Map.of();
        Map<String, String> meta = new TreeMap<>();
        if (item.containsKey(REQUEST_METADATA) && item.get(REQUEST_METADATA).hasM()) {
            item.get(REQUEST_METADATA).m().forEach((k, v) -> meta.put(k, v.s() == null ? "" : v.s()));
        }
        return new ReviewView(ReviewView.SCHEMA, text(item, ID), ReviewStatus.valueOf(required(item, STATUS)),
                Lane.fromWire(required(item, LANE)), Severity.fromWire(required(item, SEVERITY)),
                strings(item.get(CATEGORIES)), strings(item.get(RULE_IDS)), evidence(item),
                item.containsKey(INCLUSION_PROBABILITY) ? Double.parseDouble(item.get(INCLUSION_PROBABILITY).n()) : 1.0,
                text(item, SELECTION_REASON), text(item, ROUTE), text(item, MODEL_ID), text(item, OPERATION),
                text(item, FORMAT), text(item, POLICY_VERSION),
                new SourceRef(text(src, BUCKET), text(src, KEY), str(src, VERSION_ID), str(src, ETAG), num(src, LINE)),
                text(item, SOURCE_URI), str(item, RECORD_TIMESTAMP), text(item, SYSTEM_PROMPT), text(item, PROMPT),
                text(item, OUTPUT), item.containsKey(TRUNCATED) && Boolean.TRUE.equals(item.get(TRUNCATED).bool()),
                str(item, STOP_REASON), str(item, GUARDRAIL_ACTION), optionalNum(item, INPUT_TOKENS),
                optionalNum(item, OUTPUT_TOKENS), meta, text(item, CREATED_AT), text(item, DUE_AT),
                str(item, CLAIM_BY), str(item, CLAIMED_AT), str(item, LEASE_EXPIRES_AT), num(item, CLAIM_COUNT),
                str(item, RELEASED_BY), verdict(item), str(item, REVIEWED_BY), str(item, REVIEWED_AT),
                str(item, SLA_ESCALATED_AT), holdView(item), independentReviews(item));
    }

    private static ReviewView.Hold holdView(Map<String, AttributeValue> item) {
        String status = str(item, CHECK_STATUS);
        return status == null ? null : new ReviewView.Hold(CheckStatus.fromWire(status), text(item, HOLD_UNTIL),
                text(item, HOLD_ON_TIMEOUT), text(item, HOLD_FALLBACK), str(item, CHECK_DECIDED_AT));
    }

    /** A reviewed record as the feedback loop needs it (from a stream image of a REVIEWED item). */
    public static ReviewedRecord reviewed(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> v = item.get(VERDICT).m();
        // a reviewer's edit of a held output is what the model should have said, unless they wrote that too
        String correction = str(v, CORRECTED_RESPONSE) != null ? str(v, CORRECTED_RESPONSE) : str(v, EDITED_OUTPUT);
        return new ReviewedRecord(text(item, ID), text(item, PROMPT), text(item, SYSTEM_PROMPT), text(item, OUTPUT),
                text(v, OUTCOME), strings(v.get(CATEGORIES)), text(v, SEVERITY), str(v, NOTE),
                correction, text(item, SOURCE_URI), text(item, MODEL_ID), text(item, ROUTE),
                text(item, POLICY_VERSION), strings(item.get(RULE_IDS)), text(item, REVIEWED_BY),
                text(item, REVIEWED_AT), evidence(item));
    }

    private static List<Evidence> evidence(Map<String, AttributeValue> item) {
        List<Evidence> evidence = new ArrayList<>();
        if (item.containsKey(EVIDENCE) && item.get(EVIDENCE).hasL()) {
            for (AttributeValue e : item.get(EVIDENCE).l()) {
                Map<String, AttributeValue> em = e.m();
                evidence.add(new Evidence(text(em, RULE_ID), text(em, CATEGORY), text(em, FIELD), (int) num(em, START),
                        (int) num(em, END), text(em, EXCERPT)));
            }
        }
        return evidence;
    }

    /**
     * What the scorecard reads of a review record: labels, times and the verdict's outcome and categories (from
     * an item projected with {@link #SCORED_PROJECTION}; never any text).
     */
    public static ScoredRecord scored(Map<String, AttributeValue> item) {
        String outcome = null;
        List<String> verdictCategories = List.of();
        if (hasVerdict(item)) {
            Map<String, AttributeValue> v = item.get(VERDICT).m();
            outcome = str(v, OUTCOME);
            verdictCategories = strings(v.get(CATEGORIES));
        }
        String reviewedAt = str(item, REVIEWED_AT);
        return new ScoredRecord(required(item, ID), Instant.parse(required(item, CREATED_AT)),
                Instant.parse(required(item, DUE_AT)), text(item, MODEL_ID), text(item, ROUTE),
                text(item, POLICY_VERSION), text(item, SELECTION_REASON),
                item.containsKey(INCLUSION_PROBABILITY) ? Double.parseDouble(item.get(INCLUSION_PROBABILITY).n()) : 1.0,
                strings(item.get(RULE_IDS)), strings(item.get(CATEGORIES)), outcome, verdictCategories,
                outcome == null ? null : str(item, REVIEWED_BY),
                outcome == null || reviewedAt == null ? null : Instant.parse(reviewedAt), scoredReviews(item));
    }

    /**
     * The independent reviews as the scorecard reads them (labels only: the projection leaves notes out). A disputed
     * record counts as a disagreement before a lead settles it.
     */
    private static List<ScoredRecord.Review> scoredReviews(Map<String, AttributeValue> item) {
        List<ScoredRecord.Review> out = new ArrayList<>();
        if (item.containsKey(REVIEW_LABELS) && item.get(REVIEW_LABELS).hasM()) {
            Map<String, AttributeValue> labels = item.get(REVIEW_LABELS).m();
            for (String key : List.of("r0", "r1")) {
                if (labels.containsKey(key) && labels.get(key).hasM()) {
                    Map<String, AttributeValue> m = labels.get(key).m();
                    out.add(new ScoredRecord.Review(text(m, OUTCOME), strings(m.get(CATEGORIES)),
                            text(m, REVIEWED_BY)));
                }
            }
        }
        return out;
    }

    /** One independent review's labels as {@link #REVIEW_LABELS} holds them. */
    public static AttributeValue reviewLabelsValue(Verdict v, String reviewer) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put(OUTCOME, s(v.outcome()));
        m.put(CATEGORIES, list(v.categories()));
        m.put(REVIEWED_BY, s(reviewer));
        return AttributeValue.fromM(m);
    }

    /** The attributes {@link #scored} reads: a projection for scans that must not read any text. */
    public static final List<String> SCORED_PROJECTION = List.of(ID, KIND, STATUS, CREATED_AT, DUE_AT, MODEL_ID,
            ROUTE, POLICY_VERSION, SELECTION_REASON, INCLUSION_PROBABILITY, RULE_IDS, CATEGORIES,
            VERDICT + "." + OUTCOME, VERDICT + "." + CATEGORIES, REVIEWED_BY, REVIEWED_AT,
            REVIEW_LABELS + ".r0." + OUTCOME, REVIEW_LABELS + ".r0." + CATEGORIES, REVIEW_LABELS + ".r0." + REVIEWED_BY,
            REVIEW_LABELS + ".r1." + OUTCOME, REVIEW_LABELS + ".r1." + CATEGORIES, REVIEW_LABELS + ".r1." + REVIEWED_BY);

    /**
     * The reviewed output as an incident sees it, when it reached its customer: every log-ingested record (at its
     * log time, else when it was read), and a held output its reviewer approved, or whose hold expired into
     * delivery (at that decision). A held output blocked, edited or still held never reached anyone: empty.
     */
    public static Optional<DeliveredOutput> delivered(Map<String, AttributeValue> item) {
        String deliveredAt;
        String check = str(item, CHECK_STATUS);
        if (check == null) {
            deliveredAt = str(item, RECORD_TIMESTAMP) != null ? str(item, RECORD_TIMESTAMP) : text(item, CREATED_AT);
        } else {
            CheckStatus status = CheckStatus.fromWire(check);
            boolean out = status == CheckStatus.APPROVED
                    || (status == CheckStatus.EXPIRED && "deliver".equals(str(item, HOLD_ON_TIMEOUT)));
            if (!out) {
                return Optional.empty();
            }
            deliveredAt = str(item, CHECK_DECIDED_AT) != null ? str(item, CHECK_DECIDED_AT) : text(item, CREATED_AT);
        }
        Map<String, AttributeValue> v = item.get(VERDICT).m();
        String requestId = item.containsKey(REQUEST_METADATA) && item.get(REQUEST_METADATA).hasM()
                ? str(item.get(REQUEST_METADATA).m(), "requestId") : null;
        return Optional.of(new DeliveredOutput(text(item, ID), strings(v.get(CATEGORIES)), text(item, REVIEWED_BY),
                text(item, ROUTE), text(item, MODEL_ID), text(item, POLICY_VERSION), text(item, LANE),
                text(item, SOURCE_URI), requestId, deliveredAt,
                str(item, FIRST_CLAIMED_AT) != null ? str(item, FIRST_CLAIMED_AT) : str(item, CLAIMED_AT),
                text(item, REVIEWED_AT)));
    }

    /** True when the item is a REVIEWED review with a verdict. */
    public static boolean hasVerdict(Map<String, AttributeValue> item) {
        return isReview(item) && ReviewStatus.REVIEWED.name().equals(str(item, STATUS)) && item.get(VERDICT) != null
                && item.get(VERDICT).hasM();
    }

    /** The TTL attribute's value: a time in epoch seconds, as DynamoDB's TTL reads it. */
    public static AttributeValue expiresAtValue(Instant expiresAt) {
        return n(expiresAt.getEpochSecond());
    }

    /** The verdict attribute's value. */
    public static AttributeValue verdictValue(Verdict v) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put(OUTCOME, s(v.outcome()));
        m.put(CATEGORIES, list(v.categories()));
        m.put(SEVERITY, s(v.severity()));
        if (v.note() != null) {
            m.put(NOTE, s(v.note()));
        }
        if (v.correctedResponse() != null) {
            m.put(CORRECTED_RESPONSE, s(v.correctedResponse()));
        }
        if (v.decision() != null) {
            m.put(DECISION, s(v.decision().wireName()));
        }
        if (v.editedOutput() != null) {
            m.put(EDITED_OUTPUT, s(v.editedOutput()));
        }
        return AttributeValue.fromM(m);
    }

    private static Verdict verdict(Map<String, AttributeValue> item) {
        AttributeValue v = item.get(VERDICT);
        if (v == null || !v.hasM()) {
            return null;
        }
        return verdictOf(v.m());
    }

    /** The independent reviews of a double-reviewed record, in order; empty for any other. */
    public static List<dev.secondlook.core.review.IndependentReview> independentReviews(
            Map<String, AttributeValue> item) {
        List<dev.secondlook.core.review.IndependentReview> out = new ArrayList<>();
        if (item.containsKey(INDEPENDENT_REVIEWS) && item.get(INDEPENDENT_REVIEWS).hasL()) {
            for (AttributeValue e : item.get(INDEPENDENT_REVIEWS).l()) {
                Map<String, AttributeValue> m = e.m();
                out.add(new dev.secondlook.core.review.IndependentReview(verdictOf(m), text(m, REVIEWED_BY),
                        text(m, REVIEWED_AT)));
            }
        }
        return out;
    }

    /** One independent review as the list {@link #INDEPENDENT_REVIEWS} holds it. */
    public static AttributeValue independentReviewValue(Verdict v, String reviewer, Instant at) {
        Map<String, AttributeValue> m = new LinkedHashMap<>(verdictValue(v).m());
        m.put(REVIEWED_BY, s(reviewer));
        m.put(REVIEWED_AT, s(Timestamps.format(at)));
        return AttributeValue.fromM(m);
    }

    private static Verdict verdictOf(Map<String, AttributeValue> m) {
        String decision = str(m, DECISION);
        return new Verdict(text(m, OUTCOME), strings(m.get(CATEGORIES)), str(m, SEVERITY), str(m, NOTE),
                str(m, CORRECTED_RESPONSE), decision == null ? null : HoldDecision.fromWire(decision),
                str(m, EDITED_OUTPUT));
    }

    // ------------------------------------------------------------------ rate breaches paged

    /** The key of the mark of a paged rate breach. */
    public static Map<String, AttributeValue> breachKey(String escalationId) {
        return key("breach#" + escalationId);
    }

    /** The mark of a paged rate breach; it expires (TTL) at {@code expiresAt}. */
    public static Map<String, AttributeValue> breachItem(String escalationId, String category, String windowStart,
                                                         Instant pagedAt, Instant expiresAt) {
        Map<String, AttributeValue> m = new HashMap<>(breachKey(escalationId));
        m.put(KIND, s(KIND_BREACH));
        m.put(BREACH_CATEGORY, s(category));
        m.put(BREACH_WINDOW, s(windowStart));
        m.put(PAGED_AT, s(Timestamps.format(pagedAt)));
        m.put(EXPIRES_AT, expiresAtValue(expiresAt));
        return m;
    }

    // ------------------------------------------------------------------ object manifests

    /** The item that takes an object's lease (IN_PROGRESS until {@code leaseUntil}, owned by {@code owner}). */
    public static Map<String, AttributeValue> leaseItem(ObjectRef object, String inProgress, Instant now,
                                                        Instant leaseUntil, String owner) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(ID, s(manifestId(object)));
        item.put(KIND, s(KIND_MANIFEST));
        item.put(OBJECT_STATUS, s(inProgress));
        item.put(BUCKET, s(object.bucket()));
        item.put(KEY, s(object.key()));
        item.put(LEASE_UNTIL, n(leaseUntil.getEpochSecond()));
        item.put(STARTED_AT, s(Timestamps.format(now)));
        item.put(LEASE_OWNER, s(owner));
        return item;
    }

    public static Map<String, AttributeValue> toItem(ObjectManifest mf) {
        Map<String, AttributeValue> m = new HashMap<>();
        ObjectRef o = mf.object();
        m.put(ID, s(manifestId(o)));
        m.put(KIND, s(KIND_MANIFEST));
        m.put(OBJECT_STATUS, s(mf.status()));
        putIf(m, REASON, mf.reason());
        m.put(BUCKET, s(o.bucket()));
        m.put(KEY, s(o.key()));
        putIf(m, ETAG, o.etag());
        putIf(m, VERSION_ID, o.versionId());
        m.put(SIZE, n(o.size()));
        m.put(READ, n(mf.read()));
        m.put(SELECTED, n(mf.selected()));
        m.put(NOT_SELECTED, n(mf.notSelected()));
        m.put(SKIPPED, counts(mf.skipped()));
        m.put(REJECTED, counts(mf.rejected()));
        m.put(SKIPPED_TOTAL, n(mf.skippedTotal()));
        m.put(REJECTED_TOTAL, n(mf.rejectedTotal()));
        m.put(POLICY_VERSION, s(mf.policyVersion()));
        putIf(m, QUARANTINE_URI, mf.quarantineUri());
        m.put(FINISHED_AT, s(Timestamps.format(mf.finishedAt())));
        if (!mf.population().isEmpty()) {
            List<AttributeValue> cells = new ArrayList<>(mf.population().size());
            for (PopulationCell c : mf.population()) {
                Map<String, AttributeValue> cm = new LinkedHashMap<>();
                cm.put(CELL_HOUR, s(Timestamps.format(c.hour())));
                cm.put(CELL_MODEL, s(c.modelId()));
                cm.put(CELL_ROUTE, s(c.route()));
                cm.put(CELL_FLAGGED, AttributeValue.fromBool(c.flagged()));
                cm.put(CELL_PROBABILITY, AttributeValue.fromN(Double.toString(c.inclusionProbability())));
                cm.put(CELL_JUDGED, n(c.judged()));
                cm.put(CELL_SELECTED, n(c.selected()));
                cells.add(AttributeValue.fromM(cm));
            }
            m.put(POPULATION, AttributeValue.fromL(cells));
        }
        return m;
    }

    /** True when the item is a finished object manifest (not a lease still in progress). */
    public static boolean isFinishedManifest(Map<String, AttributeValue> item) {
        String status = str(item, OBJECT_STATUS);
        return item != null && KIND_MANIFEST.equals(str(item, KIND)) && status != null
                && !status.equals("IN_PROGRESS");
    }

    /** The population cells of a manifest item (none on a manifest written before ingest counted them). */
    public static List<PopulationCell> population(Map<String, AttributeValue> m) {
        List<PopulationCell> out = new ArrayList<>();
        AttributeValue v = m.get(POPULATION);
        if (v == null || !v.hasL()) {
            return out;
        }
        for (AttributeValue e : v.l()) {
            Map<String, AttributeValue> cm = e.m();
            out.add(new PopulationCell(Instant.parse(required(cm, CELL_HOUR)), text(cm, CELL_MODEL),
                    text(cm, CELL_ROUTE), Boolean.TRUE.equals(cm.get(CELL_FLAGGED).bool()),
                    Double.parseDouble(cm.get(CELL_PROBABILITY).n()), num(cm, CELL_JUDGED), num(cm, CELL_SELECTED)));
        }
        return out;
    }

    public static ObjectManifest manifest(Map<String, AttributeValue> m) {
        ObjectRef o = new ObjectRef(str(m, BUCKET), str(m, KEY), str(m, VERSION_ID), str(m, ETAG), num(m, SIZE));
        return new ObjectManifest(o, str(m, OBJECT_STATUS), str(m, REASON), num(m, READ), num(m, SELECTED),
                num(m, NOT_SELECTED), countsFrom(m.get(SKIPPED)), countsFrom(m.get(REJECTED)),
                str(m, POLICY_VERSION), str(m, QUARANTINE_URI),
                m.containsKey(FINISHED_AT) ? Instant.parse(str(m, FINISHED_AT)) : Instant.EPOCH, population(m));
    }

    // ------------------------------------------------------------------ values

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v == null ? "" : v);
    }

    static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    /** A string attribute, or null when absent. */
    static String str(Map<String, AttributeValue> m, String k) {
        AttributeValue v = m == null ? null : m.get(k);
        return v == null ? null : v.s();
    }

    static long num(Map<String, AttributeValue> m, String k) {
        AttributeValue v = m.get(k);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }

    private static Long optionalNum(Map<String, AttributeValue> m, String k) {
        AttributeValue v = m.get(k);
        return v == null || v.n() == null ? null : Long.valueOf(v.n());
    }

    private static String text(Map<String, AttributeValue> m, String k) {
        String v = str(m, k);
        return v == null ? "" : v;
    }

    private static String required(Map<String, AttributeValue> m, String k) {
        String v = text(m, k);
        if (v.isEmpty()) {
            throw new IllegalArgumentException("item has no '" + k + "'");
        }
        return v;
    }

    private static List<String> strings(AttributeValue v) {
        List<String> out = new ArrayList<>();
        if (v != null && v.hasL()) {
            v.l().forEach(x -> out.add(x.s()));
        }
        return out;
    }

    private static void putIf(Map<String, AttributeValue> m, String k, String v) {
        if (v != null) {
            m.put(k, s(v));
        }
    }

    private static AttributeValue list(List<String> values) {
        List<AttributeValue> l = new ArrayList<>(values.size());
        for (String v : values) {
            l.add(s(v));
        }
        return AttributeValue.fromL(l);
    }

    private static Map<String, AttributeValue> source(SourceRef src) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put(BUCKET, s(src.bucket()));
        m.put(KEY, s(src.key()));
        putIf(m, VERSION_ID, src.versionId());
        putIf(m, ETAG, src.etag());
        m.put(LINE, n(src.line()));
        return m;
    }

    private static AttributeValue counts(Map<String, Long> counts) {
        Map<String, AttributeValue> m = new TreeMap<>();
        counts.forEach((k, v) -> m.put(k, n(v)));
        return AttributeValue.fromM(m);
    }

    private static Map<String, Long> countsFrom(AttributeValue v) {
        Map<String, Long> out = new TreeMap<>();
        if (v != null && v.hasM()) {
            v.m().forEach((k, x) -> out.put(k, Long.parseLong(x.n())));
        }
        return out;
    }
}
