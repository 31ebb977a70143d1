package dev.secondlook.local.template;

import dev.secondlook.local.LocalClients;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.s3.model.FilterRule;
import software.amazon.awssdk.services.s3.model.QueueConfiguration;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Creates the resources a SAM template declares on an emulator, in dependency order, and resolves Ref, GetAtt
 * and Sub against them. Properties that change behaviour are applied; each function's IAM statements are read for
 * the local IAM check, and which resources the template's KMS keys encrypt (the keys themselves are named, not
 * created); properties that only matter in AWS (alarms, retention, logging) are accepted and reported as not
 * emulated; anything else fails with its name.
 */
public final class TemplateStack {

    /**
     * A function the template declares, with its environment resolved, its event sources, and the IAM statements
     * of its execution role (every {@code Statement} of its {@code Policies}, intrinsics resolved).
     */
    public record FunctionDef(String logicalId, String handler, Map<String, String> environment,
                              Map<String, Map<String, Object>> events, Integer reservedConcurrency,
                              List<Map<String, Object>> statements) {
    }

    public static final String ACCOUNT = "123456789012";

    private static final Map<String, Set<String>> APPLIED = Map.of(
            "AWS::S3::Bucket", Set.of("BucketName", "NotificationConfiguration", "VersioningConfiguration"),
            "AWS::SQS::Queue", Set.of("QueueName", "VisibilityTimeout", "MessageRetentionPeriod", "RedrivePolicy"),
            "AWS::DynamoDB::Table", Set.of("TableName", "AttributeDefinitions", "KeySchema", "GlobalSecondaryIndexes",
                    "StreamSpecification", "BillingMode", "TimeToLiveSpecification"),
            "AWS::SNS::Topic", Set.of("TopicName"),
            "AWS::SNS::Subscription", Set.of("TopicArn", "Protocol", "Endpoint", "FilterPolicy", "RawMessageDelivery"),
            "AWS::Serverless::Function", Set.of("CodeUri", "Handler", "Environment", "Events", "Description",
                    "ReservedConcurrentExecutions", "Policies"),
            "AWS::Serverless::HttpApi", Set.of("Auth", "DefinitionBody"),
            "AWS::SSM::Parameter", Set.of("Name", "Type", "Value", "Description"));
    /** Accepted, not emulated: they matter only in AWS (security, cost, operations). */
    private static final Map<String, Set<String>> NOT_EMULATED = Map.of(
            "AWS::S3::Bucket", Set.of("PublicAccessBlockConfiguration", "BucketEncryption",
                    "LifecycleConfiguration", "LoggingConfiguration", "OwnershipControls", "Tags"),
            "AWS::SQS::Queue", Set.of("SqsManagedSseEnabled", "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds", "Tags"),
            "AWS::DynamoDB::Table", Set.of("PointInTimeRecoverySpecification", "SSESpecification", "Tags",
                    "DeletionProtectionEnabled"),
            "AWS::SNS::Topic", Set.of("DisplayName", "KmsMasterKeyId", "Tags"),
            "AWS::Serverless::Function", Set.of("Runtime", "Timeout", "MemorySize", "Architectures",
                    "Tracing", "AutoPublishAlias", "SnapStart", "Role", "LoggingConfig", "Tags", "KmsKeyArn",
                    "DeadLetterQueue"),
            "AWS::Serverless::HttpApi", Set.of("Tags", "AccessLogSettings", "DefaultRouteSettings"));
    private static final Set<String> NOT_EMULATED_TYPES = Set.of("AWS::SQS::QueuePolicy", "AWS::S3::BucketPolicy",
            "AWS::CloudWatch::Alarm", "AWS::CloudWatch::Dashboard", "AWS::Logs::LogGroup", "AWS::KMS::Key",
            "AWS::KMS::Alias", "AWS::IAM::Role", "AWS::IAM::Policy", "AWS::SNS::TopicPolicy", "AWS::Events::Rule");

    private static final Set<String> COGNITO_TYPES = Set.of("AWS::Cognito::UserPool", "AWS::Cognito::UserPoolGroup",
            "AWS::Cognito::UserPoolDomain", "AWS::Cognito::UserPoolClient");

    private final LocalClients clients;
    private final String stackName;
    private final String region;
    private final Map<String, Object> template;
    private final Map<String, String> parameters = new HashMap<>();
    private final Map<String, Map<String, Object>> resources;
    private final Map<String, Map<String, Object>> created = new LinkedHashMap<>();
    private final Intrinsics intrinsics;
    private final String stackId;
    private final List<String> notices = new ArrayList<>();
    private final List<FunctionDef> functions = new ArrayList<>();
    private final Map<String, String> encryptedWith = new LinkedHashMap<>();
    private final Set<String> versioned = new LinkedHashSet<>();

