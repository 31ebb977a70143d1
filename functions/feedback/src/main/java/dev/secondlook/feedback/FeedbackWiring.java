package dev.secondlook.feedback;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.aws.AwsClients;
import dev.secondlook.aws.S3EvalCaseStore;
import dev.secondlook.core.feedback.RecordVerdictFeedback;

/** Composition root of FeedbackFunction. */
public record FeedbackWiring(RecordVerdictFeedback feedback, ObjectMapper mapper) {

    public static FeedbackWiring fromEnv() {
        FeedbackConfig config = FeedbackConfig.fromEnv(System.getenv());
        return create(config, AwsClients.fromEnvironment(config.region()));
    }

    public static FeedbackWiring create(FeedbackConfig config, AwsClients clients) {
        ObjectMapper mapper = new ObjectMapper();
        return new FeedbackWiring(new RecordVerdictFeedback(new S3EvalCaseStore(clients.s3(), config.evalBucket(),
                config.evalPrefix(), mapper)), mapper);
    }
}
