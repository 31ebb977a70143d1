package dev.secondlook.review;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.secondlook.aws.dynamodb.ReviewTableSchema;
import dev.secondlook.core.model.Lane;
import dev.secondlook.core.model.ReviewStatus;
import dev.secondlook.core.model.Timestamps;
import dev.secondlook.core.review.ClaimConflictException;
import dev.secondlook.core.review.InvalidRequestException;
import dev.secondlook.core.review.ReviewClaims;
import dev.secondlook.core.review.ReviewInbox;
import dev.secondlook.core.review.ReviewNotFoundException;
import dev.secondlook.core.review.ReviewListItem;
import dev.secondlook.core.review.ReviewView;
import dev.secondlook.core.review.TextAudit;
import dev.secondlook.core.review.Verdict;
import dev.secondlook.core.route.QueueMessage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * In-memory implementations of ReviewFunction's ports, for handler tests without an emulator. Items are plain
 * values keyed by the ReviewTable's attribute names; claims, verdicts and releases follow the conditions of
 * {@code DynamoDbReviewClaims}, retries of a request whose answer was lost included.
 */
final class InMemoryPorts {

    /** One queue message: the review it points to, its receipt handle, and when it is visible. */
    static final class Message {
        final String reviewId;
        final String receipt;
        Instant visibleAt = Instant.EPOCH;

        Message(String reviewId, String receipt) {
            this.reviewId = reviewId;
            this.receipt = receipt;
        }
    }

    final SettableClock clock;
    /** Review items by id, as plain values. */
    final Map<String, Map<String, Object>> items = new LinkedHashMap<>();
    /** Queue messages by lane, in send order. */
    final Map<String, List<Message>> queues = Map.of("hold", new ArrayList<>(), "priority", new ArrayList<>(),
            "routine", new ArrayList<>());
    /** Receipts of deleted messages. */
    final List<String> deleted = new ArrayList<>();
    /** Fresh pointers put on a queue by releases. */
    int requeued;
    /** Every hand-out of text: review id, caller, how. */
    final List<List<String>> audited = new ArrayList<>();
    final TextAudit audit = (reviewId, caller, how) -> audited.add(List.of(reviewId, caller, how));

    InMemoryPorts(SettableClock clock) {
        this.clock = clock;
    }

    /** Stores the review items a stream event's records carry (their new images), as ingest wrote them. */
    void store(DynamodbEvent event) {
        for (DynamodbEvent.DynamodbStreamRecord r : event.getRecords()) {
            Map<String, Object> item = new TreeMap<>();
            r.getDynamodb().getNewImage().forEach((k, v) -> item.put(k, plain(v)));
            items.put((String) item.get("id"), item);
        }
    }

    /** Sends a message to a lane's queue, as RouteFunction does. */
    void send(String lane, String reviewId, String receipt) {
        queues.get(lane).add(new Message(reviewId, receipt));
    }

    /** Review ids of the messages visible in a lane now. */
    List<String> visible(String lane) {
        return queues.get(lane).stream().filter(m -> !m.visibleAt.isAfter(clock.instant())).map(m -> m.reviewId)
                .toList();
    }

    /** A stream image's attribute as a plain value, as {@code PlainValues} reads an SDK attribute. */
    static Object plain(AttributeValue v) {
        if (v.getS() != null) {
            return v.getS();
        }
        if (v.getN() != null) {
            String n = v.getN();
            return n.contains(".") || n.contains("e") || n.contains("E") ? (Object) Double.valueOf(n)
                    : (Object) Long.valueOf(n);
        }
        if (v.getBOOL() != null) {
            return v.getBOOL();
        }
        if (v.getL() != null) {
            List<Object> l = new ArrayList<>();
            v.getL().forEach(x -> l.add(plain(x)));
            return l;
        }
        if (v.getM() != null) {
            Map<String, Object> m = new TreeMap<>();
            v.getM().forEach((k, x) -> m.put(k, plain(x)));
            return m;
        }
        if (v.getSS() != null) {
            return new TreeSet<>(v.getSS());
        }
        return null;
    }

