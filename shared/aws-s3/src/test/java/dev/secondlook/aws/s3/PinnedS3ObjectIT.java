package dev.secondlook.aws.s3;

import dev.secondlook.aws.AwsClients;
import dev.secondlook.core.failure.StoreUnavailableException;
import dev.secondlook.emulator.Emulator;
import dev.secondlook.emulator.EmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A pinned object reads the pinned content on S3 (moto), whatever was written to its key since. */
@ExtendWith(EmulatorExtension.class)
class PinnedS3ObjectIT {

    @Test
    void readsThePinnedVersion_andRefusesBytesThatAreNotThePinnedHash(Emulator emulator) {
        S3Client s3 = S3Clients.of(AwsClients.forEndpoint(emulator.endpoint(), emulator.region(),
                emulator.accessKey(), emulator.secretKey()));
        String bucket = "pinned-" + Long.toHexString(System.nanoTime());
        s3.createBucket(b -> b.bucket(bucket));
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(c -> c.status("Enabled")));
        byte[] reviewed = "rules: [reviewed]\n".getBytes(StandardCharsets.UTF_8);
        String v1 = s3.putObject(b -> b.bucket(bucket).key("policy.yaml"), RequestBody.fromBytes(reviewed))
                .versionId();
        byte[] tampered = "rules: []\n".getBytes(StandardCharsets.UTF_8);
        s3.putObject(b -> b.bucket(bucket).key("policy.yaml"), RequestBody.fromBytes(tampered));

        assertArrayEquals(reviewed, PinnedS3Object.parse("s3://" + bucket + "/policy.yaml?versionId=" + v1).read(s3));
        String hash = PinnedS3Object.sha256(reviewed);
        assertArrayEquals(reviewed, PinnedS3Object.parse("s3://" + bucket + "/policy.yaml?versionId=" + v1
                + "#sha256=" + hash).read(s3));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PinnedS3Object.parse("s3://" + bucket + "/policy.yaml#sha256=" + hash).read(s3));
        assertTrue(e.getMessage().contains("does not match its pin") && e.getMessage().contains(
                PinnedS3Object.sha256(tampered)), e.getMessage());
        assertThrows(StoreUnavailableException.class,
                () -> PinnedS3Object.parse("s3://" + bucket + "/policy.yaml?versionId=no-such-version").read(s3));
    }
}
