package dev.secondlook.aws.s3;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.failure.StoreUnavailableException;
import dev.secondlook.core.feedback.EvalCase;
import dev.secondlook.core.similar.Exemplar;
import dev.secondlook.core.similar.ExemplarSource;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The eval set's off-policy cases as exemplars: one per (case, label), the case's output as the text, named by
 * case id. Each read lists {@code s3://<bucket>/<prefix>} and fetches only the cases that are new or whose ETag
 * changed since the last read (a case rewritten by a replayed verdict), so a refresh costs one listing plus the new
 * cases. A case deleted (its verdict amended to on-policy) is gone at the next read. A case that is not valid JSON
 * is left out (it cannot be an exemplar); the eval set's own tools report it.
 *
 * <p>Needs s3:ListBucket on the bucket (prefix {@code eval-cases/}) and s3:GetObject on its objects. Not
 * thread-safe on its own; {@link dev.secondlook.core.similar.ExemplarIndex} reads it under its lock.
 */
public final class S3ExemplarSource implements ExemplarSource {

    private record Cached(String etag, List<Exemplar> exemplars) {
    }

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final ObjectMapper mapper;
    private Map<String, Cached> cache = new HashMap<>();

    public S3ExemplarSource(S3Client s3, String bucket, String prefix, ObjectMapper mapper) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.mapper = mapper;
    }

    @Override
    public List<Exemplar> load() {
        Map<String, Cached> next = new HashMap<>();
        List<Exemplar> out = new ArrayList<>();
        try {
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
                if (!o.key().endsWith(".json")) {
                    continue;
                }
                Cached c = cache.get(o.key());
                if (c == null || !c.etag().equals(o.eTag())) {
                    c = read(o);
                    if (c == null) {
                        continue;
                    }
                }
                next.put(o.key(), c);
                out.addAll(c.exemplars());
            }
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot list eval cases in s3://" + bucket + "/" + prefix, e);
        }
        cache = next;
        return out;
    }

    private Cached read(S3Object o) {
        byte[] bytes;
        try {
            bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(o.key())).asByteArray();
        } catch (NoSuchKeyException e) {
            return null;
        }
        List<Exemplar> exemplars = new ArrayList<>();
        try {
            EvalCase c = mapper.readValue(bytes, EvalCase.class);
            if (c.offPolicyOutput() != null && !c.offPolicyOutput().isBlank()) {
                for (String label : c.labels()) {
                    exemplars.add(Exemplar.ofEvalCase(label, c.offPolicyOutput(), c.caseId()));
                }
            }
        } catch (IOException | RuntimeException e) {
            return new Cached(o.eTag(), List.of());
        }
        return new Cached(o.eTag(), List.copyOf(exemplars));
    }
}
