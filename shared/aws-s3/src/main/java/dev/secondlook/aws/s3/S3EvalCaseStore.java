package dev.secondlook.aws.s3;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.feedback.EvalCase;
import dev.secondlook.core.feedback.EvalCaseStore;
import dev.secondlook.core.failure.StoreUnavailableException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Eval cases as one JSON object each: {@code s3://<bucket>/<prefix><review id>.json}, rewritten on replay. */
public final class S3EvalCaseStore implements EvalCaseStore {

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final ObjectMapper mapper;

    public S3EvalCaseStore(S3Client s3, String bucket, String prefix, ObjectMapper mapper) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.mapper = mapper;
    }

    @Override
    public void put(EvalCase evalCase) {
        String key = prefix + URLEncoder.encode(evalCase.caseId(), StandardCharsets.UTF_8) + ".json";
        try {
            byte[] body = mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(evalCase);
            s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/json"), RequestBody.fromBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot write eval case s3://" + bucket + "/" + key, e);
        }
    }

    @Override
    public void delete(String caseId) {
        String key = prefix + URLEncoder.encode(caseId, StandardCharsets.UTF_8) + ".json";
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot delete eval case s3://" + bucket + "/" + key, e);
        }
    }

    @Override
    public List<EvalCase> all() {
        List<EvalCase> out = new ArrayList<>();
        try {
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
                if (!o.key().endsWith(".json")) {
                    continue;
                }
                byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(o.key())).asByteArray();
                out.add(mapper.readValue(bytes, EvalCase.class));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("an eval case is not valid JSON", e);
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot list eval cases in s3://" + bucket + "/" + prefix, e);
        }
        return out;
    }
}
