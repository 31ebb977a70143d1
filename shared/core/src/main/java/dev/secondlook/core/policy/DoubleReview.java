package dev.secondlook.core.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The rules file's {@code doubleReview}: the share of review records that a second, independent reviewer reviews
 * too (e.g. {@code doubleReview: 0.1}), so that the scorecard can measure how far reviewers agree (Cohen's kappa).
 * Which records is decided from the review id alone (a hash), so every function and every retry agrees, and the
 * chosen records are a simple random sample of the reviewed ones, whatever lane or rule brought them in.
 *
 * @param fraction between 0 (off, the default) and 1 (every record)
 */
public record DoubleReview(double fraction) {

    /** No record is reviewed twice. */
    public static final DoubleReview OFF = new DoubleReview(0);

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public DoubleReview {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new PolicyException("doubleReview: a share of the reviews between 0 and 1, e.g. 0.1");
        }
    }

    /** Whether the record with this id is reviewed twice. */
    public boolean selects(String reviewId) {
        if (fraction <= 0) {
            return false;
        }
        if (fraction >= 1) {
            return true;
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest(("double-review:" + reviewId).getBytes(StandardCharsets.UTF_8));
            long bits = 0;
            for (int i = 0; i < 7; i++) {
                bits = (bits << 8) | (h[i] & 0xff);
            }
            return bits / (double) (1L << 56) < fraction;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The setting of a rules file (off when it has none). */
    public static DoubleReview read(byte[] yaml) {
        try {
            JsonNode root = YAML.readTree(yaml);
            return parse(root == null ? null : root.get("doubleReview"));
        } catch (IOException e) {
            throw new PolicyException("rules file is not valid YAML: " + e.getMessage(), e);
        }
    }

    /**
     * @throws PolicyException when the node is not a number between 0 and 1
     */
    public static DoubleReview parse(JsonNode node) {
        if (node == null || node.isNull()) {
            return OFF;
        }
        if (!node.isNumber()) {
            throw new PolicyException("doubleReview: a share of the reviews between 0 and 1, e.g. 0.1");
        }
        return new DoubleReview(node.asDouble());
    }
}
