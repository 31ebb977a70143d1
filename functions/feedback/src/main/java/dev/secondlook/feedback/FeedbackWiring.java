package dev.secondlook.feedback;

import dev.secondlook.aws.s3.S3Clients;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.aws.AwsClients;
import dev.secondlook.aws.s3.S3EvalCaseStore;
import dev.secondlook.core.feedback.RecordVerdictFeedback;

/** Composition root of FeedbackFunction. */
public record FeedbackWiring(RecordVerdictFeedback feedback, ObjectMapper mapper) {

    public static FeedbackWiring fromEnv() {
        return fromEnv(System.getenv());
    }

    /** Wiring from a given environment (the local runtime passes the template's variables). */
    public static FeedbackWiring fromEnv(java.util.Map<String, String> env) {
        FeedbackConfig config = FeedbackConfig.fromEnv(env);
        return create(config, AwsClients.fromEnvironment(config.region(), env));
    }

    public static FeedbackWiring create(FeedbackConfig config, AwsClients clients) {
        ObjectMapper mapper = new ObjectMapper();
        return new FeedbackWiring(new RecordVerdictFeedback(new S3EvalCaseStore(S3Clients.of(clients), config.evalBucket(),
                config.evalPrefix(), mapper), config.redaction()), mapper);
    }
}
