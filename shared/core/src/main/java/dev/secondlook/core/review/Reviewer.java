package dev.secondlook.core.review;

/**
 * An authorised caller of the review API: a reviewer, or a lead. Callers who are neither never reach the
 * workflow (the API refuses them).
 *
 * @param id   the verified identity the record keeps (an IAM principal ARN, or a JWT's verified email or subject)
 * @param lead leads may list and show any record and adjudicate one without holding its claim
 */
public record Reviewer(String id, boolean lead) {

    public Reviewer {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a reviewer needs an identity");
        }
    }
}
