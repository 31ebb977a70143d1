package dev.secondlook.core.model;

/**
 * Where one record came from: the object and the 1-based line (or record index for a pretty-printed file).
 */
public record SourceRef(String bucket, String key, String versionId, String etag, long line) {

    public static SourceRef of(ObjectRef object, long line) {
        return new SourceRef(object.bucket(), object.key(), object.versionId(), object.etag(), line);
    }

    /** A pointer to the full source record: the object URI with the line as fragment. */
    public String uri() {
        return "s3://" + bucket + "/" + key + "#L" + line;
    }
}
