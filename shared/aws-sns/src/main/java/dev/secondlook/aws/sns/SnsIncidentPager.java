package dev.secondlook.aws.sns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.failure.StoreUnavailableException;
import dev.secondlook.core.incident.IncidentPage;
import dev.secondlook.core.incident.IncidentPager;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

import java.util.Map;

/**
 * Incident pages on the escalation topic, beside the review pages: message attributes {@code kind}
 * ({@code incident-opened} / {@code incident-unacknowledged}), {@code severity} ({@code sev1}...) and
 * {@code category} (String.Array) let subscriptions filter. The body is the page (ids, labels, times; no text).
 */
public final class SnsIncidentPager implements IncidentPager {

    private final SnsClient sns;
    private final String topicArn;
    private final ObjectMapper mapper;

    public SnsIncidentPager(SnsClient sns, String topicArn, ObjectMapper mapper) {
        this.sns = sns;
        this.topicArn = topicArn;
        this.mapper = mapper;
    }

    @Override
    public void page(IncidentPage page) {
        try {
            sns.publish(b -> b.topicArn(topicArn).message(json(page)).subject(subject(page))
                    .messageAttributes(Map.of(
                            "kind", attr("String", page.kind()),
                            "severity", attr("String", page.severity().wireName()),
                            "category", attr("String.Array", json(page.categories())))));
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot page incident " + page.incidentId(), e);
        }
    }

    /** Labels only, printable ASCII, at most 100 characters as SNS requires. */
    static String subject(IncidentPage p) {
        String s = "[secondlook] " + p.severity().wireName() + " incident"
                + (IncidentPage.UNACKNOWLEDGED.equals(p.kind()) ? " not acknowledged" : "") + ": "
                + String.join(", ", p.categories());
        StringBuilder out = new StringBuilder(s.length());
        s.chars().forEach(c -> out.append(c >= 0x20 && c <= 0x7E ? (char) c : '?'));
        return out.length() <= 100 ? out.toString() : out.substring(0, 97) + "...";
    }

    private static MessageAttributeValue attr(String type, String value) {
        return MessageAttributeValue.builder().dataType(type).stringValue(value).build();
    }

    private String json(Object o) {
        try {
            return mapper.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("incident page is not serialisable", e);
        }
    }
}
