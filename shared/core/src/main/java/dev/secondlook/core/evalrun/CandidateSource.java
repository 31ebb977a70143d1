package dev.secondlook.core.evalrun;

/** Port: where the candidate of an automatic run is named (SSM Parameter Store) and its system prompt kept (S3). */
public interface CandidateSource {

    /**
     * @param spec    the parameter's value
     * @param version the parameter's version
     */
    record Current(CandidateSpec spec, long version) {
    }

    /**
     * The parameter's current value.
     *
     * @throws IllegalArgumentException when the value is not a candidate (see {@link CandidateSpec#parse})
     * @throws dev.secondlook.core.failure.StoreUnavailableException on a transient failure
     */
    Current current(String parameterName);

    /**
     * The system prompt at {@code s3Uri} (that version when not null), as UTF-8 text.
     *
     * @throws IllegalArgumentException when it is outside where candidate prompts may be, or missing
     * @throws dev.secondlook.core.failure.StoreUnavailableException on a transient failure
     */
    String systemPrompt(String s3Uri, String versionId);
}
