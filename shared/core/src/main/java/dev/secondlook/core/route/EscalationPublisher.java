package dev.secondlook.core.route;

import java.util.List;
import java.util.Set;

/** Port: the escalation topic that reaches pagers. */
public interface EscalationPublisher {

    /**
     * Publishes the escalations, batching as the topic allows; retries partial failures.
     *
     * @return escalation ids that could not be published after retries (empty when all were)
     */
    Set<String> publishAll(List<Escalation> escalations);
}
