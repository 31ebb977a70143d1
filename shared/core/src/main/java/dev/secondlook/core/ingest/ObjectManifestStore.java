package dev.secondlook.core.ingest;

import dev.secondlook.core.failure.StoreUnavailableException;

import dev.secondlook.core.model.ObjectManifest;
import dev.secondlook.core.model.ObjectRef;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Port: one manifest per log object (content identity bucket + key + ETag), the ingest's idempotency record. */
public interface ObjectManifestStore {

    /** Result of trying to start work on an object. */
    enum Start { STARTED, ALREADY_DONE, BUSY }

    /**
     * Claims the object for processing until {@code now + lease}: succeeds when it has no manifest, or an
     * unfinished one whose lease lapsed.
     *
     * @return STARTED (go on), ALREADY_DONE (a finished manifest exists: a replay), BUSY (another worker holds it)
     * @throws StoreUnavailableException on a transient store failure
     */
    Start begin(ObjectRef object, Instant now, Duration lease);

    /**
     * Records the finished manifest, releasing the claim.
     *
     * @throws StoreUnavailableException on a transient store failure
     */
    void complete(ObjectManifest manifest);

    /**
     * Gives back the claim this worker took with {@link #begin} and could not finish, so that a retry need not
     * wait for the lease to lapse. Best effort: a claim that cannot be given back still lapses.
     */
    void abandon(ObjectRef object);

    /** The finished manifest of an object, if any. */
    Optional<ObjectManifest> find(ObjectRef object);
}
