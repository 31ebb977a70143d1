package dev.secondlook.core.review;

import java.time.Duration;
import java.util.Optional;

/** Port: the review queues, as reviewers pull from them. A message's visibility is the reviewer's lease. */
public interface ReviewInbox {

    /** One received message: which review it points to, and the handle to delete or return it. */
    record Delivery(String reviewId, String lane, String receipt) {
    }

    /** Receives one message from {@code lane}'s queue, invisible to others for {@code lease}. */
    Optional<Delivery> receive(String lane, Duration lease);

    /** Deletes a message: its review is done, or it was a duplicate. */
    void delete(String lane, String receipt);

    /** Makes a message visible again now (a released claim). */
    void returnNow(String lane, String receipt);
}
