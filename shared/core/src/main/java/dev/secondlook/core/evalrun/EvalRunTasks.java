package dev.secondlook.core.evalrun;

import java.util.List;

/**
 * Port: the queue that hands each part of a run to a worker (SQS in AWS: its event source is the fan-out, its
 * reserved concurrency the bound on calls to the candidate).
 */
public interface EvalRunTasks {

    /**
     * Sends one task per part; sending the same parts again is harmless (a written part is not run twice).
     *
     * @throws dev.secondlook.core.failure.StoreUnavailableException on a transient failure
     */
    void send(String runId, List<Integer> parts);
}
