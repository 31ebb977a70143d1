package dev.secondlook.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secondlook.local.template.TemplateStack;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Plays the template's EventBridge rules on SSM parameter changes, which the emulator does not raise: each round
 * reads the watched parameters' versions and, for each new version, sends the event SSM would send
 * ({@code detail-type "Parameter Store Change"}, {@code detail.name}, {@code detail.type},
 * {@code detail.operation} Create or Update) to each of the rule's SQS targets, as EventBridge would.
 */
final class ParameterChangeEvents implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private record Watch(TemplateStack.ParameterChangeRule rule, String name, long[] version) {
    }

    private final SsmClient ssm;
    private final software.amazon.awssdk.services.sqs.SqsClient sqs;
    private final Function<String, String> queueUrl;
    private final String region;
    private final String account;
    private final List<Watch> watches;

    ParameterChangeEvents(LocalClients clients, TemplateStack stack, String region, Function<String, String> queueUrl) {
        this.ssm = clients.factory().build(SsmClient.builder());
        this.sqs = clients.sqs();
        this.queueUrl = queueUrl;
        this.region = region;
        this.account = stack.account();
        Map<String, Long> versions = new HashMap<>();
        this.watches = stack.parameterChangeRules().stream()
                .flatMap(r -> r.parameterNames().stream().map(n -> new Watch(r, n,
                        new long[] {versions.computeIfAbsent(n, this::version)})))
                .toList();
    }

    boolean any() {
        return !watches.isEmpty();
    }

    /** One round: the events of every new version since the last round; returns how many were sent. */
    int pollOnce(java.util.function.Consumer<String> activity) {
        int sent = 0;
        for (Watch w : watches) {
            long now = version(w.name());
            if (now <= w.version()[0]) {
                continue;
            }
            String operation = w.version()[0] == 0 ? "Create" : "Update";
            w.version()[0] = now;
            if (!w.rule().operations().isEmpty() && !w.rule().operations().contains(operation)) {
                continue;
            }
            String event = event(w.name(), operation);
            for (String arn : w.rule().queueArns()) {
                sqs.sendMessage(b -> b.queueUrl(queueUrl.apply(arn)).messageBody(event));
                sent++;
            }
            activity.accept("events: " + w.rule().logicalId() + " (Parameter Store Change, " + operation + ") to "
                    + w.rule().queueArns().size() + " queue(s)");
        }
        return sent;
    }

    private long version(String name) {
        try {
            Parameter p = ssm.getParameter(b -> b.name(name)).parameter();
            return p.version() == null ? 0 : p.version();
        } catch (ParameterNotFoundException e) {
            return 0;
        }
    }

    private String event(String name, String operation) {
        ObjectNode e = MAPPER.createObjectNode();
        e.put("version", "0");
        e.put("id", UUID.randomUUID().toString());
        e.put("detail-type", "Parameter Store Change");
        e.put("source", "aws.ssm");
        e.put("account", account);
        e.put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        e.put("region", region);
        e.putArray("resources").add("arn:aws:ssm:" + region + ":" + account + ":parameter"
                + (name.startsWith("/") ? name : "/" + name));
        ObjectNode detail = e.putObject("detail");
        detail.put("name", name);
        detail.put("type", "String");
        detail.put("operation", operation);
        return e.toString();
    }

    @Override
    public void close() {
        ssm.close();
    }
}
