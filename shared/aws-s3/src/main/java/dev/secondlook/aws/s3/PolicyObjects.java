package dev.secondlook.aws.s3;

import dev.secondlook.core.failure.StoreUnavailableException;
import dev.secondlook.core.policy.Policy;
import dev.secondlook.core.policy.PolicyLoader;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The rules file a deployment replaces the bundled default with ({@code POLICY_S3_URI}), for every function that
 * needs the policy: refused unless pinned to one content, read once at start, and a function does not start with
 * another file, or none.
 */
public final class PolicyObjects {

    public static final String VARIABLE = "POLICY_S3_URI";

    private PolicyObjects() {
    }

    /**
     * The pinned object the variable names, or null when it is unset (the bundled default applies).
     *
     * @throws IllegalStateException naming the variable when it is not a pinned S3 URI
     */
    public static PinnedS3Object pinned(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return PinnedS3Object.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("environment variable " + VARIABLE + ": " + e.getMessage(), e);
        }
    }

    /**
     * The policy: the pinned rules file's, or the bundled default when {@code pinned} is null.
     *
     * @throws IllegalStateException when the file cannot be read or does not match its pin
     */
    public static Policy load(S3Client s3, PinnedS3Object pinned) {
        return PolicyLoader.load(read(s3, pinned));
    }

    /**
     * The rules file's bytes, read once for whatever a function takes from it (the pinned object's, or the bundled
     * default's when {@code pinned} is null).
     *
     * @throws IllegalStateException when the file cannot be read or does not match its pin
     */
    public static byte[] read(S3Client s3, PinnedS3Object pinned) {
        if (pinned == null) {
            return PolicyLoader.defaultFile();
        }
        try {
            return pinned.read(s3);
        } catch (IllegalStateException | StoreUnavailableException e) {
            throw new IllegalStateException("cannot load the policy (" + VARIABLE + "): " + e.getMessage(), e);
        }
    }
}
