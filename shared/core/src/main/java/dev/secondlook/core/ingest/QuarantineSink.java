package dev.secondlook.core.ingest;

import dev.secondlook.core.failure.StoreUnavailableException;

import dev.secondlook.core.model.ObjectRef;

import java.util.List;

/** Port: keeps rejected records of one object, with their reasons, in the quarantine location. */
public interface QuarantineSink {

    /**
     * Stores the rejected records of {@code object}, replacing any earlier copy for the same object content.
     *
     * @return the URI where they were kept
     * @throws StoreUnavailableException on a transient failure
     */
    String store(ObjectRef object, List<QuarantinedRecord> records);
}
