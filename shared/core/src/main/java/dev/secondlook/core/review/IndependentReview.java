package dev.secondlook.core.review;

import java.util.List;
import java.util.Set;

/**
 * One reviewer's independent verdict on a record selected for double review, kept beside the record's final
 * verdict so that agreement can be measured. Shown to leads, and to its own reviewer; never to the other one.
 *
 * @param verdict    the verdict as given
 * @param reviewedBy who gave it
 * @param reviewedAt when
 */
public record IndependentReview(Verdict verdict, String reviewedBy, String reviewedAt) {

    /**
     * Whether two independent reviews agree: the same outcome and, off-policy, the same categories (the eval case
     * and the incident follow the categories, so a different category is a disagreement a lead settles).
     */
    public boolean agreesWith(Verdict other) {
        return verdict.outcome().equals(other.outcome())
                && (verdict.outcome().equals("on-policy")
                || Set.copyOf(verdict.categories()).equals(Set.copyOf(other.categories())));
    }

    /** The reviews in {@code all} by {@code reviewer}. */
    public static List<IndependentReview> by(List<IndependentReview> all, String reviewer) {
        return all.stream().filter(r -> reviewer.equals(r.reviewedBy())).toList();
    }
}
