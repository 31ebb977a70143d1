package dev.secondlook.aws.sns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.evalrun.EvalRunNotice;
import dev.secondlook.core.evalrun.EvalRunNotices;
import dev.secondlook.core.failure.StoreUnavailableException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

import java.util.Map;

/**
 * Eval-run notices on the escalation topic ({@code contracts/eval-run-notice.v1}), with message attributes
 * {@code severity=notice}, {@code kind=eval-run} and {@code category=["eval-run"]}: subscriptions that filter on
 * {@code severity: page} are not paged by them; subscribe one with {@code {"kind":["eval-run"]}} to receive them.
 */
public final class SnsEvalRunNotices implements EvalRunNotices {

    private final SnsClient sns;
    private final String topicArn;
    private final ObjectMapper mapper;

    public SnsEvalRunNotices(SnsClient sns, String topicArn, ObjectMapper mapper) {
        this.sns = sns;
        this.topicArn = topicArn;
        this.mapper = mapper;
    }

    @Override
    public void publish(EvalRunNotice notice) {
        String body;
        try {
            body = mapper.writeValueAsString(notice);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String subject = "[secondlook] eval run " + notice.gate() + ": " + notice.passed() + "/" + notice.cases()
                + " passed, " + notice.newFailures() + " newly failing";
        try {
            sns.publish(b -> b.topicArn(topicArn).message(body).subject(subject.length() <= 100 ? subject
                    : subject.substring(0, 100)).messageAttributes(Map.of(
                    "severity", attr("String", "notice"),
                    "kind", attr("String", "eval-run"),
                    "category", attr("String.Array", "[\"eval-run\"]"))));
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot publish the notice of eval run " + notice.runId(), e);
        }
    }

    private static MessageAttributeValue attr(String type, String value) {
        return MessageAttributeValue.builder().dataType(type).stringValue(value).build();
    }
}
