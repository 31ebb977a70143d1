package dev.secondlook.core.ingest;

import dev.secondlook.core.failure.StoreUnavailableException;

import dev.secondlook.core.model.ReviewRecord;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/** Port: where review records live (the ReviewTable). */
public interface ReviewStore {

    /**
     * Which of these review ids already exist, whatever their status.
     *
     * @throws StoreUnavailableException when the store cannot answer after retries
     */
    Set<String> existingIds(Collection<String> ids);

    /**
     * Writes new review records (ids known to be absent). Writing the same record twice leaves one item.
     *
     * @throws StoreUnavailableException when some records could not be written after retries
     */
    void putAll(List<ReviewRecord> records);
}
