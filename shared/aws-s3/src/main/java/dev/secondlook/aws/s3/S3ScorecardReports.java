package dev.secondlook.aws.s3;

import dev.secondlook.core.failure.StoreUnavailableException;
import dev.secondlook.core.scorecard.ScorecardReports;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Scorecard reports in the eval bucket: {@code <prefix><yyyy-MM-dd>/scorecard-<windowEnd>.json} and {@code .html}
 * (the day and hour the window ends), and the same two as {@code <prefix>latest.json} / {@code latest.html}. The
 * bucket's default encryption applies.
 */
public final class S3ScorecardReports implements ScorecardReports {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
            .withZone(ZoneOffset.UTC);

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    public S3ScorecardReports(S3Client s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    @Override
    public String put(Instant windowStart, Instant windowEnd, byte[] json, byte[] html) {
        String stem = prefix + DAY.format(windowEnd) + "/scorecard-" + STAMP.format(windowEnd);
        try {
            put(stem + ".json", json, "application/json");
            put(stem + ".html", html, "text/html; charset=utf-8");
            put(prefix + "latest.json", json, "application/json");
            put(prefix + "latest.html", html, "text/html; charset=utf-8");
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot store the scorecard in s3://" + bucket + "/" + prefix, e);
        }
        return "s3://" + bucket + "/" + stem + ".json";
    }

    private void put(String key, byte[] body, String type) {
        s3.putObject(b -> b.bucket(bucket).key(key).contentType(type), RequestBody.fromBytes(body));
    }
}
