package dev.secondlook.route;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.secondlook.core.route.ReviewSummary;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads review summaries out of DynamoDB stream images (the Lambda event model). */
final class StreamImages {

    private StreamImages() {
    }

    static boolean isReview(Map<String, AttributeValue> image) {
        return image != null && image.get("kind") != null && "review".equals(image.get("kind").getS());
    }

    /**
     * @throws IllegalArgumentException when the image lacks a field a summary needs
     */
    static ReviewSummary summary(Map<String, AttributeValue> image) {
        List<String> categories = new ArrayList<>();
        AttributeValue cats = image.get("categories");
        if (cats != null && cats.getL() != null) {
            cats.getL().forEach(c -> categories.add(c.getS()));
        }
        return new ReviewSummary(required(image, "id"), required(image, "lane"), required(image, "severity"),
                categories, text(image, "route"), text(image, "modelId"), text(image, "policyVersion"),
                Instant.parse(required(image, "createdAt")), Instant.parse(required(image, "dueAt")));
    }

    private static String required(Map<String, AttributeValue> image, String k) {
        String v = text(image, k);
        if (v.isEmpty()) {
            throw new IllegalArgumentException("stream image has no '" + k + "'");
        }
        return v;
    }

    private static String text(Map<String, AttributeValue> image, String k) {
        AttributeValue v = image.get(k);
        return v == null || v.getS() == null ? "" : v.getS();
    }
}
