package dev.secondlook.core.model;

/**
 * One S3 object version as an event announced it: bucket, decoded key, ETag, optional version id and size.
 *
 * @param bucket    bucket name
 * @param key       object key, already URL-decoded
 * @param versionId version id, or {@code null} for an unversioned bucket
 * @param etag      entity tag without quotes, or {@code null} when the event did not carry one
 * @param size      size in bytes as announced, or -1 when unknown
 */
public record ObjectRef(String bucket, String key, String versionId, String etag, long size) {

    public ObjectRef {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("bucket is required");
        }
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key is required");
        }
        if (etag != null) {
            etag = etag.replace("\"", "");
        }
    }

    /** {@code s3://bucket/key}: where the full source record can be read back. */
    public String uri() {
        return "s3://" + bucket + "/" + key;
    }

    /** The content identity of this object: ETag if known, else version id, else "unknown". */
    public String contentTag() {
        if (etag != null && !etag.isEmpty()) {
            return etag;
        }
        return versionId != null ? versionId : "unknown";
    }
}