    @SuppressWarnings("unchecked")
    private TemplateStack(Map<String, Object> template, LocalClients clients, String stackName, String region,
                          Map<String, String> overrides) {
        this.template = template;
        this.clients = clients;
        this.stackName = stackName;
        this.region = region;
        this.stackId = "arn:aws:cloudformation:" + region + ":" + ACCOUNT + ":stack/" + stackName + "/"
                + UUID.randomUUID();
        Map<String, Object> params = (Map<String, Object>) template.getOrDefault("Parameters", Map.of());
        params.forEach((k, v) -> {
            Object def = ((Map<String, Object>) v).get("Default");
            parameters.put(k, overrides.getOrDefault(k, def == null ? "" : String.valueOf(def)));
        });
        this.resources = (Map<String, Map<String, Object>>) template.getOrDefault("Resources", Map.of());
        this.intrinsics = new Intrinsics(this::ref, this::getAtt,
                (Map<String, Object>) template.getOrDefault("Conditions", Map.of()));
    }

    /** Reads the template and creates its resources. */
    public static TemplateStack provision(Path templateFile, LocalClients clients, String stackName, String region,
                                          Map<String, String> parameters) throws java.io.IOException {
        TemplateStack stack = new TemplateStack(TemplateLoader.load(templateFile), clients, stackName, region,
                parameters);
        stack.createAll();
        return stack;
    }

    public List<FunctionDef> functions() {
        return functions;
    }

    /** Names of the buckets the template versions. */
    public Set<String> versionedBuckets() {
        return Set.copyOf(versioned);
    }

    public String stackName() {
        return stackName;
    }

    /**
     * The account the emulator puts in the ARNs it makes (moto's default is {@link #ACCOUNT}; LocalStack uses
     * another), so that the ARNs a request names and those the policies name agree.
     */
    public String account() {
        for (Map<String, Object> r : created.values()) {
            String arn = String.valueOf(r.get("Arn"));
            if (arn.startsWith("arn:aws:sqs:") || arn.startsWith("arn:aws:dynamodb:")) {
                return arn.split(":")[4];
            }
        }
        return ACCOUNT;
    }

    /** What the template declares that is accepted but not emulated locally. */
    public List<String> notices() {
        return notices;
    }

    /** The resolved Outputs section. */
    @SuppressWarnings("unchecked")
    public Map<String, String> outputs() {
        Map<String, String> out = new LinkedHashMap<>();
        ((Map<String, Object>) template.getOrDefault("Outputs", Map.of())).forEach((k, v) -> {
            Map<String, Object> o = (Map<String, Object>) v;
            if (o.get("Condition") == null || intrinsics.condition(String.valueOf(o.get("Condition")))) {
                try {
                    out.put(k, String.valueOf(intrinsics.resolve(o.get("Value"))));
                } catch (UnsupportedTemplateException e) {
                    // an output of a resource that is not emulated (the KMS key): there is nothing local to show
                    notices.add("Outputs." + k);
                }
            }
        });
        return out;
    }

    /**
     * An EventBridge rule the local runtime plays: SSM "Parameter Store Change" events for the named parameters,
     * delivered to SQS queues.
     *
     * @param logicalId      the rule
     * @param parameterNames the parameters of its {@code detail.name}
     * @param operations     its {@code detail.operation} (Create, Update, ...); empty for any
     * @param queueArns      its SQS targets
     */
    public record ParameterChangeRule(String logicalId, List<String> parameterNames, List<String> operations,
                                      List<String> queueArns) {
    }

