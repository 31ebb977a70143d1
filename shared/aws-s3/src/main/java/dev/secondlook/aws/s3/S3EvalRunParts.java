package dev.secondlook.aws.s3;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.evalrun.CaseResult;
import dev.secondlook.core.evalrun.EvalRun;
import dev.secondlook.core.evalrun.EvalRunParts;
import dev.secondlook.core.evalrun.EvalRunPlan;
import dev.secondlook.core.failure.StoreUnavailableException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An automatic run's work in the eval bucket, beside its results: {@code <prefix><runId>/plan.json} and
 * {@code <prefix><runId>/parts/<n>.jsonl} (result lines). Each is one PutObject, so a part is there whole or not at
 * all.
 */
public final class S3EvalRunParts implements EvalRunParts {

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final ObjectMapper mapper;

    public S3EvalRunParts(S3Client s3, String bucket, String prefix, ObjectMapper mapper) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.mapper = mapper;
    }

    @Override
    public void putPlan(EvalRunPlan plan) {
        try {
            put(base(plan.runId()) + "plan.json", mapper.writeValueAsBytes(plan));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<EvalRunPlan> plan(String runId) {
        return get(base(runId) + "plan.json").map(b -> read(b, EvalRunPlan.class));
    }

    @Override
    public void putPart(String runId, int part, List<CaseResult> results) {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        try {
            for (CaseResult r : results) {
                lines.write(mapper.writeValueAsBytes(r));
                lines.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        put(base(runId) + "parts/" + part + ".jsonl", lines.toByteArray());
    }

    @Override
    public Optional<List<CaseResult>> part(String runId, int part) {
        return get(base(runId) + "parts/" + part + ".jsonl").map(bytes -> {
            List<CaseResult> out = new ArrayList<>();
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    out.add(read(line.getBytes(StandardCharsets.UTF_8), CaseResult.class));
                }
            }
            return out;
        });
    }

    @Override
    public int partsWritten(String runId) {
        String p = base(runId) + "parts/";
        try {
            int n = 0;
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(p)).contents()) {
                if (o.key().endsWith(".jsonl")) {
                    n++;
                }
            }
            return n;
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot list s3://" + bucket + "/" + p, e);
        }
    }

    private String base(String runId) {
        if (!EvalRun.isRunId(runId)) {
            throw new IllegalArgumentException("not a run id: " + runId);
        }
        return prefix + runId + "/";
    }

    private void put(String key, byte[] body) {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/json"), RequestBody.fromBytes(body));
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot write s3://" + bucket + "/" + key, e);
        }
    }

    private Optional<byte[]> get(String key) {
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot read s3://" + bucket + "/" + key, e);
        }
    }

    private <T> T read(byte[] bytes, Class<T> type) {
        try {
            return mapper.readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException("not valid JSON: " + type.getSimpleName(), e);
        }
    }
}
