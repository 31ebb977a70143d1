package dev.secondlook.core.normalize;

import java.io.IOException;
import java.io.InputStream;

/** Port: opens a Bedrock large-body sidecar object ({@code inputBodyS3Path} / {@code outputBodyS3Path}). */
public interface SidecarReader {

    /**
     * Opens {@code s3://bucket/key}.
     *
     * @throws dev.secondlook.core.failure.ObjectGoneException when it does not exist (permanent for this record)
     * @throws IOException                                     on a transient failure (retry the object)
     */
    InputStream open(String bucket, String key) throws IOException;

    /** A reader for offline use (CLI on local files): every sidecar is reported unavailable. */
    static SidecarReader unavailable() {
        return (bucket, key) -> {
            throw new dev.secondlook.core.failure.ObjectGoneException("sidecars are not read offline", null);
        };
    }
}