    final ReviewInbox inbox = new ReviewInbox() {
        @Override
        public Optional<Delivery> receive(Lane lane, Duration lease) {
            Instant now = clock.instant();
            for (Message m : queues.get(lane.wireName())) {
                if (!m.visibleAt.isAfter(now)) {
                    m.visibleAt = now.plus(lease);
                    return Optional.of(new Delivery(m.reviewId, lane, m.receipt));
                }
            }
            return Optional.empty();
        }

        @Override
        public void delete(Lane lane, String receipt) {
            if (queues.get(lane.wireName()).removeIf(m -> m.receipt.equals(receipt))) {
                deleted.add(receipt);
            }
        }

        @Override
        public void sendLater(Lane lane, QueueMessage pointer, Duration delay) {
            Message m = new Message(pointer.reviewId(), "later-" + (++requeued));
            m.visibleAt = clock.instant().plus(delay);
            queues.get(lane.wireName()).add(m);
        }

        @Override
        public void extend(Lane lane, String receipt, Duration lease) {
            for (Message m : queues.get(lane.wireName())) {
                if (m.receipt.equals(receipt)) {
                    m.visibleAt = clock.instant().plus(lease);
                }
            }
        }

        @Override
        public void requeue(Lane lane, String receipt, QueueMessage pointer) {
            queues.get(lane.wireName()).add(new Message(pointer.reviewId(), "requeued-" + (++requeued)));
            delete(lane, receipt);
        }
    };

