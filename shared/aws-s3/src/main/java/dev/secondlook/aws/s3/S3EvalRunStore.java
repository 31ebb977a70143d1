package dev.secondlook.aws.s3;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.evalrun.CaseResult;
import dev.secondlook.core.evalrun.EvalRun;
import dev.secondlook.core.evalrun.EvalRunStore;
import dev.secondlook.core.failure.StoreUnavailableException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Eval runs in the eval bucket: {@code <prefix><runId>/results.jsonl} (one {@code eval-run-result.v1} line per
 * case) and then {@code <prefix><runId>/summary.json} ({@code eval-run.v1} without results), so that a run with a
 * summary is complete. Objects are encrypted by the bucket's default encryption (the stack's key).
 */
public final class S3EvalRunStore implements EvalRunStore {

    /** Where runs are kept in the eval bucket. */
    public static final String DEFAULT_PREFIX = "eval-runs/";

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final ObjectMapper mapper;

    public S3EvalRunStore(S3Client s3, String bucket, String prefix, ObjectMapper mapper) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.mapper = mapper;
    }

    @Override
    public void save(EvalRun run) {
        requireRunId(run.runId());
        try {
            ByteArrayOutputStream lines = new ByteArrayOutputStream();
            for (CaseResult r : run.results()) {
                lines.write(mapper.writeValueAsBytes(r));
                lines.write('\n');
            }
            put(run.runId() + "/results.jsonl", lines.toByteArray(), "application/x-ndjson");
            put(run.runId() + "/summary.json", mapper.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(run.summary()), "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void put(String name, byte[] body, String contentType) {
        String key = prefix + name;
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(body));
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot write s3://" + bucket + "/" + key, e);
        }
    }

    @Override
    public Optional<String> latestRunId() {
        TreeSet<String> ids = new TreeSet<>();
        try {
            for (CommonPrefix p : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix).delimiter("/"))
                    .commonPrefixes()) {
                String id = p.prefix().substring(prefix.length(), p.prefix().length() - 1);
                if (EvalRun.isRunId(id)) {
                    ids.add(id);
                }
            }
            // newest first; a run without a summary was cut short and is not a baseline
            for (String id : ids.descendingSet()) {
                if (exists(prefix + id + "/summary.json")) {
                    return Optional.of(id);
                }
            }
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot list eval runs in s3://" + bucket + "/" + prefix, e);
        }
        return Optional.empty();
    }

    private boolean exists(String key) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Optional<EvalRun> load(String runId) {
        requireRunId(runId);
        String base = prefix + runId + "/";
        try {
            byte[] summary;
            try {
                summary = s3.getObjectAsBytes(b -> b.bucket(bucket).key(base + "summary.json")).asByteArray();
            } catch (NoSuchKeyException e) {
                return Optional.empty();
            }
            EvalRun run = mapper.readValue(summary, EvalRun.class);
            String lines = s3.getObjectAsBytes(b -> b.bucket(bucket).key(base + "results.jsonl")).asString(
                    StandardCharsets.UTF_8);
            List<CaseResult> results = new ArrayList<>();
            for (String line : lines.split("\n")) {
                if (!line.isBlank()) {
                    results.add(mapper.readValue(line, CaseResult.class));
                }
            }
            return Optional.of(run.withResults(results));
        } catch (IOException e) {
            throw new UncheckedIOException("eval run " + runId + " is not valid JSON", e);
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot read eval run s3://" + bucket + "/" + base, e);
        }
    }

    private static void requireRunId(String runId) {
        if (!EvalRun.isRunId(runId)) {
            throw new IllegalArgumentException("not a run id: " + runId);
        }
    }
}
