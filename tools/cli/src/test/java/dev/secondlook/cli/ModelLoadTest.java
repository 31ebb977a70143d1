package dev.secondlook.cli;

import dev.secondlook.core.policy.PolicyLoader;
import dev.secondlook.similar.SentenceEmbedder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelLoadTest {

    @Test
    void theDefaultPolicy_mayHaveSimilarRules_andAPolicyWithoutTheWord_hasNone() {
        assertTrue(ModelLoad.mayHaveSimilarRules(PolicyLoader.defaultFile()));
        assertTrue(ModelLoad.mayHaveSimilarRules("rules:\n  - similar: {category: x}\n".getBytes(StandardCharsets.UTF_8)));
        assertTrue(ModelLoad.mayHaveSimilarRules("similar".getBytes(StandardCharsets.UTF_8)), "at the very end");
        assertFalse(ModelLoad.mayHaveSimilarRules("rules:\n  - keywords: [refund]\n".getBytes(StandardCharsets.UTF_8)));
        assertFalse(ModelLoad.mayHaveSimilarRules("simila".getBytes(StandardCharsets.UTF_8)));
        assertFalse(ModelLoad.mayHaveSimilarRules(new byte[0]));
    }

    @Test
    void aStartedLoad_hasLoadedTheModel_whenFinishReturns() {
        SentenceEmbedder embedder = new SentenceEmbedder();
        ModelLoad load = new ModelLoad(embedder);
        load.finish();   // nothing started: returns at once
        assertFalse(embedder.loaded());
        load.start();
        load.start();    // a second start while loading starts nothing more
        load.finish();
        assertTrue(embedder.loaded());
        load.start();    // loaded: nothing to do
        load.finish();
        assertTrue(embedder.loaded());
    }
}
