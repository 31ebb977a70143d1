package dev.secondlook.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A user error is one line that says what was wrong and what to do, exit 2; never a raw Java message. */
class CliErrorsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]),
                Path.of("../..")).execute(args);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aMissingInputFile_isOneLine_exit2() {
        assertEquals(2, run("rules", "check", "--input", "/nope/log.jsonl"));
        assertEquals("secondlook: no such file: /nope/log.jsonl", err().strip());
        assertFalse(err().contains("java.nio"), err());
    }

    @Test
    void aMissingPolicyFile_isOneLine_exit2() {
        assertEquals(2, run("rules", "check", "--policy", "/nope.yaml", "--input", "../../events/logs/"
                + "generic-secondlook-v1.jsonl"));
        assertEquals("secondlook: no such file: /nope.yaml", err().strip());
    }

    @Test
    void rulesTest_ofAPolicyWithoutExamples_saysWhichFileItLookedFor(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("p.yaml");
        Files.copy(Path.of("../../policy/default-policy.yaml"), policy);
        assertEquals(2, run("rules", "test", "--policy", policy.toString()));
        assertTrue(err().startsWith("secondlook: no examples for " + policy + ": expected " + dir.resolve("p.tests.yaml")
                + " beside it; pass --tests FILE"), err());
    }

    @Test
    void missingCredentials_sayWhatToSet_notTheSdksParagraph() {
        String message = Main.userError(SdkClientException.create("Unable to load credentials from any of the "
                + "providers in the chain AwsCredentialsProviderChain(credentialsProviders=[...]) : [Profile file "
                + "contained no credentials for profile 'default' ...]"));
        assertTrue(message.startsWith("no AWS credentials found: set AWS_PROFILE"), message);
        assertTrue(message.length() < 200, message);
    }

    @Test
    void anInternalError_isOneLine_andItsDetailsComeWithVerbose() {
        assertEquals(null, Main.userError(new IllegalStateException("boom")));
    }
}
