package dev.secondlook.aws.dynamodb;

import dev.secondlook.core.model.Evidence;
import dev.secondlook.core.model.ObjectManifest;
import dev.secondlook.core.model.ObjectRef;
import dev.secondlook.core.model.ReviewRecord;
import dev.secondlook.core.model.SourceRef;
import dev.secondlook.core.model.Timestamps;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maps review records and object manifests to ReviewTable items. One table: review items are keyed by their review
 * id; manifests by {@code obj#s3://bucket/key#etag}. Only review items carry {@code status}/{@code dueAt}, so the
 * status GSI stays sparse.
 */
public final class ReviewItems {

    public static final String ID = "id";
    public static final String STATUS = "status";
    public static final String DUE_AT = "dueAt";
    public static final String OBJECT_STATUS = "objectStatus";
    public static final String LEASE_UNTIL = "leaseUntil";

    private ReviewItems() {
    }

    public static String manifestId(ObjectRef object) {
        return "obj#" + object.uri() + "#" + object.contentTag();
    }

    public static Map<String, AttributeValue> toItem(ReviewRecord r) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put(ID, s(r.id()));
        m.put("kind", s("review"));
        m.put(STATUS, s(r.status().name()));
        m.put("lane", s(r.lane().wireName()));
        m.put("severity", s(r.severity().wireName()));
        m.put("categories", list(r.categories()));
        m.put("ruleIds", list(r.ruleIds()));
        List<AttributeValue> ev = new ArrayList<>();
        for (Evidence e : r.evidence()) {
            Map<String, AttributeValue> em = new HashMap<>();
            em.put("ruleId", s(e.ruleId()));
            em.put("category", s(e.category()));
            em.put("field", s(e.field()));
            em.put("start", n(e.start()));
            em.put("end", n(e.end()));
            em.put("excerpt", s(e.excerpt()));
            ev.add(AttributeValue.fromM(em));
        }
        m.put("evidence", AttributeValue.fromL(ev));
        m.put("inclusionProbability", AttributeValue.fromN(Double.toString(r.inclusionProbability())));
        m.put("selectionReason", s(r.selectionReason()));
        m.put("route", s(r.route()));
        m.put("modelId", s(r.modelId()));
        m.put("operation", s(r.operation()));
        m.put("format", s(r.format()));
        m.put("policyVersion", s(r.policyVersion()));
        m.put("source", AttributeValue.fromM(source(r.source())));
        m.put("sourceUri", s(r.source().uri()));
        putIf(m, "recordTimestamp", r.recordTimestamp());
        m.put("systemPrompt", s(r.systemPrompt()));
        m.put("prompt", s(r.prompt()));
        m.put("output", s(r.output()));
        m.put("truncated", AttributeValue.fromBool(r.truncated()));
        putIf(m, "stopReason", r.stopReason());
        putIf(m, "guardrailAction", r.guardrailAction());
        if (r.inputTokens() != null) {
            m.put("inputTokens", n(r.inputTokens()));
        }
        if (r.outputTokens() != null) {
            m.put("outputTokens", n(r.outputTokens()));
        }
        Map<String, AttributeValue> meta = new TreeMap<>();
        r.requestMetadata().forEach((k, v) -> meta.put(k, s(v)));
        m.put("requestMetadata", AttributeValue.fromM(meta));
        m.put("createdAt", s(Timestamps.format(r.createdAt())));
        m.put(DUE_AT, s(Timestamps.format(r.dueAt())));
        return m;
    }

    public static Map<String, AttributeValue> toItem(ObjectManifest mf) {
        Map<String, AttributeValue> m = new HashMap<>();
        ObjectRef o = mf.object();
        m.put(ID, s(manifestId(o)));
        m.put("kind", s("manifest"));
        m.put(OBJECT_STATUS, s(mf.status()));
        putIf(m, "reason", mf.reason());
        m.put("bucket", s(o.bucket()));
        m.put("key", s(o.key()));
        putIf(m, "etag", o.etag());
        putIf(m, "versionId", o.versionId());
        m.put("size", n(o.size()));
        m.put("read", n(mf.read()));
        m.put("selected", n(mf.selected()));
        m.put("notSelected", n(mf.notSelected()));
        m.put("skipped", counts(mf.skipped()));
        m.put("rejected", counts(mf.rejected()));
        m.put("skippedTotal", n(mf.skippedTotal()));
        m.put("rejectedTotal", n(mf.rejectedTotal()));
        m.put("policyVersion", s(mf.policyVersion()));
        putIf(m, "quarantineUri", mf.quarantineUri());
        m.put("finishedAt", s(Timestamps.format(mf.finishedAt())));
        return m;
    }

    public static ObjectManifest manifestFrom(Map<String, AttributeValue> m) {
        ObjectRef o = new ObjectRef(str(m, "bucket"), str(m, "key"), str(m, "versionId"), str(m, "etag"),
                num(m, "size"));
        return new ObjectManifest(o, str(m, OBJECT_STATUS), str(m, "reason"), num(m, "read"), num(m, "selected"),
                num(m, "notSelected"), countsFrom(m.get("skipped")), countsFrom(m.get("rejected")),
                str(m, "policyVersion"), str(m, "quarantineUri"),
                m.containsKey("finishedAt") ? java.time.Instant.parse(str(m, "finishedAt")) : java.time.Instant.EPOCH);
    }

    private static Map<String, AttributeValue> source(SourceRef src) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put("bucket", s(src.bucket()));
        m.put("key", s(src.key()));
        putIf(m, "versionId", src.versionId());
        putIf(m, "etag", src.etag());
        m.put("line", n(src.line()));
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

    static String str(Map<String, AttributeValue> m, String k) {
        AttributeValue v = m.get(k);
        return v == null ? null : v.s();
    }

    static long num(Map<String, AttributeValue> m, String k) {
        AttributeValue v = m.get(k);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }

    private static void putIf(Map<String, AttributeValue> m, String k, String v) {
        if (v != null) {
            m.put(k, s(v));
        }
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v == null ? "" : v);
    }

    static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    private static AttributeValue list(List<String> values) {
        List<AttributeValue> l = new ArrayList<>(values.size());
        for (String v : values) {
            l.add(s(v));
        }
        return AttributeValue.fromL(l);
    }
}
