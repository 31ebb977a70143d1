package dev.secondlook.aws.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.failure.StoreUnavailableException;
import dev.secondlook.core.incident.RerunResults;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Re-run results as {@code evalset run} stores them in the eval bucket: {@code <prefix><runId>/summary.json} (the
 * run: its model and candidate system prompt) and {@code <prefix><runId>/results.jsonl} (one line per case), read
 * line by line until the case is found.
 */
public final class S3RerunResults implements RerunResults {

    /** Run ids are ours (no slashes, no dots): anything else names no run. */
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final ObjectMapper mapper;

    public S3RerunResults(S3Client s3, String bucket, String prefix, ObjectMapper mapper) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.mapper = mapper;
    }

    @Override
    public Optional<CaseResult> find(String runId, String caseId) {
        if (!RUN_ID.matcher(runId).matches()) {
            return Optional.empty();
        }
        try {
            JsonNode summary = mapper.readTree(s3.getObjectAsBytes(b -> b.bucket(bucket)
                    .key(prefix + runId + "/summary.json")).asByteArray());
            String modelId = summary.path("modelId").asText(null);
            String promptVersion = promptVersion(summary);
            try (var in = s3.getObject(b -> b.bucket(bucket).key(prefix + runId + "/results.jsonl"));
                 BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode r = mapper.readTree(line);
                    if (caseId.equals(r.path("caseId").asText())) {
                        return Optional.of(new CaseResult(runId, modelId, promptVersion, caseId,
                                r.path("status").asText("error")));
                    }
                }
            }
            return Optional.empty();
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException("re-run " + runId + " has unreadable results", e);
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot read re-run " + runId, e);
        }
    }

    /** The candidate system prompt's version as the run recorded it, or null when the cases used their own. */
    static String promptVersion(JsonNode summary) {
        if (summary.hasNonNull("promptVersion")) {
            return summary.get("promptVersion").asText();
        }
        JsonNode p = summary.path("systemPrompt");
        for (String field : new String[]{"version", "versionId", "sha256"}) {
            if (p.hasNonNull(field)) {
                return p.get(field).asText();
            }
        }
        return null;
    }
}
