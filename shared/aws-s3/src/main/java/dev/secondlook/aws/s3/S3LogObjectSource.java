package dev.secondlook.aws.s3;

import dev.secondlook.core.ingest.LogObjectSource;
import dev.secondlook.core.failure.ObjectGoneException;
import dev.secondlook.core.model.ObjectRef;
import dev.secondlook.core.normalize.SidecarReader;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.io.InputStream;

/** Streams log objects and Bedrock sidecar bodies from S3 (never buffering the whole object). */
public final class S3LogObjectSource implements LogObjectSource, SidecarReader {

    private final S3Client s3;

    public S3LogObjectSource(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public InputStream open(String bucket, String key) throws IOException {
        return open(new ObjectRef(bucket, key, null, null, -1));
    }

    @Override
    public InputStream open(ObjectRef object) throws IOException {
        GetObjectRequest.Builder req = GetObjectRequest.builder().bucket(object.bucket()).key(object.key());
        if (object.versionId() != null) {
            req.versionId(object.versionId());
        } else if (object.etag() != null && !object.etag().isEmpty()) {
            // the event names one content; if the key was overwritten since, that newer object has its own event
            req.ifMatch("\"" + object.etag() + "\"");
        }
        try {
            return s3.getObject(req.build());
        } catch (S3Exception e) {
            int status = e.statusCode();
            if (status == 404) {
                throw new ObjectGoneException("no such object or version: " + object.uri(), e);
            }
            if (status == 412) {
                throw new ObjectGoneException("object was overwritten after this event: " + object.uri(), e);
            }
            throw new IOException("S3 GetObject failed (" + status + ") for " + object.uri(), e);
        } catch (SdkException e) {
            throw new IOException("S3 GetObject failed for " + object.uri(), e);
        }
    }
}
