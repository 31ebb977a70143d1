package dev.secondlook.core.gate;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Port: checks in the ReviewTable. A check is the review record itself (the check id is the review id ingest
 * computes for the same request id), with the check's fields beside the record's.
 */
public interface CheckStore {

    /**
     * Writes a check's record with one conditional write, unless a record with its id exists already (a retried
     * check, or a record ingest wrote from the log).
     *
     * @return empty when written; the existing record otherwise
     * @throws dev.secondlook.core.failure.StoreUnavailableException when the store cannot answer
     */
    Optional<StoredCheck> create(NewCheck check);

    /**
     * The record with this id, read consistently; empty when there is none.
     *
     * @throws dev.secondlook.core.failure.StoreUnavailableException when the store cannot answer
     */
    Optional<StoredCheck> find(String checkId);

    /**
     * Expires a hold whose time has passed, with one conditional write (still held, and due by {@code now}), and
     * returns the check as it then stands: expired, or resolved by a reviewer who came first.
     *
     * @throws dev.secondlook.core.failure.StoreUnavailableException when the store cannot answer
     */
    Optional<StoredCheck> expire(String checkId, Instant now);

    /**
     * Ids of checks still held whose hold ended before {@code now}, the longest overdue first, at most
     * {@code limit}.
     *
     * @throws dev.secondlook.core.failure.StoreUnavailableException when the store cannot answer
     */
    List<String> expirable(Instant now, int limit);
}
