package dev.secondlook.local.template;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Data does not live forever, checked on template.yaml itself: every bucket has lifecycle rules, one of them for
 * the whole bucket that aborts incomplete multipart uploads, and on a versioned bucket expires noncurrent versions
 * (otherwise a deleted or expired object lives on as an old version); every expiry is a parameter, so an operator
 * can keep eval cases longer than logs; every DynamoDB table has a TTL.
 */
class RetentionTest {

    @SuppressWarnings("unchecked")
    static List<String> violations(Path template) throws IOException {
        Map<String, Object> t = TemplateLoader.load(template);
        Map<String, Object> parameters = (Map<String, Object>) t.getOrDefault("Parameters", Map.of());
        List<String> out = new ArrayList<>();
        ((Map<String, Object>) t.get("Resources")).forEach((id, r) -> {
            Map<String, Object> res = (Map<String, Object>) r;
            Map<String, Object> p = (Map<String, Object>) res.getOrDefault("Properties", Map.of());
            switch (String.valueOf(res.get("Type"))) {
                case "AWS::S3::Bucket" -> checkBucket(id, p, parameters, out);
                case "AWS::DynamoDB::Table" -> {
                    if (!(p.get("TimeToLiveSpecification") instanceof Map<?, ?> ttl)
                            || !"true".equals(String.valueOf(ttl.get("Enabled")))
                            || ttl.get("AttributeName") == null) {
                        out.add(id + ": no TimeToLiveSpecification enabled");
                    }
                }
                default -> { }
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void checkBucket(String id, Map<String, Object> p, Map<String, Object> parameters,
                                    List<String> out) {
        List<Map<String, Object>> rules = new ArrayList<>();
        if (p.get("LifecycleConfiguration") instanceof Map<?, ?> lc && lc.get("Rules") instanceof List<?> l) {
            l.forEach(x -> {
                Map<String, Object> rule = (Map<String, Object>) x;
                if ("Enabled".equals(rule.get("Status"))) {
                    rules.add(rule);
                }
            });
        }
        if (rules.isEmpty()) {
            out.add(id + ": no enabled lifecycle rule");
            return;
        }
        List<Map<String, Object>> wholeBucket = rules.stream()
                .filter(r -> r.get("Prefix") == null && r.get("Filter") == null && r.get("TagFilters") == null)
                .toList();
        if (wholeBucket.stream().noneMatch(r -> r.get("AbortIncompleteMultipartUpload") != null)) {
            out.add(id + ": no whole-bucket rule aborts incomplete multipart uploads");
        }
        boolean versioned = p.get("VersioningConfiguration") instanceof Map<?, ?> v
                && "Enabled".equals(v.get("Status"));
        if (versioned && wholeBucket.stream().noneMatch(r -> r.get("NoncurrentVersionExpiration") instanceof Map<?, ?>
                || r.get("NoncurrentVersionExpirationInDays") != null)) {
            out.add(id + ": versioned, but no whole-bucket rule expires noncurrent versions");
        }
        for (Map<String, Object> r : rules) {
            List<Object> days = new ArrayList<>();
            days.add(r.get("ExpirationInDays"));
            if (r.get("NoncurrentVersionExpiration") instanceof Map<?, ?> nc) {
                days.add(nc.get("NoncurrentDays"));
            }
            for (Object d : days) {
                if (d != null && !(d instanceof Map<?, ?> m && m.containsKey("Ref")
                        && parameters.containsKey(String.valueOf(m.get("Ref"))))) {
                    out.add(id + ": rule " + r.get("Id") + " expires after a fixed " + d
                            + " days (make it a parameter)");
                }
            }
        }
    }

    @Test
    void everyBucketAndTable_expiresItsData() throws IOException {
        assertEquals(List.of(), violations(Path.of("../../template.yaml")));
    }

    @Test
    void theCheck_catchesDataThatLivesForever(@TempDir Path dir) throws IOException {
        Path t = dir.resolve("t.yaml");
        Files.writeString(t, """
                Parameters:
                  Days: {Type: Number, Default: 30}
                Resources:
                  Bare:
                    Type: AWS::S3::Bucket
                  Versioned:
                    Type: AWS::S3::Bucket
                    Properties:
                      VersioningConfiguration: {Status: Enabled}
                      LifecycleConfiguration:
                        Rules:
                          - {Id: current, Status: Enabled, ExpirationInDays: 365}
                          - {Id: old, Status: Enabled, Prefix: tmp/, NoncurrentVersionExpiration: {NoncurrentDays: !Ref Days},
                             AbortIncompleteMultipartUpload: {DaysAfterInitiation: 7}}
                  Fine:
                    Type: AWS::S3::Bucket
                    Properties:
                      LifecycleConfiguration:
                        Rules:
                          - {Id: all, Status: Enabled, ExpirationInDays: !Ref Days,
                             AbortIncompleteMultipartUpload: {DaysAfterInitiation: 7}}
                  Table:
                    Type: AWS::DynamoDB::Table
                """);
        assertEquals(List.of(
                "Bare: no enabled lifecycle rule",
                "Versioned: no whole-bucket rule aborts incomplete multipart uploads",
                "Versioned: versioned, but no whole-bucket rule expires noncurrent versions",
                "Versioned: rule current expires after a fixed 365 days (make it a parameter)",
                "Table: no TimeToLiveSpecification enabled"), violations(t));
    }
}
