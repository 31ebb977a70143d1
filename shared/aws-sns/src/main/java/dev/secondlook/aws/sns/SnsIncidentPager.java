package dev.secondlook.aws.sns;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.failure.StoreUnavailableException;
import dev.secondlook.core.incident.IncidentPage;
import dev.secondlook.core.incident.IncidentPager;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;

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
            sns.publish(b -> b.topicArn(topicArn).message(SnsMessages.json(mapper, page, "incident page"))
                    .subject(subject(page))
                    .messageAttributes(Map.of(
                            "kind", SnsMessages.attr("String", page.kind()),
                            "severity", SnsMessages.attr("String", page.severity().wireName()),
                            "category", SnsMessages.attr("String.Array",
                                    SnsMessages.json(mapper, page.categories(), "categories")))));
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot page incident " + page.incidentId(), e);
        }
    }

    /** Labels only, printable ASCII, at most 100 characters as SNS requires. */
    static String subject(IncidentPage p) {
        return SnsMessages.subject("[secondlook] " + p.severity().wireName() + " incident"
                + (IncidentPage.UNACKNOWLEDGED.equals(p.kind()) ? " not acknowledged" : "") + ": "
                + String.join(", ", p.categories()));
    }
}
