package dev.secondlook.core.ingest;

import dev.secondlook.core.failure.ObjectGoneException;

import dev.secondlook.core.model.ObjectRef;

import java.io.IOException;
import java.io.InputStream;

/** Port: reads the bytes of a log object as a stream. */
public interface LogObjectSource {

    /**
     * Opens the object (the exact version when the reference carries one).
     *
     * @throws ObjectGoneException when the object or version no longer exists (permanent: not retried)
     * @throws IOException         on a transient failure (the caller retries the whole object)
     */
    InputStream open(ObjectRef object) throws IOException;
}
