package dev.secondlook.similar;

import dev.secondlook.core.policy.Policy;
import dev.secondlook.core.policy.PolicyLoader;
import dev.secondlook.core.policy.PolicyTestSuite;
import dev.secondlook.core.similar.ExemplarSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * policy/default-policy.tests.yaml with the similar rules live (the model and the policy's written examples), as
 * `rules test` and IngestFunction run them: no negative is pulled in by the matcher, and its own examples hold.
 */
class DefaultPolicySuiteWithModelTest {

    @Test
    void defaultPolicy_withTheModel_passesTheExamplesOfItsSimilarRules() throws IOException {
        Policy bound = SimilarPolicies.bind(PolicyLoader.loadDefault(), new SentenceEmbedder(), ExemplarSource.NONE,
                Clock.systemUTC());
        PolicyTestSuite.Report report = PolicyTestSuite.parse(
                Files.readAllBytes(Path.of("../../policy/default-policy.similar.tests.yaml"))).run(bound);
        String failures = report.failures().stream()
                .map(f -> f.example().label() + " -> judged " + f.judged() + " by " + f.rules())
                .collect(Collectors.joining("\n"));
        assertTrue(report.passed(), failures);
        assertTrue(report.examples() >= 11, "examples: " + report.examples());
        PolicyTestSuite.Report rulesOnly = PolicyTestSuite.parse(
                Files.readAllBytes(Path.of("../../policy/default-policy.similar.tests.yaml")))
                .run(PolicyLoader.loadDefault());
        assertTrue(rulesOnly.failures().size() >= 6, "without the model its positives are missed: "
                + rulesOnly.failures().size());
    }

    @Test
    void defaultPolicy_withTheModel_passesItsExamples() throws IOException {
        Policy bound = SimilarPolicies.bind(PolicyLoader.loadDefault(), new SentenceEmbedder(), ExemplarSource.NONE,
                Clock.systemUTC());
        PolicyTestSuite.Report report = PolicyTestSuite.parse(
                Files.readAllBytes(Path.of("../../policy/default-policy.tests.yaml"))).run(bound);
        String failures = report.failures().stream()
                .map(f -> f.example().label() + " -> judged " + f.judged() + " by " + f.rules())
                .collect(Collectors.joining("\n"));
        assertTrue(report.passed(), failures);
    }
}
