package dev.secondlook.core.route;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Builds the link that opens a review record in the console, for a stack's region and table. The review id comes
 * from the model's logs (attacker-chosen): it only ever appears URL-encoded, inside the link.
 */
public record OpenLinks(String region, String table) {

    /** The DynamoDB console's item view of the record. */
    public String forReview(String reviewId) {
        String t = URLEncoder.encode(table, StandardCharsets.UTF_8);
        String r = URLEncoder.encode(region, StandardCharsets.UTF_8);
        return "https://" + r + ".console.aws.amazon.com/dynamodbv2/home?region=" + r + "#edit-item?table=" + t
                + "&itemMode=2&pk=" + URLEncoder.encode(reviewId, StandardCharsets.UTF_8)
                + "&sk&ref=%23item-explorer%3Ftable%3D" + t;
    }
}
