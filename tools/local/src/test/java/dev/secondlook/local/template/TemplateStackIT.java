package dev.secondlook.local.template;

import dev.secondlook.local.LocalClients;
import dev.secondlook.emulator.Emulator;
import dev.secondlook.emulator.EmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The template's resources created on moto; what the runtime cannot emulate fails with its name. */
@ExtendWith(EmulatorExtension.class)
class TemplateStackIT {

    private static LocalClients clients(Emulator e) {
        return LocalClients.of(e);
    }

    @Test
    void theRealTemplate_createsItsResourcesAndFunctions(Emulator emulator) throws IOException {
        TemplateStack stack = TemplateStack.provision(Path.of("../../template.yaml"), clients(emulator),
                "tpl-it-" + Long.toHexString(System.nanoTime()), emulator.region(), Map.of());
        Map<String, String> out = stack.outputs();
        assertTrue(out.get("LogBucketName").startsWith("secondlook-logs-"));
        var table = clients(emulator).dynamoDb().describeTable(b -> b.tableName(out.get("ReviewTableName"))).table();
        assertEquals("NEW_AND_OLD_IMAGES", table.streamSpecification().streamViewTypeAsString());
        var ttl = clients(emulator).dynamoDb().describeTimeToLive(b -> b.tableName(out.get("ReviewTableName")))
                .timeToLiveDescription();
        assertEquals("ENABLED", ttl.timeToLiveStatusAsString());
        assertEquals("expiresAt", ttl.attributeName());
        String redrive = clients(emulator).sqs().getQueueAttributes(b -> b.queueUrl(out.get("IngestQueueUrl"))
                .attributeNamesWithStrings("RedrivePolicy")).attributesAsStrings().get("RedrivePolicy");
        assertTrue(redrive.contains("maxReceiveCount"));
        assertEquals(8, stack.functions().size());
        // the candidate parameter exists on the emulator, and its change rule is played (not listed as emulated)
        String parameter = String.valueOf(stack.ref("CandidateParameter"));
        try (software.amazon.awssdk.services.ssm.SsmClient ssm = clients(emulator).factory().build(
                software.amazon.awssdk.services.ssm.SsmClient.builder())) {
            assertEquals("{\"modelId\": \"\"}", ssm.getParameter(b -> b.name(parameter)).parameter().value());
        }
        List<TemplateStack.ParameterChangeRule> rules = stack.parameterChangeRules();
        assertEquals(1, rules.size());
        assertEquals(List.of(parameter), rules.get(0).parameterNames());
        assertEquals(List.of("Create", "Update"), rules.get(0).operations());
        assertEquals(List.of(String.valueOf(stack.getAtt("EvalRunQueue", "Arn"))), rules.get(0).queueArns());
        assertTrue(stack.notices().stream().noneMatch(n -> n.contains("CandidateChangedRule")));
        assertEquals(List.of("hold-until", "status-dueAt"), table.globalSecondaryIndexes().stream()
                .map(g -> g.indexName()).sorted().toList());
        assertEquals(out.get("ReviewTableName"), stack.functions().stream()
                .filter(f -> f.logicalId().equals("IngestFunction")).findFirst().orElseThrow()
                .environment().get("REVIEW_TABLE"));
        assertTrue(stack.notices().stream().anyMatch(n -> n.contains("DeadLetterAlarm")));
        assertTrue(stack.notices().contains("EvalBucket.LifecycleConfiguration"), stack.notices().toString());
    }

    @Test
    void reviewApiRoutes_takeTheAuthorizerReviewApiAuthChooses(Emulator emulator) throws IOException {
        TemplateStack iam = TemplateStack.provision(Path.of("../../template.yaml"), clients(emulator),
                "tpl-iam-" + Long.toHexString(System.nanoTime()), emulator.region(), Map.of());
        String iamApi = String.valueOf(iam.ref("ReviewApi"));
        assertEquals("AWS_IAM", iam.routeAuthorizer(iamApi, "POST", "/reviews/claim"));
        assertEquals("AWS_IAM", iam.routeAuthorizer(iamApi, "get", "/reviews/{id}"));
        assertEquals("AWS_IAM", iam.routeAuthorizer(iamApi, "DELETE", "/not/declared"), "undeclared: fail closed");
        TemplateStack jwt = TemplateStack.provision(Path.of("../../template.yaml"), clients(emulator),
                "tpl-jwt-" + Long.toHexString(System.nanoTime()), emulator.region(), Map.of("ReviewApiAuth", "JWT",
                        "JwtIssuer", "https://issuer.example", "JwtAudience", "reviewers"));
        assertEquals("ReviewerJwt", jwt.routeAuthorizer(String.valueOf(jwt.ref("ReviewApi")), "POST",
                "/reviews/{id}/verdict"));
        assertEquals("AWS_IAM", jwt.routeAuthorizer(String.valueOf(jwt.ref("GateApi")), "POST", "/v1/checks"),
                "the gate is IAM whatever the review API uses");
    }

