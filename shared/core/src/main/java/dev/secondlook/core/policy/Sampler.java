package dev.secondlook.core.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Deterministic sampling: {@code hash(salt, recordId) < rate}. A replay of the same record makes the same decision,
 * and records are selected independently with probability {@code rate}.
 */
public final class Sampler {

    /** A thread's digest, and the bytes of the salt it last hashed (a policy's salt is one string). */
    private static final class State {
        final MessageDigest sha;
        String salt;
        byte[] saltBytes;

        State() {
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is required by the JVM spec", e);
            }
        }
    }

    private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

    private Sampler() {
    }

    /** A uniform value in [0, 1) derived from SHA-256 of salt and record id. */
    public static double unit(String salt, String recordId) {
        State state = STATE.get();
        if (state.salt != salt) {   // identity: the same policy's salt, encoded once
            state.saltBytes = salt.getBytes(StandardCharsets.UTF_8);
            state.salt = salt;
        }
        MessageDigest sha = state.sha;
        sha.reset();
        sha.update(state.saltBytes);
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
