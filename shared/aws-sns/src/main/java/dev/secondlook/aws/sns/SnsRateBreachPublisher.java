package dev.secondlook.aws.sns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.failure.StoreUnavailableException;
import dev.secondlook.core.scorecard.RateBreach;
import dev.secondlook.core.scorecard.RateBreachPublisher;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

import java.util.List;
import java.util.Map;

/**
 * Rate breaches on the escalation topic, beside the other pages: message attributes {@code severity} = page,
 * {@code kind} = rate-breach and {@code category} (String.Array) let subscriptions filter as they do escalations.
 */
public final class SnsRateBreachPublisher implements RateBreachPublisher {

    public static final String KIND = "rate-breach";

    private final SnsClient sns;
    private final String topicArn;
    private final ObjectMapper mapper;

    public SnsRateBreachPublisher(SnsClient sns, String topicArn, ObjectMapper mapper) {
        this.sns = sns;
        this.topicArn = topicArn;
        this.mapper = mapper;
    }

    @Override
    public void publish(RateBreach breach) {
        String body;
        String categories;
        try {
            body = mapper.writeValueAsString(breach);
            categories = mapper.writeValueAsString(List.of(breach.category()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("rate breach is not serialisable", e);
        }
        String subject = ("[secondlook] off-policy rate above target: " + breach.category())
                .codePoints().map(c -> c >= 0x20 && c <= 0x7E ? c : '?')
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        String cut = subject.length() <= 100 ? subject : subject.substring(0, 97) + "...";
        try {
            sns.publish(b -> b.topicArn(topicArn).message(body).subject(cut).messageAttributes(Map.of(
                    "severity", attr("String", "page"),
                    "kind", attr("String", KIND),
                    "category", attr("String.Array", categories))));
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot publish the rate breach of " + breach.category(), e);
        }
    }

    private static MessageAttributeValue attr(String type, String value) {
        return MessageAttributeValue.builder().dataType(type).stringValue(value).build();
    }
}
