package dev.secondlook.similar;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SentenceEmbedderTest {

    private static double cos(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += a[i] * b[i];
        }
        return d;
    }

    @Test
    void paraphrases_areCloserThanUnrelatedTexts_andVectorsAreUnitLength() {
        SentenceEmbedder e = new SentenceEmbedder();
        assertFalse(e.loaded(), "nothing loads before the first text");
        float[] a = e.embed("I have approved a full refund, the money will be back on your card tomorrow.");
        float[] b = e.embed("Good news - your refund went through and you'll see it on your card by tomorrow.");
        float[] c = e.embed("Our refund policy is explained on the help centre page.");
        float[] d = e.embed("The weather in Lisbon is sunny this week.");
        assertTrue(e.loaded());
        assertEquals(384, a.length);
        assertEquals(1.0, cos(a, a), 1e-3);
        assertTrue(cos(a, b) > cos(a, c), cos(a, b) + " vs " + cos(a, c));
        assertTrue(cos(a, c) > cos(a, d), cos(a, c) + " vs " + cos(a, d));
    }

    @Test
    void djlIsPointedAtATempCache_andOffline() {
        new SentenceEmbedder().embed("refund");
        assertEquals("true", System.getProperty("ai.djl.offline"));
        assertEquals("true", System.getProperty("OPT_OUT_TRACKING"));
        assertTrue(System.getenv("DJL_CACHE_DIR") != null
                || System.getProperty("DJL_CACHE_DIR").startsWith(System.getProperty("java.io.tmpdir")));
    }

    @Test
    void withACacheDirectory_theModelIsReadFromItsCopyThere_andEmbedsTheSame(@TempDir Path cache) throws Exception {
        String text = "I have approved a full refund for order 8812.";
        float[] fromJar = new SentenceEmbedder().embed(text);
        System.setProperty(ModelFiles.CACHE_PROPERTY, cache.toString());
        try {
            float[] fromCopy = new SentenceEmbedder().embed(text);
            assertArrayEquals(fromJar, fromCopy, 1e-6f);
            try (var copies = Files.list(cache)) {
                assertEquals(1, copies.filter(p -> p.getFileName().toString().endsWith("-bge-small-en-v1.5-q.onnx"))
                        .count(), "the model was copied out of the jar");
            }
        } finally {
            System.clearProperty(ModelFiles.CACHE_PROPERTY);
        }
    }

    @Test
    void blankText_isTheZeroVector_notAnError() {
        assertEquals(0.0, cos(new SentenceEmbedder().embed("   "), new SentenceEmbedder().embed("hello")), 1e-9);
    }
}
