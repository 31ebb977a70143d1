package dev.secondlook.core.normalize;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import dev.secondlook.core.model.Interaction;
import dev.secondlook.core.model.SourceRef;

import java.util.List;
import java.util.Set;

/**
 * Detects the format of each parsed record (per record, not per file) and normalises it into interactions:
 * Amazon Bedrock invocation logs, OpenTelemetry GenAI (OTLP/JSON spans and log events), OpenAI chat completions
 * and Batch API output, and secondlook's own generic shape. One OTLP record can hold many spans, so one input
 * value yields one or more results. Never throws for bad input: anything it cannot understand comes back as
 * {@link NormalizeResult.Rejected} with a reason.
 */
public final class RecordNormalizer {

    private final Sidecars sidecars;

    /**
     * @param sidecarReader       reads Bedrock sidecar bodies
     * @param extraSidecarBuckets buckets besides the log object's own from which sidecars may be read
     * @param maxSidecarBytes     largest sidecar body read
     */
    public RecordNormalizer(SidecarReader sidecarReader, Set<String> extraSidecarBuckets, int maxSidecarBytes) {
        this.sidecars = new Sidecars(sidecarReader, extraSidecarBuckets, maxSidecarBytes);
    }

    /** A normaliser that reads no sidecars (records that need one are rejected with the reason). */
    public static RecordNormalizer offline() {
        return new RecordNormalizer(SidecarReader.unavailable(), Set.of(), 8 * 1024 * 1024);
    }

    /**
     * The interaction of one JSON Lines line read straight from its bytes, for the records that are most of a
     * Bedrock invocation log (see {@code BedrockLineExtractor}); null when the line must be parsed into a tree and
     * given to {@link #normalize} - which then returns exactly what this would have. Never throws.
     *
     * @param factory the factory of the mapper the line would otherwise be parsed with
     * @param line    the line's bytes, valid UTF-8
     */
    public Interaction normalizeLine(JsonFactory factory, byte[] line, SourceRef source) {
        return BedrockLineExtractor.extract(factory, line, source);
    }

    /**
     * {@link #normalizeLine(JsonFactory, byte[], SourceRef)} without the prompt: the user and assistant turns are
     * skipped, not decoded, and the interaction's prompt is empty; everything else is as the full read gives it,
     * and a line is read this way exactly when it is read in full. For a record whose judgement may not need the
     * prompt; {@link #completePrompt} reads it.
     */
    public LineWithoutPrompt normalizeLineWithoutPrompt(JsonFactory factory, byte[] line, SourceRef source) {
        BedrockLineExtractor.WithoutPrompt read = BedrockLineExtractor.extractWithoutPrompt(factory, line, source);
        return read == null ? null : new LineWithoutPrompt(read);
    }

    /**
     * The interaction {@link #normalizeLine(JsonFactory, byte[], SourceRef)} reads from {@code line}, made from
     * what {@link #normalizeLineWithoutPrompt} read and the prompt's turns read alone; null when they cannot be
     * (read the line in full then).
     */
    public Interaction completePrompt(JsonFactory factory, byte[] line, LineWithoutPrompt read) {
        return BedrockLineExtractor.complete(factory, line, read.read);
    }

    /** A line read without its prompt (see {@link #normalizeLineWithoutPrompt}). */
    public static final class LineWithoutPrompt {
        private final BedrockLineExtractor.WithoutPrompt read;

        private LineWithoutPrompt(BedrockLineExtractor.WithoutPrompt read) {
            this.read = read;
        }

        /** The interaction, its prompt empty. */
        public Interaction interaction() {
            return read.interaction();
        }
    }

    /**
     * Normalises one parsed value read from {@code source}.
     *
     * @throws java.io.UncheckedIOException when a sidecar cannot be read for a transient reason
     */
    public List<NormalizeResult> normalize(JsonNode json, SourceRef source) {
        if (json == null || !json.isObject()) {
            return List.of(new NormalizeResult.Rejected("not-an-object", "record is not a JSON object"));
        }
        try {
            if (BedrockInvocationNormalizer.accepts(json)) {
                return List.of(BedrockInvocationNormalizer.normalize(json, source, sidecars));
            }
            if (OtelGenAiNormalizer.accepts(json)) {
                return OtelGenAiNormalizer.normalize(json, source);
            }
            if (GenericNormalizer.accepts(json)) {
                return List.of(GenericNormalizer.normalize(json, source));
            }
            if (OpenAiNormalizer.accepts(json)) {
                return List.of(OpenAiNormalizer.normalize(json, source));
            }
        } catch (RuntimeException e) {
            if (e instanceof java.io.UncheckedIOException u) {
                throw u;
            }
            return List.of(new NormalizeResult.Rejected("unreadable-record", "record could not be normalised: "
                    + e.getClass().getSimpleName()));
        }
        return List.of(new NormalizeResult.Rejected("unrecognised-format",
                "record matches no supported format (Bedrock invocation log, OTLP GenAI, OpenAI, secondlook.v1)"));
    }
}
