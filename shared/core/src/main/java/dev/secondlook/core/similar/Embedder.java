package dev.secondlook.core.similar;

/**
 * Port: a sentence-embedding model that runs in-process. Implementations load their model lazily (on the first
 * call), once, and never reach the network.
 *
 * <p>Contract: {@link #embed} returns a vector of {@link #dimension()} floats with unit L2 norm, so that the dot
 * product of two is their cosine similarity; the same text gives the same vector. Callers bound the text they
 * pass (see {@link dev.secondlook.core.policy.ExemplarSettings#maxChars()}); an implementation truncates what
 * its model cannot read (e.g. past 512 tokens) rather than splitting it. Thread-safe.
 *
 * @throws EmbedderUnavailableException from {@link #embed} when the model cannot be loaded or run: the deployment
 *                                      is broken, not the record
 */
public interface Embedder {

    float[] embed(String text);

    int dimension();

    /** Names the model (e.g. {@code bge-small-en-v1.5-q}), for reports and for the index's cache. */
    String model();

    /**
     * Scales {@code v} in place to unit L2 norm, as {@link #embed} must return it (a zero vector, or one already
     * within 1e-4 of unit length, is left as it is); returns {@code v}.
     */
    static float[] unitLength(float[] v) {
        double n = 0;
        for (float f : v) {
            n += f * f;
        }
        if (n > 0 && Math.abs(n - 1) > 1e-4) {
            float inv = (float) (1 / Math.sqrt(n));
            for (int i = 0; i < v.length; i++) {
                v[i] *= inv;
            }
        }
        return v;
    }
}