    final ReviewClaims claims = new ReviewClaims() {
        @Override
        public ClaimOutcome claim(String reviewId, String reviewer, Instant now, Instant leaseUntil, Lane lane,
                                  String receipt) {
            Map<String, Object> item = items.get(reviewId);
            if (item == null) {
                return ClaimOutcome.MISSING;
            }
            String status = (String) item.get("status");
            boolean lapsed = "IN_REVIEW".equals(status)
                    && ((String) item.get("leaseExpiresAt")).compareTo(Timestamps.format(now)) < 0;
            boolean firstReviewer = reviewer.equals(item.get("firstReviewBy"));
            if (("PENDING".equals(status) || lapsed) && !firstReviewer) {
                item.put("status", "IN_REVIEW");
                item.put("claimBy", reviewer);
                item.put("claimedAt", Timestamps.format(now));
                item.put("leaseExpiresAt", Timestamps.format(leaseUntil));
                item.put("claimLane", lane.wireName());
                item.put("claimReceipt", receipt);
                item.merge("claimCount", 1L, (a, b) -> (Long) a + (Long) b);
                item.remove("releasedBy");
                return ClaimOutcome.CLAIMED;
            }
            if ("IN_REVIEW".equals(status) && reviewer.equals(item.get("claimBy"))
                    && receipt.equals(item.get("claimReceipt"))) {
                return ClaimOutcome.CLAIMED;
            }
            if ("REVIEWED".equals(status) || "DISPUTED".equals(status)) {
                return ClaimOutcome.REVIEWED;
            }
            return firstReviewer ? ClaimOutcome.FIRST_REVIEWER : ClaimOutcome.HELD;
        }

        @Override
        public Held firstReview(String reviewId, String reviewer, Verdict v, Instant now) {
            Map<String, Object> item = existing(reviewId);
            if (sameReview(item, 0, reviewer, v)) {
                return held(item);
            }
            if (v.decision() != null) {
                throw new InvalidRequestException("a held output is decided by one reviewer");
            }
            if (liveClaim(item, reviewer, now) && item.get("firstReviewBy") == null) {
                Held held = held(item);
                item.put("status", "PENDING");
                item.put("independentReviews", new ArrayList<>(List.of(review(v, reviewer, now))));
                item.put("firstReviewBy", reviewer);
                Map<String, Object> labels = new TreeMap<>();
                labels.put("r0", labelsOf(v, reviewer));
                item.put("independentReviewLabels", labels);
                item.remove("claimBy");
                item.remove("leaseExpiresAt");
                item.remove("claimedAt");
                return held;
            }
            throw conflict(reviewId, item);
        }

        @Override
        public Held secondReview(String reviewId, String reviewer, Verdict v, Instant now, boolean agreed) {
            Map<String, Object> item = existing(reviewId);
            if (sameReview(item, 1, reviewer, v)) {
                return held(item);
            }
            if (liveClaim(item, reviewer, now) && item.get("firstReviewBy") != null
                    && !reviewer.equals(item.get("firstReviewBy")) && item.get("secondReviewBy") == null) {
                Held held = held(item);
                @SuppressWarnings("unchecked")
                List<Object> reviews = (List<Object>) item.get("independentReviews");
                reviews.add(review(v, reviewer, now));
                item.put("secondReviewBy", reviewer);
                @SuppressWarnings("unchecked")
                Map<String, Object> labels = (Map<String, Object>) item.get("independentReviewLabels");
                labels.put("r1", labelsOf(v, reviewer));
                item.remove("leaseExpiresAt");
                if (agreed) {
                    item.put("status", "REVIEWED");
                    item.put("verdict", verdictOf(v));
                    item.put("reviewedBy", reviewer);
                    item.put("reviewedAt", Timestamps.format(now));
                } else {
                    item.put("status", "DISPUTED");
                    item.put("disputedAt", Timestamps.format(now));
                }
                return held;
            }
            throw conflict(reviewId, item);
        }

        @Override
        public Held verdict(String reviewId, String reviewer, Verdict v, Instant now) {
            Map<String, Object> item = existing(reviewId);
            Map<String, Object> verdict = verdictOf(v);
            if ("REVIEWED".equals(item.get("status")) && reviewer.equals(item.get("reviewedBy"))
                    && verdict.equals(item.get("verdict"))) {
                return held(item);
            }
            if (v.decision() != null && !"REVIEWED".equals(item.get("status"))) {
                checkHoldOpen(reviewId, item);
            }
            if ("IN_REVIEW".equals(item.get("status")) && reviewer.equals(item.get("claimBy"))
                    && ((String) item.get("leaseExpiresAt")).compareTo(Timestamps.format(now)) >= 0) {
                Held held = held(item);
                resolveHold(item, v, now);
                item.put("status", "REVIEWED");
                item.put("verdict", verdict);
                item.put("reviewedBy", reviewer);
                item.put("reviewedAt", Timestamps.format(now));
                item.remove("leaseExpiresAt");
                return held;
            }
            throw conflict(reviewId, item);
        }

        @Override
        public Held adjudicate(String reviewId, String lead, Verdict v, Instant now) {
            Map<String, Object> item = existing(reviewId);
            if (lead.equals(item.get("firstReviewBy")) || lead.equals(item.get("secondReviewBy"))) {
                throw new dev.secondlook.core.review.ForbiddenException("you gave one of the independent reviews");
            }
            Held held = held(item);
            Map<String, Object> verdict = verdictOf(v);
            if (v.decision() != null) {
                checkHoldOpen(reviewId, item);
                resolveHold(item, v, now);
            }
            item.put("status", "REVIEWED");
            item.put("verdict", verdict);
            item.put("reviewedBy", lead);
            item.put("reviewedAt", Timestamps.format(now));
            item.put("adjudicatedBy", lead);
            item.remove("leaseExpiresAt");
            return held;
        }

        @Override
        public Held release(String reviewId, String reviewer, Instant now) {
            Map<String, Object> item = existing(reviewId);
            if ("IN_REVIEW".equals(item.get("status")) && reviewer.equals(item.get("claimBy"))) {
                Held held = held(item);
                item.put("status", "PENDING");
                item.put("releasedBy", reviewer);
                item.remove("claimBy");
                item.remove("leaseExpiresAt");
                item.remove("claimedAt");
                return held;
            }
            if ("PENDING".equals(item.get("status")) && reviewer.equals(item.get("releasedBy"))) {
                return held(item);
            }
            throw conflict(reviewId, item);
        }

        @Override
        public Held extend(String reviewId, String reviewer, Instant now, Instant leaseUntil) {
            Map<String, Object> item = existing(reviewId);
            if ("IN_REVIEW".equals(item.get("status")) && reviewer.equals(item.get("claimBy"))
                    && ((String) item.get("leaseExpiresAt")).compareTo(Timestamps.format(now)) >= 0) {
                item.put("leaseExpiresAt", Timestamps.format(leaseUntil));
                return held(item);
            }
            throw conflict(reviewId, item);
        }

        @Override
        public List<Claimed> claimedBy(String reviewer, Instant now, int limit) {
            return items.values().stream().filter(i -> "IN_REVIEW".equals(i.get("status"))
                    && reviewer.equals(i.get("claimBy"))
                    && ((String) i.get("leaseExpiresAt")).compareTo(Timestamps.format(now)) >= 0)
                    .limit(limit).map(i -> new Claimed(ReviewTableSchema.listItem(item(labels(i))),
                            (String) i.get("leaseExpiresAt"))).toList();
        }

        @Override
        public void amend(String reviewId, String reviewer, Verdict v, Instant now, Instant notBefore) {
            Map<String, Object> item = existing(reviewId);
            Object old = item.get("verdict");
            if ("REVIEWED".equals(item.get("status")) && reviewer.equals(item.get("reviewedBy"))
                    && ((String) item.get("reviewedAt")).compareTo(Timestamps.format(notBefore)) >= 0
                    && item.get("adjudicatedBy") == null && item.get("secondReviewBy") == null
                    && !((Map<?, ?>) old).containsKey("decision")) {
                item.put("verdict", verdictOf(v));
                item.put("amendedAt", Timestamps.format(now));
                return;
            }
            throw new ClaimConflictException("review " + reviewId + " has no verdict of yours to amend in the window");
        }

        @Override
        public Optional<ReviewView> view(String reviewId) {
            return Optional.ofNullable(items.get(reviewId)).map(i -> ReviewTableSchema.view(item(i)));
        }

        @Override
        public Page list(ReviewStatus status, Lane lane, String category, String pageToken, int limit) {
            List<Map<String, Object>> matching = items.values().stream()
                    .filter(i -> status.name().equals(i.get("status")))
                    .filter(i -> lane == null || lane.wireName().equals(i.get("lane")))
                    .filter(i -> category == null || ((List<?>) i.get("categories")).contains(category))
                    .sorted(Comparator.comparing((Map<String, Object> i) -> (String) i.get("dueAt"))
                            .thenComparing(i -> (String) i.get("id")))
                    .toList();
            int from = 0;
            if (pageToken != null) {
                from = matching.stream().map(i -> i.get("id")).toList().indexOf(pageToken) + 1;
            }
            List<ReviewListItem> page = new ArrayList<>();
            for (Map<String, Object> i : matching.subList(from, Math.min(matching.size(), from + limit))) {
                page.add(ReviewTableSchema.listItem(item(labels(i))));
            }
            String next = from + limit < matching.size() ? page.get(page.size() - 1).id() : null;
            return new Page(page, next);
        }
    };

