package dev.secondlook.local.template;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every alarm reaches every pager, checked on template.yaml itself. A CloudWatch alarm notification carries no SNS
 * message attributes, so a subscription whose filter policy asks for one (such as {@code severity}) drops it: each
 * alarm's actions must name a topic that CloudWatch may publish to and that every pager subscription of the
 * template (e-mail, HTTPS, ...: anything but queues and functions) also has, under the same condition, with no
 * filter that would drop a message without attributes. The same holds for OKActions when an alarm has them.
 */
class AlarmRoutingTest {

    /** Protocols that deliver into the stack itself rather than to a person or a pager. */
    private static final List<String> INTERNAL_PROTOCOLS = List.of("sqs", "lambda", "firehose", "application");

    /** One subscription as the template declares it (endpoint and condition in their template form). */
    private record Subscription(String id, String topic, String protocol, Object endpoint, Object condition,
                                Object filterPolicy, Object filterScope) {
    }

    @SuppressWarnings("unchecked")
    static List<String> violations(Path template) throws IOException {
        Map<String, Object> resources = (Map<String, Object>) TemplateLoader.load(template).get("Resources");
        List<Subscription> subscriptions = new ArrayList<>();
        Map<String, Map<String, Object>> alarms = new LinkedHashMap<>();
        List<String> out = new ArrayList<>();
        resources.forEach((id, r) -> {
            Map<String, Object> res = (Map<String, Object>) r;
            Map<String, Object> p = (Map<String, Object>) res.getOrDefault("Properties", Map.of());
            switch (String.valueOf(res.get("Type"))) {
                case "AWS::SNS::Subscription" -> subscriptions.add(new Subscription(id, ref(p.get("TopicArn")),
                        String.valueOf(p.get("Protocol")), p.get("Endpoint"), res.get("Condition"),
                        p.get("FilterPolicy"), p.get("FilterPolicyScope")));
                case "AWS::CloudWatch::Alarm" -> alarms.put(id, p);
                default -> { }
            }
        });
        List<Subscription> pagers = subscriptions.stream()
                .filter(s -> !INTERNAL_PROTOCOLS.contains(s.protocol())).toList();
        if (pagers.isEmpty()) {
            out.add("no pager subscription in the template");
        }
        alarms.forEach((id, p) -> {
            if (Boolean.FALSE.equals(p.get("ActionsEnabled")) || "false".equals(String.valueOf(p.get("ActionsEnabled")))) {
                out.add(id + ": ActionsEnabled is false");
            }
            for (String kind : List.of("AlarmActions", "OKActions")) {
                Object actions = p.get(kind);
                if (actions == null) {
                    if (kind.equals("AlarmActions")) {
                        out.add(id + ": no AlarmActions");
                    }
                    continue;
                }
                List<String> topics = new ArrayList<>();
                for (Object a : actions instanceof List<?> l ? l : List.of(actions)) {
                    String topic = ref(a);
                    if (topic == null || !resources.containsKey(topic)) {
                        out.add(id + "." + kind + ": " + a + " is not a topic of this template");
                    } else if (!cloudWatchMayPublish(resources, topic)) {
                        out.add(id + "." + kind + ": no topic policy lets CloudWatch publish to " + topic);
                    } else {
                        topics.add(topic);
                    }
                }
                for (Subscription pager : pagers) {
                    boolean reached = subscriptions.stream().anyMatch(s -> topics.contains(s.topic())
                            && s.protocol().equals(pager.protocol()) && Objects.equals(s.endpoint(), pager.endpoint())
                            && (s.condition() == null || Objects.equals(s.condition(), pager.condition()))
                            && keepsAMessageWithoutAttributes(s));
                    if (!reached) {
                        out.add(id + "." + kind + " does not reach pager " + pager.protocol() + " "
                                + pager.endpoint() + " (subscribed by " + pager.id() + ")");
                    }
                }
            }
        });
        return out;
    }

