package dev.secondlook.core.gate;

import java.util.List;
import java.util.Set;

/** Port: the topic that announces resolved holds to the applications that subscribe. */
public interface CheckDecisionPublisher {

    /**
     * Publishes the events, batching as the topic allows; retries partial failures.
     *
     * @return check ids whose event could not be published after retries (empty when all were)
     */
    Set<String> publishAll(List<CheckDecisionEvent> events);
}
