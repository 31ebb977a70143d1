package dev.secondlook.similar;

import dev.secondlook.core.similar.Embedder;
import dev.secondlook.core.similar.EmbedderUnavailableException;

import java.nio.file.Path;

/**
 * BAAI's bge-small-en-v1.5 (quantised, 384 dimensions) run in-process by ONNX Runtime, through langchain4j: the
 * model and its tokenizer are inside the jar, nothing is downloaded. Loaded on the first {@link #embed}, once per JVM
 * (about a second; the resident size of {@code rules check} grows from 110 to 290 MB), never before: a function
 * whose records never pass a gate never pays for it. It replaced all-MiniLM-L6-v2 (vectors of the same size; 12
 * layers to its 6, files of 34 MB to its 23): on the labelled set of BENCHMARKS.md "Similar matcher" it finds
 * differently worded outputs of a reviewed kind far more often (recall 63 % to 80 % at the same precision).
 *
 * <p>Before the first load it points DJL (the tokenizer's native library) at a writable cache under
 * {@code java.io.tmpdir} ({@code /tmp} in Lambda, whose home directory is read-only) unless {@code DJL_CACHE_DIR}
 * is set, and turns on DJL's offline mode and tracking opt-out, so the tokenizer never calls out (it would
 * otherwise check in with a telemetry endpoint once a day).
 */
public final class SentenceEmbedder implements Embedder {

    public static final String MODEL = "bge-small-en-v1.5-q";
    private static final int DIMENSION = 384;

    private volatile SentenceModel model;

    @Override
    public float[] embed(String text) {
        if (text.isBlank()) {
            return new float[DIMENSION];
        }
        float[] v;
        try {
            v = loadedModel().embed(text).content().vector();
        } catch (IllegalArgumentException e) {
            return new float[DIMENSION];
        }
        return Embedder.unitLength(v);
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public String model() {
        return MODEL;
    }

    /**
     * Loads the model now unless it is loaded: for a caller that knows it will need it and has other work to do
     * meanwhile. Throws {@link EmbedderUnavailableException} as {@link #embed} would.
     */
    public void load() {
        loadedModel();
    }

    /** Whether the model has been loaded in this JVM (for tests and reports). */
    public boolean loaded() {
        return model != null;
    }

    private SentenceModel loadedModel() {
        SentenceModel m = model;
        if (m != null) {
            return m;
        }
        synchronized (this) {
            if (model == null) {
                configureDjl();
                try {
                    model = new SentenceModel();
                } catch (RuntimeException | LinkageError e) {
                    // a native library that failed to load fails a class's initialiser once; later attempts get only
                    // "could not initialize class": every failure names the first one as its cause
                    if (firstFailure == null) {
                        firstFailure = e;
                    } else if (e != firstFailure && firstFailure.getSuppressed().length < 3) {
                        firstFailure.addSuppressed(e);
                    }
                    throw new EmbedderUnavailableException("cannot load the " + MODEL + " embedding model: "
                            + firstFailure, firstFailure);
                }
            }
            return model;
        }
    }

    /** The first failure to load the model in this embedder, if any (guarded by this). */
    private Throwable firstFailure;

    /** DJL reads these from the environment or from system properties; an environment variable wins. */
    static void configureDjl() {
        if (System.getenv("DJL_CACHE_DIR") == null && System.getProperty("DJL_CACHE_DIR") == null) {
            System.setProperty("DJL_CACHE_DIR",
                    Path.of(System.getProperty("java.io.tmpdir"), "djl").toString());
        }
        if (System.getenv("ENGINE_CACHE_DIR") == null && System.getProperty("ENGINE_CACHE_DIR") == null) {
            System.setProperty("ENGINE_CACHE_DIR", System.getProperty("DJL_CACHE_DIR",
                    System.getenv("DJL_CACHE_DIR") == null ? "" : System.getenv("DJL_CACHE_DIR")));
        }
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
    }
}
