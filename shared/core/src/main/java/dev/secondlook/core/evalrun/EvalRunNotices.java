package dev.secondlook.core.evalrun;

/** Port: where the end of an automatic run is announced (the escalation topic, as a notice, never a page). */
public interface EvalRunNotices {

    /**
     * @throws dev.secondlook.core.failure.StoreUnavailableException on a transient failure (the finish is retried)
     */
    void publish(EvalRunNotice notice);
}
