package dev.secondlook.aws.dynamodb;

import dev.secondlook.core.route.ReviewSummary;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the label-only {@link ReviewSummary} of a review item (never its text fields). */
public final class ReviewSummaries {

    /** The attributes a summary needs: what the status GSI projects besides its keys. */
    public static final List<String> PROJECTED = List.of("lane", "severity", "categories", "route", "modelId",
            "policyVersion", "createdAt", "slaEscalatedAt");

    private ReviewSummaries() {
    }

    public static ReviewSummary from(Map<String, AttributeValue> item) {
        List<String> categories = new ArrayList<>();
        AttributeValue cats = item.get("categories");
        if (cats != null && cats.hasL()) {
            cats.l().forEach(c -> categories.add(c.s()));
        }
        return new ReviewSummary(s(item, "id"), s(item, "lane"), s(item, "severity"), categories, s(item, "route"),
                s(item, "modelId"), s(item, "policyVersion"), instant(item, "createdAt"), instant(item, "dueAt"));
    }

    private static String s(Map<String, AttributeValue> item, String k) {
        AttributeValue v = item.get(k);
        return v == null || v.s() == null ? "" : v.s();
    }

    private static Instant instant(Map<String, AttributeValue> item, String k) {
        String v = s(item, k);
        return v.isEmpty() ? Instant.EPOCH : Instant.parse(v);
    }
}
