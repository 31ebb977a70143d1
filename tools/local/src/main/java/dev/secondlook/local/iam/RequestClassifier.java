package dev.secondlook.local.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells what an SDK request asks IAM for: its service (from the SigV4 credential scope), its operation, and every
 * {@link Authorization} it needs - actions as IAM spells them (a batch call needs its single-item action, a read
 * that names a version needs the version action), resources by ARN, condition keys such as {@code s3:prefix}, and
 * the KMS permissions the service uses on the caller's behalf when the data it reads or writes is encrypted with a
 * key of the template ("KMS through the service"). Speaks the wire protocols the SDK uses: DynamoDB and SQS JSON
 * ({@code X-Amz-Target}), SNS and SQS Query ({@code Action=}), and S3 REST (path-style).
 */
public final class RequestClassifier {

    /** How a service's request and its errors are encoded. */
    public enum Protocol { JSON, QUERY, REST_XML }

    /** A request as the proxy received it. */
    public record Request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                          byte[] body) {
        public Request {
            Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            h.putAll(headers);
            headers = h;
        }

        String header(String name) {
            List<String> v = headers.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    /** What a request is and what it needs. */
    public record Call(String service, Protocol protocol, String operation, List<Authorization> needs) {
    }

    private static final Pattern SCOPE = Pattern.compile("Credential=[^/]+/[^/]+/[^/]+/([^/]+)/");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> DYNAMO_DATA = Set.of("GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query",
            "Scan", "BatchGetItem", "BatchWriteItem", "TransactGetItems", "TransactWriteItems");
    private static final Map<String, String> TRANSACT = Map.of("Get", "GetItem", "Put", "PutItem", "Update",
            "UpdateItem", "Delete", "DeleteItem", "ConditionCheck", "ConditionCheckItem");
    /** SQS and SNS batch calls are authorised as their single-message actions. */
    private static final Map<String, String> BATCH_ACTIONS = Map.of("SendMessageBatch", "SendMessage",
            "DeleteMessageBatch", "DeleteMessage", "ChangeMessageVisibilityBatch", "ChangeMessageVisibility",
            "PublishBatch", "Publish");
    /** Bucket sub-resources: GET and PUT actions. */
    private static final Map<String, String[]> BUCKET_SUBRESOURCES = new LinkedHashMap<>();

    static {
        BUCKET_SUBRESOURCES.put("versions", new String[] {"ListBucketVersions", null});
        BUCKET_SUBRESOURCES.put("uploads", new String[] {"ListBucketMultipartUploads", null});
        BUCKET_SUBRESOURCES.put("location", new String[] {"GetBucketLocation", null});
        BUCKET_SUBRESOURCES.put("acl", new String[] {"GetBucketAcl", "PutBucketAcl"});
        BUCKET_SUBRESOURCES.put("policy", new String[] {"GetBucketPolicy", "PutBucketPolicy"});
        BUCKET_SUBRESOURCES.put("notification", new String[] {"GetBucketNotification", "PutBucketNotification"});
        BUCKET_SUBRESOURCES.put("versioning", new String[] {"GetBucketVersioning", "PutBucketVersioning"});
        BUCKET_SUBRESOURCES.put("encryption", new String[] {"GetEncryptionConfiguration",
                "PutEncryptionConfiguration"});
        BUCKET_SUBRESOURCES.put("tagging", new String[] {"GetBucketTagging", "PutBucketTagging"});
        BUCKET_SUBRESOURCES.put("lifecycle", new String[] {"GetLifecycleConfiguration", "PutLifecycleConfiguration"});
        BUCKET_SUBRESOURCES.put("cors", new String[] {"GetBucketCORS", "PutBucketCORS"});
        BUCKET_SUBRESOURCES.put("logging", new String[] {"GetBucketLogging", "PutBucketLogging"});
    }

    private final String region;
    private final String account;
    private final Map<String, String> encryptedWith;

    /**
     * @param encryptedWith ARN of each table, queue, topic and bucket encrypted with a key of the template, to the
     *                      key's ARN (see {@code TemplateStack.encryptedResources()})
     */
    public RequestClassifier(String region, String account, Map<String, String> encryptedWith) {
        this.region = region;
        this.account = account;
        this.encryptedWith = Map.copyOf(encryptedWith);
    }

    /** Classifies a request; an unsigned one, or one of an unknown service, needs {@code unknown:*}. */
    public Call classify(Request r) {
        Matcher m = SCOPE.matcher(String.valueOf(r.header("Authorization")));
        String service = m.find() ? m.group(1) : "unknown";
        String target = r.header("X-Amz-Target");
        String contentType = String.valueOf(r.header("Content-Type"));
        try {
            if (service.equals("s3")) {
                return s3(r);
            }
            if (target != null) {
                String op = target.substring(target.indexOf('.') + 1);
                JsonNode body = r.body().length == 0 ? MAPPER.createObjectNode() : MAPPER.readTree(r.body());
                return new Call(service, Protocol.JSON, op, switch (service) {
                    case "dynamodb" -> dynamo(op, body);
                    case "sqs" -> sqs(op, text(body, "QueueUrl"), text(body, "QueueName"));
                    case "ssm" -> ssm(op, body);
                    default -> List.of(Authorization.of(service + ":" + op, "*"));
                });
            }
            if (contentType.startsWith("application/x-www-form-urlencoded")) {
                Map<String, String> form = form(new String(r.body(), StandardCharsets.UTF_8));
                String op = String.valueOf(form.get("Action"));
                return new Call(service, Protocol.QUERY, op, switch (service) {
                    case "sns" -> sns(op, form);
                    case "sqs" -> sqs(op, form.getOrDefault("QueueUrl", r.rawPath()), form.get("QueueName"));
                    default -> List.of(Authorization.of(service + ":" + op, "*"));
                });
            }
        } catch (IOException | RuntimeException e) {
            return new Call(service, Protocol.JSON, "unreadable", List.of(Authorization.of(service + ":unreadable",
                    "*")));
        }
        return new Call(service, Protocol.JSON, "unknown", List.of(Authorization.of(service + ":unknown", "*")));
    }

    // ------------------------------------------------------------------ SSM Parameter Store

    /**
     * A parameter's ARN drops the name's leading slash: {@code /a/b} is {@code arn:aws:ssm:r:acct:parameter/a/b}.
     * A SecureString read with decryption would also need kms:Decrypt on its key; the template has none.
     */
    private List<Authorization> ssm(String op, JsonNode body) {
        String name = text(body, "Name");
        if (name == null) {
            return List.of(Authorization.of("ssm:" + op, "*"));
        }
        String path = name.startsWith("/") ? name.substring(1) : name;
        return List.of(Authorization.of("ssm:" + op, "arn:aws:ssm:" + region + ":" + account + ":parameter/" + path));
    }

    // ------------------------------------------------------------------ DynamoDB

    private List<Authorization> dynamo(String op, JsonNode body) {
        List<Authorization> out = new ArrayList<>();
        Set<String> tables = new LinkedHashSet<>();
        switch (op) {
            case "BatchGetItem", "BatchWriteItem" -> body.path("RequestItems").fieldNames().forEachRemaining(t -> {
                tables.add(t);
                out.add(Authorization.of("dynamodb:" + op, tableArn(t)));
            });
            case "TransactGetItems", "TransactWriteItems" -> {
                for (JsonNode item : body.path("TransactItems")) {
                    item.fieldNames().forEachRemaining(kind -> {
                        String t = item.path(kind).path("TableName").asText();
                        tables.add(t);
                        out.add(Authorization.of("dynamodb:" + TRANSACT.getOrDefault(kind, kind), tableArn(t)));
                    });
                }
            }
            default -> {
                String t = text(body, "TableName");
                if (t == null) {
                    out.add(Authorization.of("dynamodb:" + op, "*"));
                } else {
                    tables.add(t);
                    String index = text(body, "IndexName");
                    out.add(Authorization.of("dynamodb:" + op, index == null ? tableArn(t)
                            : tableArn(t) + "/index/" + index));
                }
            }
        }
        if (DYNAMO_DATA.contains(op)) {
            // DynamoDB decrypts the table key with the caller's permission to serve any item read or write
            for (String t : tables) {
                kms(out, tableArn(t), "dynamodb", "kms:Decrypt");
            }
        }
        return out;
    }

    private String tableArn(String table) {
        return table.startsWith("arn:") ? table : "arn:aws:dynamodb:" + region + ":" + account + ":table/" + table;
    }

    // ------------------------------------------------------------------ SQS

    private List<Authorization> sqs(String op, String queueUrl, String queueName) {
        String action = "sqs:" + BATCH_ACTIONS.getOrDefault(op, op);
        String arn = queueName != null ? queueArn(account, queueName) : queueUrl == null ? "*" : queueArnOfUrl(queueUrl);
        List<Authorization> out = new ArrayList<>();
        out.add(Authorization.of(action, arn));
        switch (action) {
            case "sqs:SendMessage" -> kms(out, arn, "sqs", "kms:GenerateDataKey", "kms:Decrypt");
            case "sqs:ReceiveMessage" -> kms(out, arn, "sqs", "kms:Decrypt");
            default -> {
            }
        }
        return out;
    }

    private String queueArnOfUrl(String url) {
        String path = url.replaceFirst("^[a-z]+://[^/]+", "");
        String[] parts = path.replaceAll("^/+", "").split("/");
        return parts.length >= 2 ? queueArn(parts[parts.length - 2], parts[parts.length - 1]) : "*";
    }

    private String queueArn(String owner, String name) {
        return "arn:aws:sqs:" + region + ":" + owner + ":" + name;
    }

    // ------------------------------------------------------------------ SNS

    private List<Authorization> sns(String op, Map<String, String> form) {
        String action = "sns:" + BATCH_ACTIONS.getOrDefault(op, op);
        String arn = form.getOrDefault("TopicArn", form.getOrDefault("TargetArn", "*"));
        List<Authorization> out = new ArrayList<>();
        out.add(Authorization.of(action, arn));
        if (action.equals("sns:Publish")) {
            kms(out, arn, "sns", "kms:GenerateDataKey", "kms:Decrypt");
        }
        return out;
    }

    // ------------------------------------------------------------------ S3 (path-style REST)

    private Call s3(Request r) {
        String path = r.rawPath() == null ? "/" : r.rawPath();
        Map<String, String> q = form(r.rawQuery() == null ? "" : r.rawQuery());
        String method = r.method().toUpperCase(Locale.ROOT);
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        int slash = trimmed.indexOf('/');
        String bucket = decode(slash < 0 ? trimmed : trimmed.substring(0, slash));
        String key = slash < 0 ? "" : decodePath(trimmed.substring(slash + 1));
        List<Authorization> out = new ArrayList<>();
        String op;
        if (bucket.isEmpty()) {
            op = "ListBuckets";
            out.add(Authorization.of("s3:ListAllMyBuckets", "*"));
        } else if (key.isEmpty()) {
            op = s3Bucket(method, bucket, q, r, out);
        } else {
            op = s3Object(method, bucket, key, q, r, out);
        }
        return new Call("s3", Protocol.REST_XML, op, out);
    }

    private String s3Bucket(String method, String bucket, Map<String, String> q, Request r, List<Authorization> out) {
        String arn = "arn:aws:s3:::" + bucket;
        for (Map.Entry<String, String[]> sub : BUCKET_SUBRESOURCES.entrySet()) {
            if (q.containsKey(sub.getKey())) {
                String action = method.equals("GET") ? sub.getValue()[0] : method.equals("PUT") ? sub.getValue()[1]
                        : method.equals("DELETE") ? sub.getValue()[1] : null;
                if (action == null) {
                    action = method + "Bucket?" + sub.getKey();
                }
                out.add(new Authorization("s3:" + action, arn, listContext(q)));
                return action;
            }
        }
        switch (method) {
            case "GET", "HEAD" -> {
                out.add(new Authorization("s3:ListBucket", arn, listContext(q)));
                return method.equals("GET") ? "ListObjects" : "HeadBucket";
            }
            case "PUT" -> {
                out.add(Authorization.of("s3:CreateBucket", arn));
                return "CreateBucket";
            }
            case "DELETE" -> {
                out.add(Authorization.of("s3:DeleteBucket", arn));
                return "DeleteBucket";
            }
            case "POST" -> {
                if (q.containsKey("delete")) {
                    Matcher keys = Pattern.compile("<Key>([^<]*)</Key>").matcher(new String(r.body(),
                            StandardCharsets.UTF_8));
                    while (keys.find()) {
                        out.add(Authorization.of("s3:DeleteObject", arn + "/" + xmlText(keys.group(1))));
                    }
                    return "DeleteObjects";
                }
                out.add(Authorization.of("s3:PostBucket", arn));
                return "PostBucket";
            }
            default -> {
                out.add(Authorization.of("s3:" + method + "Bucket", arn));
                return method + "Bucket";
            }
        }
    }

    private static Map<String, String> listContext(Map<String, String> q) {
        Map<String, String> ctx = new LinkedHashMap<>();
        for (String k : List.of("prefix", "delimiter", "max-keys")) {
            if (q.containsKey(k)) {
                ctx.put("s3:" + k, q.get(k));
            }
        }
        return ctx;
    }

    private String s3Object(String method, String bucket, String key, Map<String, String> q, Request r,
                            List<Authorization> out) {
        String arn = "arn:aws:s3:::" + bucket + "/" + key;
        String bucketArn = "arn:aws:s3:::" + bucket;
        boolean version = q.containsKey("versionId");
        Map<String, String> ctx = version ? Map.of("s3:versionid", q.get("versionId")) : Map.of();
        switch (method) {
            case "GET", "HEAD" -> {
                String action;
                if (q.containsKey("tagging")) {
                    action = version ? "GetObjectVersionTagging" : "GetObjectTagging";
                } else if (q.containsKey("acl")) {
                    action = version ? "GetObjectVersionAcl" : "GetObjectAcl";
                } else if (q.containsKey("attributes")) {
                    action = version ? "GetObjectVersionAttributes" : "GetObjectAttributes";
                } else if (q.containsKey("uploadId")) {
                    action = "ListMultipartUploadParts";
                } else {
                    action = version ? "GetObjectVersion" : "GetObject";
                    out.add(new Authorization("s3:" + action, arn, ctx));
                    if (method.equals("GET")) {
                        kms(out, bucketArn, "s3", "kms:Decrypt");
                    }
                    return method.equals("GET") ? "GetObject" : "HeadObject";
                }
                out.add(new Authorization("s3:" + action, arn, ctx));
                return action;
            }
            case "PUT" -> {
                if (q.containsKey("tagging")) {
                    out.add(new Authorization(version ? "s3:PutObjectVersionTagging" : "s3:PutObjectTagging", arn,
                            ctx));
                    return "PutObjectTagging";
                }
                if (q.containsKey("acl")) {
                    out.add(new Authorization(version ? "s3:PutObjectVersionAcl" : "s3:PutObjectAcl", arn, ctx));
                    return "PutObjectAcl";
                }
                out.add(Authorization.of("s3:PutObject", arn));
                kmsWithKey(out, bucketArn, r.header("x-amz-server-side-encryption-aws-kms-key-id"), "s3",
                        "kms:GenerateDataKey");
                String source = r.header("x-amz-copy-source");
                if (source != null) {
                    String src = source.startsWith("/") ? source.substring(1) : source;
                    int qm = src.indexOf('?');
                    String srcVersion = qm < 0 ? null : form(src.substring(qm + 1)).get("versionId");
                    String srcPath = decode(qm < 0 ? src : src.substring(0, qm));
                    out.add(new Authorization(srcVersion == null ? "s3:GetObject" : "s3:GetObjectVersion",
                            "arn:aws:s3:::" + srcPath, Map.of()));
                    int s = srcPath.indexOf('/');
                    kms(out, "arn:aws:s3:::" + (s < 0 ? srcPath : srcPath.substring(0, s)), "s3", "kms:Decrypt");
                    return "CopyObject";
                }
                return q.containsKey("uploadId") ? "UploadPart" : "PutObject";
            }
            case "POST" -> {
                out.add(Authorization.of("s3:PutObject", arn));
                if (q.containsKey("uploads")) {
                    kmsWithKey(out, bucketArn, r.header("x-amz-server-side-encryption-aws-kms-key-id"), "s3",
                            "kms:GenerateDataKey");
                    return "CreateMultipartUpload";
                }
                return "CompleteMultipartUpload";
            }
            case "DELETE" -> {
                String action = q.containsKey("uploadId") ? "AbortMultipartUpload"
                        : q.containsKey("tagging") ? (version ? "DeleteObjectVersionTagging" : "DeleteObjectTagging")
                        : version ? "DeleteObjectVersion" : "DeleteObject";
                out.add(new Authorization("s3:" + action, arn, ctx));
                return action;
            }
            default -> {
                out.add(Authorization.of("s3:" + method + "Object", arn));
                return method + "Object";
            }
        }
    }

    // ------------------------------------------------------------------ KMS through the service

    private void kms(List<Authorization> out, String resourceArn, String service, String... actions) {
        kmsWithKey(out, resourceArn, null, service, actions);
    }

    /** The KMS permissions a service uses for the caller when the resource is encrypted with a template key. */
    private void kmsWithKey(List<Authorization> out, String resourceArn, String requestedKey, String service,
                            String... actions) {
        String key = requestedKey != null && requestedKey.startsWith("arn:") ? requestedKey
                : encryptedWith.get(resourceArn);
        if (key == null) {
            return;
        }
        Map<String, String> via = Map.of("kms:ViaService", service + "." + region + ".amazonaws.com");
        for (String action : actions) {
            out.add(new Authorization(action, key, via));
        }
    }

    // ------------------------------------------------------------------ helpers

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Map<String, String> form(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        if (s.isEmpty()) {
            return out;
        }
        for (String pair : s.split("&")) {
            int eq = pair.indexOf('=');
            out.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return out;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** A path segment decoded: in a path '+' is a plus, not a space. */
    private static String decodePath(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String xmlText(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
                .replace("&amp;", "&");
    }
}
