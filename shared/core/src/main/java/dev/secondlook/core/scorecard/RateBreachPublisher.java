package dev.secondlook.core.scorecard;

import dev.secondlook.core.failure.StoreUnavailableException;

/** Port: pages a rate breach (the escalation topic). */
public interface RateBreachPublisher {

    /**
     * @throws StoreUnavailableException when the page cannot be published (the next run tries again)
     */
    void publish(RateBreach breach);
}