    /** The verdict as the table stores it. */
    private static Map<String, Object> verdictOf(Verdict v) {
        Map<String, Object> verdict = new TreeMap<>();
        verdict.put("outcome", v.outcome());
        verdict.put("categories", v.categories());
        verdict.put("severity", v.severity());
        if (v.note() != null) {
            verdict.put("note", v.note());
        }
        if (v.correctedResponse() != null) {
            verdict.put("correctedResponse", v.correctedResponse());
        }
        if (v.decision() != null) {
            verdict.put("decision", v.decision().wireName());
        }
        if (v.editedOutput() != null) {
            verdict.put("editedOutput", v.editedOutput());
        }
        return verdict;
    }

    private static boolean liveClaim(Map<String, Object> item, String reviewer, Instant now) {
        return "IN_REVIEW".equals(item.get("status")) && reviewer.equals(item.get("claimBy"))
                && ((String) item.get("leaseExpiresAt")).compareTo(Timestamps.format(now)) >= 0;
    }

    private static Map<String, Object> review(Verdict v, String reviewer, Instant now) {
        Map<String, Object> r = verdictOf(v);
        r.put("reviewedBy", reviewer);
        r.put("reviewedAt", Timestamps.format(now));
        return r;
    }

    private static Map<String, Object> labelsOf(Verdict v, String reviewer) {
        Map<String, Object> m = new TreeMap<>();
        m.put("outcome", v.outcome());
        m.put("categories", v.categories());
        m.put("reviewedBy", reviewer);
        return m;
    }

