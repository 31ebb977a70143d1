package dev.secondlook.core.review;

/** No review record with that id (HTTP 404). */
public class ReviewNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ReviewNotFoundException(String reviewId) {
        super("no review " + reviewId);
    }
}
