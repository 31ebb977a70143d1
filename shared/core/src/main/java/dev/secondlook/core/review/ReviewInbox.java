package dev.secondlook.core.review;

import dev.secondlook.core.model.Lane;
import dev.secondlook.core.route.QueueMessage;
import java.time.Duration;
import java.util.Optional;

/** Port: the review queues, as reviewers pull from them. A message's visibility is the reviewer's lease. */
public interface ReviewInbox {

    /** One received message: which review it points to, and the handle to delete or return it. */
    record Delivery(String reviewId, Lane lane, String receipt) {
    }

    /** Receives one message from {@code lane}'s queue, invisible to others for {@code lease}. */
    Optional<Delivery> receive(Lane lane, Duration lease);

    /** Deletes a message: its review is done, or it was a duplicate. */
    void delete(Lane lane, String receipt);

    /**
     * Puts {@code pointer} on {@code lane}'s queue as a new message, then deletes the received one (a released
     * claim): the record is claimable at once, and its receive count starts again.
     *
     * @throws dev.secondlook.core.failure.StoreUnavailableException when the new message cannot be sent (the old
     *         one is then kept: it comes back when its lease lapses)
     */
    void requeue(Lane lane, String receipt, QueueMessage pointer);

    /**
     * Keeps a received message invisible for {@code lease} from now (an extended claim).
     *
     * @throws dev.secondlook.core.failure.StoreUnavailableException when the queue refuses (the receipt is stale)
     */
    void extend(Lane lane, String receipt, Duration lease);
}