    @Test
    void theConsoleApi_isJwtWhateverTheReviewApiUses_withTheIssuerGivenOrTheStacksUserPool(Emulator emulator)
            throws IOException {
        TemplateStack given = TemplateStack.provision(Path.of("../../template.yaml"), clients(emulator),
                "tpl-console-" + Long.toHexString(System.nanoTime()), emulator.region(), Map.of("JwtIssuer",
                        "https://issuer.example", "JwtAudience", "console-client"));
        String api = String.valueOf(given.ref("ConsoleApi"));
        assertEquals("ConsoleJwt", given.routeAuthorizer(api, "POST", "/reviews/claim"));
        assertEquals("ConsoleJwt", given.routeAuthorizer(api, "GET", "/queues"));
        assertEquals(new TemplateStack.JwtAuthorizerDef("https://issuer.example", List.of("console-client")),
                given.jwtAuthorizers(api).get("ConsoleJwt"));
        assertEquals("AWS_IAM", given.routeAuthorizer(String.valueOf(given.ref("ReviewApi")), "POST",
                "/reviews/claim"), "the CLI's API stays SigV4");
        assertTrue(given.notices().stream().noneMatch(n -> n.contains("Cognito")), "an issuer given: no user pool");

        TemplateStack pool = TemplateStack.provision(Path.of("../../template.yaml"), clients(emulator),
                "tpl-pool-" + Long.toHexString(System.nanoTime()), emulator.region(), Map.of());
        TemplateStack.JwtAuthorizerDef created = pool.jwtAuthorizers(String.valueOf(pool.ref("ConsoleApi")))
                .get("ConsoleJwt");
        assertEquals("https://cognito-idp." + emulator.region() + ".amazonaws.com/" + pool.ref("ReviewerUserPool"),
                created.issuer());
        assertEquals(List.of(String.valueOf(pool.ref("ConsoleAppClient"))), created.audience());
        assertTrue(pool.notices().stream().anyMatch(n -> n.startsWith("ReviewerUserPool (AWS::Cognito::UserPool")));
    }

    @Test
    void anUndeclaredAuthorizer_failsWithItsName(Emulator emulator, @TempDir Path dir) throws IOException {
        Path t = dir.resolve("t.yaml");
        Files.writeString(t, """
                Resources:
                  Api:
                    Type: AWS::Serverless::HttpApi
                    Properties:
                      Auth: {DefaultAuthorizer: AWS_IAM}
                      DefinitionBody:
                        openapi: "3.0.1"
                        paths:
                          /x: {get: {security: [{Okta: []}]}}
                """);
        UnsupportedTemplateException e = assertThrows(UnsupportedTemplateException.class,
                () -> TemplateStack.provision(t, clients(emulator), "bad3", emulator.region(), Map.of()));
        assertTrue(e.getMessage().contains("AWS_IAM is not declared"), e.getMessage());
    }

    @Test
    void unsupportedTypesAndProperties_failWithTheirNames(Emulator emulator, @TempDir Path dir) throws IOException {
        Path t1 = dir.resolve("t1.yaml");
        Files.writeString(t1, "Resources:\n  Stream:\n    Type: AWS::Kinesis::Stream\n    Properties: {ShardCount: 1}\n");
        UnsupportedTemplateException e1 = assertThrows(UnsupportedTemplateException.class,
                () -> TemplateStack.provision(t1, clients(emulator), "bad1", emulator.region(), Map.of()));
        assertTrue(e1.getMessage().contains("AWS::Kinesis::Stream"), e1.getMessage());
        Path t2 = dir.resolve("t2.yaml");
        Files.writeString(t2, "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties: {FifoQueue: true}\n");
        UnsupportedTemplateException e2 = assertThrows(UnsupportedTemplateException.class,
                () -> TemplateStack.provision(t2, clients(emulator), "bad2", emulator.region(), Map.of()));
        assertTrue(e2.getMessage().contains("FifoQueue"), e2.getMessage());
    }
}
