package dev.secondlook.core.similar;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test embedder: lower-cased words hashed into 256 buckets, L2-normalised - texts that share words are close.
 * Counts its calls, and can be slowed down, so tests see what was embedded and when.
 */
public final class WordHashEmbedder implements Embedder {

    public final AtomicInteger calls = new AtomicInteger();
    public volatile long sleepMillis;

    @Override
    public float[] embed(String text) {
        calls.incrementAndGet();
        if (sleepMillis > 0) {
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        float[] v = new float[256];
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                v[Math.floorMod(w.hashCode(), v.length)] += 1;
            }
        }
        return Embedder.unitLength(v);
    }

    @Override
    public int dimension() {
        return 256;
    }

    @Override
    public String model() {
        return "word-hash-test";
    }
}
