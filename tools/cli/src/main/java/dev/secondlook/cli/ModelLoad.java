package dev.secondlook.cli;

import dev.secondlook.similar.SentenceEmbedder;

import java.nio.charset.StandardCharsets;

/**
 * Loads the embedding model on a thread of its own, beside a command's other start-up work, and waits for that thread
 * before the command returns. The wait matters on a log that never needed the model: the JVM exits right after the
 * command, and exiting while a native library is still being set up is not left to chance.
 */
final class ModelLoad {

    private final SentenceEmbedder embedder;
    private Thread thread;

    ModelLoad(SentenceEmbedder embedder) {
        this.embedder = embedder;
    }

    /**
     * Whether a policy's YAML may hold a similar rule: whether its text has the word anywhere (in a comment too). A
     * wrong yes costs a model load the command waits for; a wrong no (the key written with escapes) only means the
     * model loads when a record first needs it, as it would without this class.
     */
    static boolean mayHaveSimilarRules(byte[] yaml) {
        // ISO-8859-1 keeps one char a byte, so an ASCII word matches exactly where its bytes do
        return new String(yaml, StandardCharsets.ISO_8859_1).contains("similar");
    }

    /** Starts loading the model, unless it is loaded or loading. */
    synchronized void start() {
        if (thread != null || embedder.loaded()) {
            return;
        }
        thread = new Thread(() -> {
            try {
                embedder.load();
            } catch (RuntimeException | LinkageError e) {
                // not reported here: the first record that needs the model tries again, and the embedder's error then
                // names this first failure as its cause
            }
        }, "model-load");
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits for a load started by {@link #start()} to end, loaded or failed. */
    synchronized void finish() {
        if (thread == null) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        thread = null;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