    /**
     * The rules on SSM parameter changes, with their patterns and targets resolved. A rule with another target
     * than SQS, or an input transformation, is not supported locally.
     */
    @SuppressWarnings("unchecked")
    public List<ParameterChangeRule> parameterChangeRules() {
        List<ParameterChangeRule> out = new ArrayList<>();
        resources.forEach((id, r) -> {
            if (!"AWS::Events::Rule".equals(r.get("Type"))) {
                return;
            }
            Object condition = r.get("Condition");
            if (condition != null && !intrinsics.condition(String.valueOf(condition))) {
                return;
            }
            Map<String, Object> raw = (Map<String, Object>) r.getOrDefault("Properties", Map.of());
            if (!parameterChangePattern(raw)) {
                return;
            }
            Map<String, Object> pattern = (Map<String, Object>) intrinsics.resolve(raw.get("EventPattern"));
            Map<String, Object> detail = (Map<String, Object>) pattern.getOrDefault("detail", Map.of());
            List<String> names = strings(detail.get("name"));
            List<String> operations = strings(detail.get("operation"));
            List<String> queues = new ArrayList<>();
            for (Object t : (List<Object>) raw.getOrDefault("Targets", List.of())) {
                Map<String, Object> target = (Map<String, Object>) intrinsics.resolve(t);
                String arn = String.valueOf(target.get("Arn"));
                if (!arn.startsWith("arn:aws:sqs:") || target.containsKey("InputTransformer")
                        || target.containsKey("Input") || target.containsKey("InputPath")) {
                    throw new UnsupportedTemplateException("rule " + id + ": target " + arn + " is not supported "
                            + "by the local runtime (SQS targets of the whole event only)");
                }
                queues.add(arn);
            }
            out.add(new ParameterChangeRule(id, names, operations, queues));
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    private static boolean parameterChangePattern(Map<String, Object> raw) {
        if (!(raw.get("EventPattern") instanceof Map<?, ?> pattern)) {
            return false;
        }
        return strings(pattern.get("source")).contains("aws.ssm")
                && strings(pattern.get("detail-type")).contains("Parameter Store Change");
    }

    private static List<String> strings(Object v) {
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            l.forEach(x -> out.add(String.valueOf(x)));
        } else if (v != null) {
            out.add(String.valueOf(v));
        }
        return out;
    }

    /** Resolves intrinsic functions in any template value. */
    public Object resolve(Object value) {
        return intrinsics.resolve(value);
    }

    public Object ref(String name) {
        switch (name) {
            case "AWS::Region":
                return region;
            case "AWS::AccountId":
                return ACCOUNT;
            case "AWS::StackName":
                return stackName;
            case "AWS::StackId":
                return stackId;
            case "AWS::Partition":
                return "aws";
            case "AWS::URLSuffix":
                return "amazonaws.com";
            default:
                break;
        }
        if (parameters.containsKey(name)) {
            return parameters.get(name);
        }
        Map<String, Object> r = created.get(name);
        if (r == null) {
            throw new UnsupportedTemplateException("Ref " + name + ": no such parameter or created resource");
        }
        return r.get("Ref");
    }

    public Object getAtt(String logicalId, String attribute) {
        Map<String, Object> r = created.get(logicalId);
        if (r == null || !r.containsKey(attribute)) {
            throw new UnsupportedTemplateException("GetAtt " + logicalId + "." + attribute + " is not available "
                    + "locally");
        }
        return r.get(attribute);
    }

    @SuppressWarnings("unchecked")
    private void createAll() {
        for (String id : order()) {
            Map<String, Object> r = resources.get(id);
            Object condition = r.get("Condition");
            if (condition != null && !intrinsics.condition(String.valueOf(condition))) {
                continue;
            }
            String type = String.valueOf(r.get("Type"));
            Map<String, Object> raw = (Map<String, Object>) r.getOrDefault("Properties", Map.of());
            if (NOT_EMULATED_TYPES.contains(type)) {
                if (type.equals("AWS::Events::Rule") && parameterChangePattern(raw)) {
                    // played by the local runtime: see parameterChangeRules()
                    continue;
                }
                notices.add(id + " (" + type + ")");
                if (type.equals("AWS::KMS::Key")) {
                    // not created, but named: policies grant on it and the local IAM check asks for it
                    String keyId = UUID.nameUUIDFromBytes((stackId + "/" + id).getBytes(
                            java.nio.charset.StandardCharsets.UTF_8)).toString();
                    created.put(id, Map.of("Ref", keyId, "KeyId", keyId, "Arn", "arn:aws:kms:" + region + ":"
                            + ACCOUNT + ":key/" + keyId));
                }
                continue;
            }
            if (COGNITO_TYPES.contains(type)) {
                // the local runtime signs reviewers in with its own OIDC issuer (LocalOidcIssuer) and passes it as
                // JwtIssuer, which leaves these out; provisioned without it, they are named but not created, and
                // nobody can mint a token their issuer URL would accept: the console's API stays closed
                notices.add(id + " (" + type + ": the local OIDC issuer plays it when the runtime runs)");
                String local = UUID.nameUUIDFromBytes((stackId + "/" + id).getBytes(
                        java.nio.charset.StandardCharsets.UTF_8)).toString().replace("-", "");
                String poolId = region + "_" + local.substring(0, 9);
                created.put(id, Map.of("Ref", type.equals("AWS::Cognito::UserPool") ? poolId
                        : type.equals("AWS::Cognito::UserPoolClient") ? local.substring(0, 26) : "local-" + local,
                        "ProviderURL", "https://cognito-idp." + region + ".amazonaws.com/" + poolId,
                        "Arn", "arn:aws:cognito-idp:" + region + ":" + ACCOUNT + ":userpool/" + poolId));
                continue;
            }
            if (!APPLIED.containsKey(type)) {
                throw new UnsupportedTemplateException("resource " + id + ": type " + type
                        + " is not supported by the local runtime");
            }
            if (type.equals("AWS::Serverless::Function")) {
                raw = mergeGlobals(raw);
            }
            Map<String, Object> applied = new LinkedHashMap<>();
            for (Map.Entry<String, Object> prop : raw.entrySet()) {
                String p = prop.getKey();
                if (NOT_EMULATED.getOrDefault(type, Set.of()).contains(p)) {
                    notices.add(id + "." + p);
                } else if (APPLIED.get(type).contains(p)) {
                    applied.put(p, prop.getValue());
                } else {
                    throw new UnsupportedTemplateException("resource " + id + " (" + type + "): property " + p
                            + " is not supported by the local runtime");
                }
            }
            // only what is applied is resolved: settings that are not emulated may name resources that are not
            Map<String, Object> props = (Map<String, Object>) intrinsics.resolve(applied);
            Map<String, Object> resource = create(id, type, props);
            created.put(id, resource);
            String key = encryptionKey(id, type, raw);
            if (key != null) {
                encryptedWith.put(String.valueOf(resource.getOrDefault("Arn", resource.get("Ref"))), key);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> mergeGlobals(Map<String, Object> props) {
        Map<String, Object> globals = (Map<String, Object>) ((Map<String, Object>) template.getOrDefault("Globals",
                Map.of())).getOrDefault("Function", Map.of());
        Map<String, Object> merged = new LinkedHashMap<>(globals);
        props.forEach((k, v) -> {
            if (k.equals("Environment") && merged.get(k) instanceof Map<?, ?> g) {
                Map<String, Object> vars = new LinkedHashMap<>((Map<String, Object>) ((Map<String, Object>) g)
                        .getOrDefault("Variables", Map.of()));
                vars.putAll((Map<String, Object>) ((Map<String, Object>) v).getOrDefault("Variables", Map.of()));
                merged.put(k, Map.of("Variables", vars));
            } else {
                merged.put(k, v);
            }
        });
        return merged;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> create(String id, String type, Map<String, Object> p) {
        Map<String, Object> out = new HashMap<>();
        switch (type) {
            case "AWS::S3::Bucket" -> {
                String name = (String) p.getOrDefault("BucketName", physical(id, 63));
                clients.s3().createBucket(b -> b.bucket(name));
                if (p.get("VersioningConfiguration") instanceof Map<?, ?> v && "Enabled".equals(v.get("Status"))) {
                    // a versioned bucket's events name the versionId, and reading one needs s3:GetObjectVersion
                    clients.s3().putBucketVersioning(b -> b.bucket(name).versioningConfiguration(c -> c.status(
                            "Enabled")));
                    versioned.add(name);
                }
                Map<String, Object> n = (Map<String, Object>) p.get("NotificationConfiguration");
                if (n != null) {
                    notifications(id, name, n);
                }
                out.put("Ref", name);
                out.put("Arn", "arn:aws:s3:::" + name);
            }
            case "AWS::SQS::Queue" -> {
                String name = (String) p.getOrDefault("QueueName", physical(id, 80));
                Map<QueueAttributeName, String> attrs = new HashMap<>();
                if (p.containsKey("VisibilityTimeout")) {
                    attrs.put(QueueAttributeName.VISIBILITY_TIMEOUT, String.valueOf(p.get("VisibilityTimeout")));
                }
                if (p.containsKey("MessageRetentionPeriod")) {
                    attrs.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD,
                            String.valueOf(p.get("MessageRetentionPeriod")));
                }
                if (p.containsKey("RedrivePolicy")) {
                    Map<String, Object> rp = (Map<String, Object>) p.get("RedrivePolicy");
                    attrs.put(QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\""
                            + rp.get("deadLetterTargetArn") + "\",\"maxReceiveCount\":\"" + rp.get("maxReceiveCount")
                            + "\"}");
                }
                String url = clients.sqs().createQueue(b -> b.queueName(name).attributes(attrs)).queueUrl();
                out.put("Ref", url);
                out.put("QueueUrl", url);
                out.put("QueueName", name);
                out.put("Arn", clients.sqs().getQueueAttributes(b -> b.queueUrl(url)
                        .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN));
            }
            case "AWS::DynamoDB::Table" -> {
                String name = (String) p.getOrDefault("TableName", physical(id, 255));
                clients.dynamoDb().createTable(table(name, p));
                clients.dynamoDb().waiter().waitUntilTableExists(b -> b.tableName(name));
                if (p.get("TimeToLiveSpecification") instanceof Map<?, ?> ttl
                        && Boolean.parseBoolean(String.valueOf(ttl.get("Enabled")))) {
                    // set as AWS sets it, so that describe-time-to-live answers the same (moto never expires items)
                    clients.dynamoDb().updateTimeToLive(b -> b.tableName(name).timeToLiveSpecification(t -> t
                            .attributeName(String.valueOf(ttl.get("AttributeName"))).enabled(true)));
                }
                var desc = clients.dynamoDb().describeTable(b -> b.tableName(name)).table();
                out.put("Ref", name);
                out.put("Arn", desc.tableArn());
                if (desc.latestStreamArn() != null) {
                    out.put("StreamArn", desc.latestStreamArn());
                }
            }
            case "AWS::SNS::Topic" -> {
                String name = (String) p.getOrDefault("TopicName", physical(id, 256));
                String arn = clients.sns().createTopic(b -> b.name(name)).topicArn();
                out.put("Ref", arn);
                out.put("TopicArn", arn);
                out.put("TopicName", name);
            }
            case "AWS::SNS::Subscription" -> {
                String protocol = String.valueOf(p.get("Protocol"));
                if (!protocol.equals("sqs")) {
                    notices.add(id + " (" + protocol + " subscriptions are not delivered locally)");
                } else {
                    String arn = clients.sns().subscribe(b -> b.topicArn(String.valueOf(p.get("TopicArn")))
                            .protocol("sqs").endpoint(String.valueOf(p.get("Endpoint")))).subscriptionArn();
                    out.put("Ref", arn);
                }
            }
            case "AWS::Serverless::HttpApi" -> {
                String apiId = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
                out.put("Ref", apiId);
                out.put("Routes", httpApiRoutes(id, p));
                out.put("JwtAuthorizers", jwtAuthorizers(id, p));
            }
            case "AWS::Serverless::Function" -> {
                Map<String, String> env = new LinkedHashMap<>();
                Map<String, Object> vars = (Map<String, Object>) ((Map<String, Object>) p.getOrDefault("Environment",
                        Map.of())).getOrDefault("Variables", Map.of());
                vars.forEach((k, v) -> env.put(k, String.valueOf(v)));
                Map<String, Map<String, Object>> events = new LinkedHashMap<>();
                ((Map<String, Object>) p.getOrDefault("Events", Map.of())).forEach((k, v) ->
                        events.put(k, (Map<String, Object>) v));
                Object reserved = p.get("ReservedConcurrentExecutions");
                functions.add(new FunctionDef(id, String.valueOf(p.get("Handler")), env, events,
                        reserved == null ? null : Integer.valueOf(String.valueOf(reserved)),
                        statements(id, p.get("Policies"))));
                String name = physical(id, 64);
                out.put("Ref", name);
                out.put("Arn", "arn:aws:lambda:" + region + ":" + ACCOUNT + ":function:" + name);
            }
            case "AWS::SSM::Parameter" -> {
                String name = String.valueOf(p.getOrDefault("Name", "/" + physical(id, 1000)));
                String paramType = String.valueOf(p.getOrDefault("Type", "String"));
                if (!paramType.equals("String")) {
                    throw new UnsupportedTemplateException("resource " + id + ": parameter type " + paramType
                            + " is not supported by the local runtime (String only)");
                }
                try (software.amazon.awssdk.services.ssm.SsmClient ssm = clients.factory().build(
                        software.amazon.awssdk.services.ssm.SsmClient.builder())) {
                    ssm.putParameter(b -> b.name(name).type("String").value(String.valueOf(p.get("Value")))
                            .overwrite(true));
                }
                out.put("Ref", name);
                out.put("Type", paramType);
                out.put("Value", String.valueOf(p.get("Value")));
            }
            default -> throw new UnsupportedTemplateException("resource " + id + ": type " + type);
        }
        return out;
    }

    /**
     * The statements of a function's {@code Policies}. Only inline {@code Statement} lists are read: a SAM policy
     * template or a managed policy hides what it grants, so the local IAM check could not enforce it.
     */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statements(String id, Object policies) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (policies == null) {
            return out;
        }
        for (Object p : policies instanceof List<?> l ? l : List.of(policies)) {
            if (!(p instanceof Map<?, ?> m) || !m.containsKey("Statement") || m.size() > 2
                    || (m.size() == 2 && !m.containsKey("Version"))) {
                throw new UnsupportedTemplateException("function " + id + ": policy " + p + " is not supported by "
                        + "the local runtime (only inline Statement lists, which its IAM check enforces)");
            }
            Object st = m.get("Statement");
            for (Object s : st instanceof List<?> l ? l : List.of(st)) {
                out.add((Map<String, Object>) s);
            }
        }
        return out;
    }

    /**
     * The ARN of the template's KMS key that encrypts a bucket (default encryption), queue, topic or table, or
     * null when it is not encrypted with a key of this template (SSE-S3, SQS-managed, AWS-managed keys need no
     * grant in the caller's policy).
     */
    @SuppressWarnings("unchecked")
    private String encryptionKey(String id, String type, Map<String, Object> raw) {
        Object key = switch (type) {
            case "AWS::SQS::Queue", "AWS::SNS::Topic" -> raw.get("KmsMasterKeyId");
            case "AWS::DynamoDB::Table" -> raw.get("SSESpecification") instanceof Map<?, ?> sse
                    && "KMS".equals(sse.get("SSEType")) ? sse.get("KMSMasterKeyId") : null;
            case "AWS::S3::Bucket" -> {
                Object rules = raw.get("BucketEncryption") instanceof Map<?, ?> enc
                        ? enc.get("ServerSideEncryptionConfiguration") : null;
                Object rule = rules instanceof List<?> l && !l.isEmpty() ? l.get(0) : null;
                Object def = rule instanceof Map<?, ?> r ? r.get("ServerSideEncryptionByDefault") : null;
                yield def instanceof Map<?, ?> d && String.valueOf(d.get("SSEAlgorithm")).startsWith("aws:kms")
                        ? d.get("KMSMasterKeyID") : null;
            }
            default -> null;
        };
        if (key == null) {
            return null;
        }
        String resolved = String.valueOf(intrinsics.resolve(key));
        for (Map<String, Object> r : created.values()) {
            if (r.containsKey("KeyId") && (resolved.equals(r.get("KeyId")) || resolved.equals(r.get("Arn")))) {
                return String.valueOf(r.get("Arn"));
            }
        }
        return null;
    }

    /**
     * Which resources a KMS key of this template encrypts: the ARN of each table, queue and bucket (a topic by its
     * ARN too) to the key's ARN. Reading or writing their data needs the key in the caller's policy.
     */
    public Map<String, String> encryptedResources() {
        return Map.copyOf(encryptedWith);
    }

    /**
     * The authorizer of each route an HTTP API declares, as SAM builds it: the route's own {@code security} in
     * DefinitionBody, else {@code Auth.DefaultAuthorizer}, else none. Keyed {@code "METHOD /path"}; the default
     * under {@code "*"}. Every authorizer named must be declared, as the SAM transform requires.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, String> httpApiRoutes(String id, Map<String, Object> p) {
        Map<String, Object> auth = (Map<String, Object>) p.getOrDefault("Auth", Map.of());
        for (String k : auth.keySet()) {
            if (!Set.of("EnableIamAuthorizer", "DefaultAuthorizer", "Authorizers").contains(k)) {
                throw new UnsupportedTemplateException("resource " + id + ": Auth." + k
                        + " is not supported by the local runtime");
            }
        }
        Set<String> declared = new LinkedHashSet<>(((Map<String, Object>) auth.getOrDefault("Authorizers",
                Map.of())).keySet());
        if (Boolean.parseBoolean(String.valueOf(auth.get("EnableIamAuthorizer")))) {
            declared.add("AWS_IAM");
        }
        Map<String, String> routes = new LinkedHashMap<>();
        Object def = auth.get("DefaultAuthorizer");
        routes.put("*", def == null ? "NONE" : declaredAuthorizer(id, String.valueOf(def), declared));
        Map<String, Object> body = (Map<String, Object>) p.getOrDefault("DefinitionBody", Map.of());
        for (String k : body.keySet()) {
            if (!Set.of("openapi", "info", "paths").contains(k)) {
                throw new UnsupportedTemplateException("resource " + id + ": DefinitionBody." + k
                        + " is not supported by the local runtime");
            }
        }
        ((Map<String, Object>) body.getOrDefault("paths", Map.of())).forEach((path, item) ->
                ((Map<String, Object>) item).forEach((method, op) -> {
                    Map<String, Object> operation = (Map<String, Object>) op;
                    String where = "resource " + id + ": DefinitionBody.paths." + path + "." + method;
                    for (String k : operation.keySet()) {
                        if (!k.equals("security")) {
                            throw new UnsupportedTemplateException(where + "." + k
                                    + " is not supported by the local runtime");
                        }
                    }
                    List<Object> security = (List<Object>) operation.get("security");
                    if (security == null || security.size() != 1) {
                        throw new UnsupportedTemplateException(where + ": security must name one authorizer");
                    }
                    String name = ((Map<String, Object>) security.get(0)).keySet().iterator().next();
                    routes.put(method.toUpperCase(Locale.ROOT) + " " + path, declaredAuthorizer(where, name,
                            declared));
                }));
        return routes;
    }

    /** A JWT authorizer of an HTTP API: who issues its tokens and which audiences (or client ids) it accepts. */
    public record JwtAuthorizerDef(String issuer, List<String> audience) {
    }

    @SuppressWarnings("unchecked")
    private static Map<String, JwtAuthorizerDef> jwtAuthorizers(String id, Map<String, Object> p) {
        Map<String, Object> auth = (Map<String, Object>) p.getOrDefault("Auth", Map.of());
        Map<String, JwtAuthorizerDef> out = new LinkedHashMap<>();
        ((Map<String, Object>) auth.getOrDefault("Authorizers", Map.of())).forEach((name, def) -> {
            Map<String, Object> d = (Map<String, Object>) def;
            String where = "resource " + id + ": Auth.Authorizers." + name;
            Object identity = d.get("IdentitySource");
            if (!(d.get("JwtConfiguration") instanceof Map<?, ?> jwt)) {
                throw new UnsupportedTemplateException(where + ": only JWT authorizers are emulated locally");
            }
            if (identity != null && !"$request.header.Authorization".equals(identity)) {
                throw new UnsupportedTemplateException(where + ": IdentitySource " + identity
                        + " is not emulated locally ($request.header.Authorization only)");
            }
            List<String> audience = new ArrayList<>();
            ((List<Object>) jwt.get("audience")).forEach(a -> audience.add(String.valueOf(a)));
            out.put(name, new JwtAuthorizerDef(String.valueOf(jwt.get("issuer")), audience));
        });
        return out;
    }

    /** The JWT authorizers an HTTP API declares (the API's Ref), by name. */
    @SuppressWarnings("unchecked")
    public Map<String, JwtAuthorizerDef> jwtAuthorizers(String apiId) {
        for (Map.Entry<String, Map<String, Object>> e : created.entrySet()) {
            if (apiId.equals(e.getValue().get("Ref")) && e.getValue().get("JwtAuthorizers") instanceof Map<?, ?> m) {
                return (Map<String, JwtAuthorizerDef>) m;
            }
        }
        throw new UnsupportedTemplateException("HTTP API " + apiId + " is not declared in the template");
    }

    private static String declaredAuthorizer(String where, String name, Set<String> declared) {
        if (!name.equals("NONE") && !declared.contains(name)) {
            throw new UnsupportedTemplateException(where + ": authorizer " + name + " is not declared in Auth");
        }
        return name;
    }

    /**
     * The authorizer API Gateway applies to a route of the HTTP API {@code apiId} (the API's Ref), e.g.
     * {@code AWS_IAM}, a JWT authorizer's name, or {@code NONE}.
     */
    @SuppressWarnings("unchecked")
    public String routeAuthorizer(String apiId, String method, String path) {
        for (Map.Entry<String, Map<String, Object>> e : created.entrySet()) {
            if (apiId.equals(e.getValue().get("Ref")) && e.getValue().get("Routes") instanceof Map<?, ?> m) {
                Map<String, String> routes = (Map<String, String>) m;
                return routes.getOrDefault(method.toUpperCase(Locale.ROOT) + " " + path, routes.get("*"));
            }
        }
        throw new UnsupportedTemplateException("HTTP API " + apiId + " is not declared in the template");
    }

    @SuppressWarnings("unchecked")
    private void notifications(String id, String bucket, Map<String, Object> n) {
        for (String k : n.keySet()) {
            if (!k.equals("QueueConfigurations")) {
                throw new UnsupportedTemplateException("resource " + id + ": NotificationConfiguration." + k
                        + " is not supported by the local runtime");
            }
        }
        List<QueueConfiguration> queues = new ArrayList<>();
        for (Object o : (List<Object>) n.get("QueueConfigurations")) {
            Map<String, Object> q = (Map<String, Object>) o;
            QueueConfiguration.Builder b = QueueConfiguration.builder().queueArn(String.valueOf(q.get("Queue")))
                    .eventsWithStrings(String.valueOf(q.get("Event")));
            Map<String, Object> filter = (Map<String, Object>) q.get("Filter");
            if (filter != null) {
                List<FilterRule> rules = new ArrayList<>();
                for (Object r : (List<Object>) ((Map<String, Object>) filter.get("S3Key")).get("Rules")) {
                    Map<String, Object> rule = (Map<String, Object>) r;
                    rules.add(FilterRule.builder().name(String.valueOf(rule.get("Name")).toLowerCase(Locale.ROOT))
                            .value(String.valueOf(rule.get("Value"))).build());
                }
                b.filter(f -> f.key(k -> k.filterRules(rules)));
            }
            queues.add(b.build());
        }
        clients.s3().putBucketNotificationConfiguration(b -> b.bucket(bucket)
                .notificationConfiguration(c -> c.queueConfigurations(queues)));
    }

    @SuppressWarnings("unchecked")
    private static CreateTableRequest table(String name, Map<String, Object> p) {
        CreateTableRequest.Builder b = CreateTableRequest.builder().tableName(name);
        List<AttributeDefinition> attrs = new ArrayList<>();
        for (Object o : (List<Object>) p.get("AttributeDefinitions")) {
            Map<String, Object> a = (Map<String, Object>) o;
            attrs.add(AttributeDefinition.builder().attributeName(String.valueOf(a.get("AttributeName")))
                    .attributeType(String.valueOf(a.get("AttributeType"))).build());
        }
        b.attributeDefinitions(attrs).keySchema(keys((List<Object>) p.get("KeySchema")));
        b.billingMode(BillingMode.fromValue(String.valueOf(p.getOrDefault("BillingMode", "PAY_PER_REQUEST"))));
        List<GlobalSecondaryIndex> gsis = new ArrayList<>();
        for (Object o : (List<Object>) p.getOrDefault("GlobalSecondaryIndexes", List.of())) {
            Map<String, Object> g = (Map<String, Object>) o;
            Map<String, Object> proj = (Map<String, Object>) g.get("Projection");
            Projection.Builder pb = Projection.builder().projectionType(String.valueOf(proj.get("ProjectionType")));
            if (proj.containsKey("NonKeyAttributes")) {
                pb.nonKeyAttributes(((List<Object>) proj.get("NonKeyAttributes")).stream().map(String::valueOf)
                        .toList());
            }
            gsis.add(GlobalSecondaryIndex.builder().indexName(String.valueOf(g.get("IndexName")))
                    .keySchema(keys((List<Object>) g.get("KeySchema"))).projection(pb.build()).build());
        }
        if (!gsis.isEmpty()) {
            b.globalSecondaryIndexes(gsis);
        }
        Map<String, Object> stream = (Map<String, Object>) p.get("StreamSpecification");
        if (stream != null) {
            b.streamSpecification(StreamSpecification.builder().streamEnabled(true)
                    .streamViewType(String.valueOf(stream.get("StreamViewType"))).build());
        }
        return b.build();
    }

    @SuppressWarnings("unchecked")
    private static List<KeySchemaElement> keys(List<Object> schema) {
        List<KeySchemaElement> out = new ArrayList<>();
        for (Object o : schema) {
            Map<String, Object> k = (Map<String, Object>) o;
            out.add(KeySchemaElement.builder().attributeName(String.valueOf(k.get("AttributeName")))
                    .keyType(String.valueOf(k.get("KeyType"))).build());
        }
        return out;
    }

    private String physical(String logicalId, int max) {
        String name = (stackName + "-" + logicalId).toLowerCase(Locale.ROOT);
        return name.length() <= max ? name : name.substring(0, max);
    }

    /** Logical ids in an order where every resource comes after those it references. */
    private List<String> order() {
        Map<String, Set<String>> deps = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> e : resources.entrySet()) {
            Set<String> d = new LinkedHashSet<>();
            collect(e.getValue().get("Properties"), d::add);
            Object dependsOn = e.getValue().get("DependsOn");
            if (dependsOn instanceof List<?> l) {
                l.forEach(x -> d.add(String.valueOf(x)));
            } else if (dependsOn != null) {
                d.add(String.valueOf(dependsOn));
            }
            d.retainAll(resources.keySet());
            deps.put(e.getKey(), d);
        }
        List<String> ordered = new ArrayList<>();
        Set<String> visiting = new LinkedHashSet<>();
        for (String id : deps.keySet()) {
            visit(id, deps, ordered, visiting);
        }
        return ordered;
    }

    private static void visit(String id, Map<String, Set<String>> deps, List<String> ordered, Set<String> visiting) {
        if (ordered.contains(id)) {
            return;
        }
        if (!visiting.add(id)) {
            throw new UnsupportedTemplateException("circular reference through " + id);
        }
        for (String d : deps.get(id)) {
            visit(d, deps, ordered, visiting);
        }
        visiting.remove(id);
        ordered.add(id);
    }

    private static void collect(Object v, Consumer<String> sink) {
        if (v instanceof Map<?, ?> m) {
            if (m.size() == 1 && m.containsKey("Ref")) {
                sink.accept(String.valueOf(m.get("Ref")));
            } else if (m.size() == 1 && m.containsKey("Fn::GetAtt") && m.get("Fn::GetAtt") instanceof List<?> l) {
                sink.accept(String.valueOf(l.get(0)));
            } else if (m.size() == 1 && m.containsKey("Fn::Sub")) {
                Object s = m.get("Fn::Sub");
                String text = s instanceof List<?> l ? String.valueOf(l.get(0)) : String.valueOf(s);
                java.util.regex.Matcher x = java.util.regex.Pattern.compile("\\$\\{([A-Za-z0-9]+)").matcher(text);
                while (x.find()) {
                    sink.accept(x.group(1));
                }
                if (s instanceof List<?> l) {
                    collect(l.get(1), sink);
                }
            } else {
                m.values().forEach(x -> collect(x, sink));
            }
        } else if (v instanceof List<?> l) {
            l.forEach(x -> collect(x, sink));
        }
    }
}