    /**
     * Whether a subscription delivers a message that carries no message attributes: no filter, or an attribute
     * filter in which every key accepts the attribute's absence ({@code {"exists": false}}). A body-scoped filter
     * or {@code $or} is read as one that drops it: the check stays on the safe side.
     */
    @SuppressWarnings("unchecked")
    private static boolean keepsAMessageWithoutAttributes(Subscription s) {
        if (s.filterPolicy() == null) {
            return true;
        }
        if (s.filterScope() != null && !"MessageAttributes".equals(String.valueOf(s.filterScope()))
                || !(s.filterPolicy() instanceof Map<?, ?> policy) || policy.isEmpty()) {
            return false;
        }
        for (Map.Entry<?, ?> e : policy.entrySet()) {
            if (String.valueOf(e.getKey()).startsWith("$") || !(e.getValue() instanceof List<?> conditions)
                    || conditions.stream().noneMatch(c -> c instanceof Map<?, ?> m
                    && Boolean.FALSE.equals(((Map<String, Object>) m).get("exists")))) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private static boolean cloudWatchMayPublish(Map<String, Object> resources, String topic) {
        for (Object r : resources.values()) {
            Map<String, Object> res = (Map<String, Object>) r;
            if (!"AWS::SNS::TopicPolicy".equals(res.get("Type"))) {
                continue;
            }
            Map<String, Object> p = (Map<String, Object>) res.get("Properties");
            Object topics = p.get("Topics");
            if (!(topics instanceof List<?> l) || l.stream().noneMatch(t -> topic.equals(ref(t)))) {
                continue;
            }
            Map<String, Object> doc = (Map<String, Object>) p.get("PolicyDocument");
            for (Object st : (List<Object>) doc.get("Statement")) {
                Map<String, Object> s = (Map<String, Object>) st;
                if ("Allow".equals(s.get("Effect")) && s.get("Principal") instanceof Map<?, ?> principal
                        && String.valueOf(principal.get("Service")).contains("cloudwatch.amazonaws.com")
                        && String.valueOf(s.get("Action")).contains("sns:Publish")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The logical id a {@code !Ref} names, or null. */
    private static String ref(Object v) {
        return v instanceof Map<?, ?> m && m.size() == 1 && m.containsKey("Ref") ? String.valueOf(m.get("Ref")) : null;
    }

    @Test
    void everyAlarm_reachesEveryPagerSubscription() throws IOException {
        assertEquals(List.of(), violations(Path.of("../../template.yaml")));
    }

    @Test
    void theCheck_catchesAlarmsThatAPagerWouldNeverSee(@TempDir Path dir) throws IOException {
        Path t = dir.resolve("t.yaml");
        Files.writeString(t, """
                Resources:
                  Topic:
                    Type: AWS::SNS::Topic
                  TopicPolicy:
                    Type: AWS::SNS::TopicPolicy
                    Properties:
                      Topics: [!Ref Topic]
                      PolicyDocument:
                        Statement:
                          - {Effect: Allow, Principal: {Service: cloudwatch.amazonaws.com}, Action: sns:Publish,
                             Resource: !Ref Topic}
                  Unpublishable:
                    Type: AWS::SNS::Topic
                  Pager:
                    Type: AWS::SNS::Subscription
                    Condition: HasPager
                    Properties: {TopicArn: !Ref Topic, Protocol: https, Endpoint: !Ref PagerUrl,
                                 FilterPolicy: {severity: [page]}}
                  Tolerant:
                    Type: AWS::SNS::Subscription
                    Properties: {TopicArn: !Ref Topic, Protocol: email, Endpoint: !Ref Mail,
                                 FilterPolicy: {severity: [page, {exists: false}]}}
                  Queue:
                    Type: AWS::SNS::Subscription
                    Properties: {TopicArn: !Ref Topic, Protocol: sqs, Endpoint: !GetAtt Q.Arn}
                  Silent:
                    Type: AWS::CloudWatch::Alarm
                    Properties: {Threshold: 0}
                  Filtered:
                    Type: AWS::CloudWatch::Alarm
                    Properties: {AlarmActions: [!Ref Topic]}
                  Elsewhere:
                    Type: AWS::CloudWatch::Alarm
                    Properties: {AlarmActions: [!Ref Unpublishable], OKActions: [!Ref Topic]}
                """);
        // the e-mail subscription's filter accepts a missing attribute, so Filtered reaches it; queues are no pagers
        assertEquals(List.of(
                "Silent: no AlarmActions",
                "Filtered.AlarmActions does not reach pager https {Ref=PagerUrl} (subscribed by Pager)",
                "Elsewhere.AlarmActions: no topic policy lets CloudWatch publish to Unpublishable",
                "Elsewhere.AlarmActions does not reach pager https {Ref=PagerUrl} (subscribed by Pager)",
                "Elsewhere.AlarmActions does not reach pager email {Ref=Mail} (subscribed by Tolerant)",
                "Elsewhere.OKActions does not reach pager https {Ref=PagerUrl} (subscribed by Pager)"),
                violations(t));
    }
}
