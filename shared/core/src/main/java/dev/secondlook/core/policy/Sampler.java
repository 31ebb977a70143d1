package dev.secondlook.core.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Deterministic sampling: {@code hash(salt, recordId) < rate}. A replay of the same record makes the same decision,
 * and records are selected independently with probability {@code rate}.
 */
public final class Sampler {

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the JVM spec", e);
        }
    });

    private Sampler() {
    }

    /** A uniform value in [0, 1) derived from SHA-256 of salt and record id. */
    public static double unit(String salt, String recordId) {
        MessageDigest sha = SHA256.get();
        sha.reset();
        sha.update(salt.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        byte[] digest = sha.digest(recordId.getBytes(StandardCharsets.UTF_8));
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = (bits << 8) | (digest[i] & 0xff);   // the first eight bytes, big-endian
        }
        bits >>>= 11;
        return bits * 0x1.0p-53;
    }

    /** True when the record falls inside the sample at {@code rate}. */
    public static boolean selected(String salt, String recordId, double rate) {
        return rate >= 1.0 || (rate > 0 && unit(salt, recordId) < rate);
    }
}
