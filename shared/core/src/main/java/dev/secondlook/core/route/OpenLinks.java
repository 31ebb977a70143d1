package dev.secondlook.core.route;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Builds the "how to open it" part of an escalation for a stack's region and table. */
public record OpenLinks(String region, String table) {

    public Escalation.Open forReview(String reviewId) {
        String id = URLEncoder.encode(reviewId, StandardCharsets.UTF_8);
        return new Escalation.Open("./secondlook review show " + reviewId,
                "https://" + region + ".console.aws.amazon.com/dynamodbv2/home?region=" + region
                        + "#edit-item?table=" + URLEncoder.encode(table, StandardCharsets.UTF_8)
                        + "&itemMode=2&pk=" + id + "&sk&ref=%23item-explorer%3Ftable%3D"
                        + URLEncoder.encode(table, StandardCharsets.UTF_8));
    }
}
