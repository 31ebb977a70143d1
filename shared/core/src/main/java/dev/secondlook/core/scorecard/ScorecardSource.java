package dev.secondlook.core.scorecard;

import dev.secondlook.core.failure.StoreUnavailableException;
import dev.secondlook.core.model.ObjectManifest;

import java.time.Instant;
import java.util.List;

/** Port: what the scorecard reads from the review table. */
public interface ScorecardSource {

    /**
     * The finished manifests that may hold population cells of hours in {@code [since, until)} (a superset is
     * fine: the scorecard filters the cells by hour).
     *
     * @throws StoreUnavailableException when the store cannot be read
     */
    List<ObjectManifest> manifests(Instant since, Instant until);

    /**
     * The review records judged in {@code [since, until)}, labels and verdicts only.
     *
     * @throws StoreUnavailableException when the store cannot be read
     */
    List<ScoredRecord> records(Instant since, Instant until);
}
