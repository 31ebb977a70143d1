package dev.secondlook.core.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.failure.ObjectGoneException;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Resolves Bedrock sidecar bodies, only from allow-listed buckets (the log object's own bucket is always
 * allowed), gzip or plain, bounded in size.
 */
final class Sidecars {

    /** Why a sidecar could not be used; becomes the record's rejection. */
    static final class Unusable extends Exception {
        private static final long serialVersionUID = 1L;
        final String code;

        Unusable(String code, String detail) {
            super(detail);
            this.code = code;
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final SidecarReader reader;
    private final Set<String> allowedBuckets;
    private final int maxBytes;

    Sidecars(SidecarReader reader, Set<String> allowedBuckets, int maxBytes) {
        this.reader = reader;
        this.allowedBuckets = Set.copyOf(allowedBuckets);
        this.maxBytes = maxBytes;
    }

    /** The JSON body at {@code s3Path}, read for a record found in {@code logBucket}. */
    JsonNode body(String s3Path, String logBucket) throws Unusable {
        URI uri;
        try {
            uri = URI.create(s3Path);
        } catch (IllegalArgumentException e) {
            throw new Unusable("sidecar-invalid-path", "sidecar path is not an s3:// URI");
        }
        String bucket = uri.getHost();
        if (!"s3".equals(uri.getScheme()) || bucket == null || uri.getPath() == null || uri.getPath().length() < 2) {
            throw new Unusable("sidecar-invalid-path", "sidecar path is not an s3:// URI");
        }
        if (!bucket.equals(logBucket) && !allowedBuckets.contains(bucket)) {
            throw new Unusable("sidecar-not-allowed", "sidecar bucket '" + bucket
                    + "' is neither the log bucket nor in SIDECAR_BUCKETS");
        }
        String key = uri.getPath().substring(1);
        try (InputStream raw = reader.open(bucket, key)) {
            BufferedInputStream in = new BufferedInputStream(raw);
            in.mark(2);
            boolean gz = in.read() == 0x1f && in.read() == 0x8b;
            in.reset();
            byte[] bytes = readBounded(gz ? new GZIPInputStream(in) : in);
            return MAPPER.readTree(bytes);
        } catch (ObjectGoneException e) {
            throw new Unusable("sidecar-missing", "sidecar object not found: " + e.getMessage());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Unusable("sidecar-invalid-json", "sidecar is not JSON");
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new Unusable("sidecar-corrupt", "sidecar gzip stream is broken");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sidecar " + s3Path, e);
        }
    }

    private byte[] readBounded(InputStream in) throws IOException, Unusable {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) > 0) {
            if (out.size() + n > maxBytes) {
                throw new Unusable("sidecar-too-large", "sidecar larger than " + maxBytes + " bytes");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