    private static boolean sameReview(Map<String, Object> item, int index, String reviewer, Verdict v) {
        List<dev.secondlook.core.review.IndependentReview> reviews = ReviewTableSchema.independentReviews(item(item));
        return reviews.size() > index && reviewer.equals(reviews.get(index).reviewedBy())
                && v.equals(reviews.get(index).verdict());
    }

    /** A decision needs a hold still open: as the adapter's condition, a 400 or a 409 otherwise. */
    private static void checkHoldOpen(String reviewId, Map<String, Object> item) {
        Object status = item.get("checkStatus");
        if (status == null) {
            throw new InvalidRequestException("review " + reviewId + " holds no output");
        }
        if (!"held".equals(status)) {
            throw new ClaimConflictException("the hold on " + reviewId + " was resolved already (" + status + ")");
        }
    }

    private static void resolveHold(Map<String, Object> item, Verdict v, Instant now) {
        if (v.decision() != null) {
            item.put("checkStatus", v.decision().status().wireName());
            item.put("checkDecidedAt", Timestamps.format(now));
            item.remove("holdPending");
        }
    }

    private Map<String, Object> existing(String reviewId) {
        Map<String, Object> item = items.get(reviewId);
        if (item == null) {
            throw new ReviewNotFoundException(reviewId);
        }
        return item;
    }

    private static ReviewClaims.Held held(Map<String, Object> item) {
        Object claimedAt = item.get("claimedAt");
        return new ReviewClaims.Held(item.get("claimLane") == null ? null
                : Lane.fromWire((String) item.get("claimLane")), (String) item.get("claimReceipt"),
                claimedAt == null ? null : Instant.parse((String) claimedAt), ReviewTableSchema.summary(item(item)));
    }

    private static ClaimConflictException conflict(String reviewId, Map<String, Object> item) {
        Object status = item.get("status");
        if ("REVIEWED".equals(status)) {
            return new ClaimConflictException("review " + reviewId + " already has a verdict");
        }
        if ("DISPUTED".equals(status)) {
            return new ClaimConflictException("the two independent reviews of " + reviewId + " disagree: a lead "
                    + "adjudicates it");
        }
        return new ClaimConflictException("review " + reviewId + " is not claimed by you (status " + status
                + "); claim it first");
    }

    /** A plain-valued item as the SDK's attribute values, for the schema to decode as the table's would be. */
    static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item(Map<String, Object> plain) {
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> out = new HashMap<>();
        plain.forEach((k, v) -> out.put(k, sdk(v)));
        return out;
    }

    private static software.amazon.awssdk.services.dynamodb.model.AttributeValue sdk(Object v) {
        if (v instanceof String s) {
            return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(s);
        }
        if (v instanceof Number n) {
            return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN(n.toString());
        }
        if (v instanceof Boolean b) {
            return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromBool(b);
        }
        if (v instanceof List<?> l) {
            return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromL(
                    l.stream().map(InMemoryPorts::sdk).toList());
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> out = new HashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), sdk(x)));
            return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromM(out);
        }
        return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromNul(true);
    }

    /** What the status index projects: its keys and the label attributes, never text. */
    private static Map<String, Object> labels(Map<String, Object> item) {
        Set<String> projected = new HashSet<>(ReviewTableSchema.PROJECTED);
        projected.addAll(List.of("id", "status", "dueAt"));
        Map<String, Object> out = new TreeMap<>();
        item.forEach((k, v) -> {
            if (projected.contains(k) && Objects.nonNull(v)) {
                out.put(k, v);
            }
        });
        return out;
    }
}
