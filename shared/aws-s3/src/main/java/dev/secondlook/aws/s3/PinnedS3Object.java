package dev.secondlook.aws.s3;

import dev.secondlook.core.failure.StoreUnavailableException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An S3 object pinned to exactly one content: {@code s3://bucket/key?versionId=V} (that version, read with
 * GetObject by version: {@code s3:GetObjectVersion}), {@code s3://bucket/key#sha256=HEX} (the current version,
 * whose SHA-256 must be HEX), or both. Whoever may overwrite the key cannot change what is read: a different
 * version is never fetched, and different bytes are refused.
 *
 * @param versionId the pinned version id, or null
 * @param sha256    the pinned SHA-256 as 64 lower-case hex digits, or null
 */
public record PinnedS3Object(String bucket, String key, String versionId, String sha256) {

    private static final Pattern URI = Pattern.compile(
            "s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])/([^?#]+)(?:\\?versionId=([^#&]+))?(?:#sha256=([0-9a-fA-F]{64}))?");

    public PinnedS3Object {
        if (versionId == null && sha256 == null) {
            throw new IllegalArgumentException("s3://" + bucket + "/" + key + " is not pinned");
        }
        sha256 = sha256 == null ? null : sha256.toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a pinned URI.
     *
     * @throws IllegalArgumentException when it is not {@code s3://bucket/key} followed by {@code ?versionId=...},
     *                                  {@code #sha256=<64 hex digits>} or both
     */
    public static PinnedS3Object parse(String uri) {
        Matcher m = URI.matcher(uri == null ? "" : uri.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + uri + "' is not s3://bucket/key?versionId=<version id> or "
                    + "s3://bucket/key#sha256=<64 hex digits> (or both)");
        }
        if (m.group(3) == null && m.group(4) == null) {
            throw new IllegalArgumentException("'" + uri + "' is not pinned: add ?versionId=<version id> (S3 "
                    + "versioning) or #sha256=<64 hex digits of the file>, so that whoever can write the key cannot "
                    + "change the rules");
        }
        return new PinnedS3Object(m.group(1), m.group(2), m.group(3), m.group(4));
    }

    /** The pinned URI, as {@link #parse} reads it. */
    public String uri() {
        return "s3://" + bucket + "/" + key + (versionId == null ? "" : "?versionId=" + versionId)
                + (sha256 == null ? "" : "#sha256=" + sha256);
    }

    /**
     * Reads the pinned content.
     *
     * @throws IllegalStateException      when the bytes read are not the pinned SHA-256
     * @throws StoreUnavailableException  when S3 refuses or fails the read (a missing object or version included)
     */
    public byte[] read(S3Client s3) {
        byte[] bytes;
        try {
            GetObjectRequest.Builder get = GetObjectRequest.builder().bucket(bucket).key(key);
            if (versionId != null) {
                get.versionId(versionId);
            }
            bytes = s3.getObjectAsBytes(get.build()).asByteArray();
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot read " + uri() + ": " + e.getMessage(), e);
        }
        if (sha256 != null) {
            String actual = sha256(bytes);
            if (!actual.equals(sha256)) {
                throw new IllegalStateException(uri() + " does not match its pin: its content has SHA-256 " + actual);
            }
        }
        return bytes;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return uri();
    }
}
