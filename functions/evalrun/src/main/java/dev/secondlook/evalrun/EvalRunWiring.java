package dev.secondlook.evalrun;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.aws.AwsClients;
import dev.secondlook.aws.bedrock.BedrockConverseModel;
import dev.secondlook.aws.bedrock.BedrockRuntimeClients;
import dev.secondlook.aws.s3.S3CandidatePrompts;
import dev.secondlook.aws.s3.S3Clients;
import dev.secondlook.aws.s3.S3EvalCaseStore;
import dev.secondlook.aws.s3.S3EvalRunParts;
import dev.secondlook.aws.s3.S3EvalRunStore;
import dev.secondlook.aws.sns.SnsClients;
import dev.secondlook.aws.sns.SnsEvalRunNotices;
import dev.secondlook.aws.sqs.SqsClients;
import dev.secondlook.aws.sqs.SqsEvalRunTasks;
import dev.secondlook.aws.ssm.SsmCandidateParameter;
import dev.secondlook.aws.ssm.SsmClients;
import dev.secondlook.core.evalrun.CandidateSource;
import dev.secondlook.core.evalrun.JudgeCandidateOutput;
import dev.secondlook.core.evalrun.ReleaseGate;
import dev.secondlook.core.evalrun.RunEvalSet;
import dev.secondlook.core.evalrun.RunEvalSetInParts;
import dev.secondlook.core.failure.StoreUnavailableException;
import dev.secondlook.core.judge.JudgeBudget;
import dev.secondlook.core.judge.RecordJudge;
import dev.secondlook.core.normalize.RecordNormalizer;
import dev.secondlook.core.policy.Policy;
import dev.secondlook.core.policy.PolicyLoader;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Clock;
import java.time.Duration;

/** Composition root of EvalRunFunction: the clients, the policy and the automatic eval run, once per environment. */
public record EvalRunWiring(RunEvalSetInParts workflow, EvalRunConfig config, ObjectMapper mapper) {

    public static EvalRunWiring fromEnv() {
        return fromEnv(System.getenv());
    }

    /** Wiring from a given environment (the local runtime passes the template's variables). */
    public static EvalRunWiring fromEnv(java.util.Map<String, String> env) {
        EvalRunConfig config = EvalRunConfig.fromEnv(env);
        return create(config, AwsClients.fromEnvironment(config.region(), env), Clock.systemUTC());
    }

    public static EvalRunWiring create(EvalRunConfig config, AwsClients clients, Clock clock) {
        ObjectMapper mapper = new ObjectMapper();
        S3Client s3 = S3Clients.of(clients);
        Policy policy;
        try {
            policy = config.policyObject() == null ? PolicyLoader.loadDefault()
                    : PolicyLoader.load(config.policyObject().read(s3));
        } catch (IllegalStateException | StoreUnavailableException e) {
            throw new IllegalStateException("cannot load the policy (POLICY_S3_URI): " + e.getMessage(), e);
        }
        SsmCandidateParameter parameter = new SsmCandidateParameter(SsmClients.of(clients), mapper);
        S3CandidatePrompts prompts = new S3CandidatePrompts(s3, config.evalBucket(), config.candidatesPrefix());
        CandidateSource candidates = new CandidateSource() {
            @Override
            public Current current(String parameterName) {
                return parameter.current(parameterName);
            }

            @Override
            public String systemPrompt(String s3Uri, String versionId) {
                return prompts.read(s3Uri, versionId);
            }
        };
        BedrockConverseModel model = new BedrockConverseModel(BedrockRuntimeClients.forCandidate(clients.region(),
                DefaultCredentialsProvider.builder().build(), config.bedrockEndpoint()), config.maxTokens());
        JudgeCandidateOutput judge = new JudgeCandidateOutput(new RecordJudge(RecordNormalizer.offline(), policy,
                JudgeBudget.defaults(), mapper));
        RunEvalSetInParts workflow = new RunEvalSetInParts(candidates,
                new S3EvalCaseStore(s3, config.evalBucket(), config.evalCasesPrefix(), mapper),
                new S3EvalRunParts(s3, config.evalBucket(), config.evalRunsPrefix(), mapper),
                new SqsEvalRunTasks(SqsClients.of(clients), config.queueUrl(), mapper),
                new S3EvalRunStore(s3, config.evalBucket(), config.evalRunsPrefix(), mapper),
                new SnsEvalRunNotices(SnsClients.of(clients), config.topicArn(), mapper), model, judge,
                () -> d -> Thread.sleep(d.toMillis()), clock,
                new RunEvalSetInParts.Settings(config.partSize(), new RunEvalSet.Settings(config.caseConcurrency(), 6,
                        Duration.ofMillis(500), Duration.ofSeconds(20)), config.maxTokens(),
                        ReleaseGate.Mode.NEW_FAILURES, 0.05,
                        "s3://" + config.evalBucket() + "/" + config.evalRunsPrefix()));
        return new EvalRunWiring(workflow, config, mapper);
    }
}
