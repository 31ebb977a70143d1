package dev.secondlook.core.route;

import java.util.List;
import java.util.Set;

/** Port: the human review queues (one per lane). */
public interface ReviewQueue {

    /**
     * Sends the messages, batching as the queue allows; retries partial failures.
     *
     * @return review ids whose message could not be sent after retries (empty when all were sent)
     */
    Set<String> sendAll(List<QueueMessage> messages);
}
