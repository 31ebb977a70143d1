package dev.secondlook.aws.s3;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secondlook.core.ingest.QuarantineSink;
import dev.secondlook.core.ingest.QuarantinedRecord;
import dev.secondlook.core.failure.StoreUnavailableException;
import dev.secondlook.core.model.ObjectRef;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Keeps rejected records as one JSON Lines object per source object content:
 * {@code s3://<bucket>/<prefix><source bucket>/<source key>.<etag>.rejected.jsonl}. Rewritten identically on replay.
 */
public final class S3QuarantineSink implements QuarantineSink {

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final ObjectMapper mapper;

    public S3QuarantineSink(S3Client s3, String bucket, String prefix, ObjectMapper mapper) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.mapper = mapper;
    }

    @Override
    public String store(ObjectRef object, java.util.List<QuarantinedRecord> records) {
        String key = prefix + object.bucket() + "/" + object.key() + "." + object.contentTag() + ".rejected.jsonl";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (QuarantinedRecord r : records) {
                ObjectNode line = mapper.createObjectNode();
                line.put("source", object.uri());
                line.put("line", r.line());
                line.put("reason", r.code());
                line.put("detail", r.detail());
                line.put("preview", r.preview());
                out.write(mapper.writeValueAsBytes(line));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key)
                    .contentType("application/x-ndjson").build(), RequestBody.fromBytes(out.toByteArray()));
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot write quarantine object s3://" + bucket + "/" + key, e);
        }
        return "s3://" + bucket + "/" + key;
    }
}
