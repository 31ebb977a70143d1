package dev.secondlook.aws.s3;

import dev.secondlook.core.failure.StoreUnavailableException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.nio.charset.StandardCharsets;

/**
 * Candidate system prompts, read only from one place: {@code s3://<bucket>/<prefix>...} (the eval bucket's
 * {@code candidates/}), by version when one is named. Anything else, a missing object or one over 256 KB is the
 * operator's mistake ({@link IllegalArgumentException}).
 */
public final class S3CandidatePrompts {

    /** Largest system prompt read. */
    public static final long MAX_BYTES = 256 * 1024;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    public S3CandidatePrompts(S3Client s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    public String read(String s3Uri, String versionId) {
        String allowed = "s3://" + bucket + "/" + prefix;
        if (s3Uri == null || !s3Uri.startsWith(allowed) || s3Uri.contains("/../") || s3Uri.length() == allowed.length()) {
            throw new IllegalArgumentException("a candidate system prompt must be under " + allowed);
        }
        String key = s3Uri.substring(("s3://" + bucket + "/").length());
        GetObjectRequest.Builder get = GetObjectRequest.builder().bucket(bucket).key(key);
        if (versionId != null) {
            get.versionId(versionId);
        }
        try {
            byte[] bytes = s3.getObjectAsBytes(get.build()).asByteArray();
            if (bytes.length > MAX_BYTES) {
                throw new IllegalArgumentException("the candidate system prompt is over " + MAX_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (NoSuchKeyException e) {
            throw new IllegalArgumentException("no candidate system prompt at " + s3Uri
                    + (versionId == null ? "" : " version " + versionId));
        } catch (S3Exception e) {
            if (e.statusCode() == 404 || e.statusCode() == 400) {
                throw new IllegalArgumentException("no candidate system prompt at " + s3Uri
                        + (versionId == null ? "" : " version " + versionId));
            }
            throw new StoreUnavailableException("cannot read " + s3Uri, e);
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot read " + s3Uri, e);
        }
    }
}
