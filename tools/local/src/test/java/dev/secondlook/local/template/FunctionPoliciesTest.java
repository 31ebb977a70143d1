package dev.secondlook.local.template;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Least privilege, checked on template.yaml itself: no function policy may use a wildcard action, or a wildcard
 * resource that is not on this short allow-list.
 */
class FunctionPoliciesTest {

    /**
     * Wildcard resources that are allowed, each with why:
     * - objects under a named bucket (and optional key prefix): S3 object ARNs cannot be listed one by one, and the
     *   bucket and prefix pin them down ("arn:...:s3:::<bucket>/<prefix>/*").
     */
    private static final List<Pattern> ALLOWED_RESOURCE_WILDCARDS = List.of(
            Pattern.compile("^(arn:\\$\\{AWS::Partition}:s3:::\\$\\{[A-Za-z]+}|\\$\\{[A-Za-z]+\\.Arn})(/[a-z-]+)?/\\*$"));

    @SuppressWarnings("unchecked")
    static List<String> violations(Path template) throws IOException {
        Map<String, Object> t = TemplateLoader.load(template);
        List<String> out = new ArrayList<>();
        ((Map<String, Object>) t.get("Resources")).forEach((id, r) -> {
            Map<String, Object> res = (Map<String, Object>) r;
            if (!"AWS::Serverless::Function".equals(res.get("Type"))) {
                return;
            }
            Map<String, Object> props = (Map<String, Object>) res.getOrDefault("Properties", Map.of());
            Object policies = props.get("Policies");
            if (policies == null) {
                return;
            }
            for (Object p : (List<Object>) policies) {
                if (!(p instanceof Map<?, ?> m) || !m.containsKey("Statement")) {
                    out.add(id + ": policy " + p + " is not a reviewed Statement list (SAM templates and managed "
                            + "policies hide their resources)");
                    continue;
                }
                for (Object s : (List<Object>) m.get("Statement")) {
                    statements(s).forEach(st -> check(id, st, out));
                }
            }
        });
        return out;
    }

    /** A statement, or both branches of an {@code !If} around one. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statements(Object s) {
        Map<String, Object> m = (Map<String, Object>) s;
        if (m.containsKey("Fn::If")) {
            List<Object> branches = (List<Object>) m.get("Fn::If");
            List<Map<String, Object>> out = new ArrayList<>();
            for (Object b : branches.subList(1, 3)) {
                if (b instanceof Map<?, ?> bm && bm.containsKey("Effect")) {
                    out.add((Map<String, Object>) bm);
                }
            }
            return out;
        }
        return List.of(m);
    }

    private static void check(String fn, Map<String, Object> st, List<String> out) {
        for (String action : strings(st.get("Action"))) {
            if (action.contains("*")) {
                out.add(fn + ": wildcard action " + action);
            }
        }
        for (String resource : strings(st.get("Resource"))) {
            if (resource.contains("*") && ALLOWED_RESOURCE_WILDCARDS.stream()
                    .noneMatch(p -> p.matcher(resource).matches())) {
                out.add(fn + ": wildcard resource " + resource);
            }
        }
    }

    /** Action or Resource values as text: intrinsic functions are shown by their template form. */
    @SuppressWarnings("unchecked")
    private static List<String> strings(Object v) {
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            l.forEach(x -> out.addAll(strings(x)));
        } else if (v instanceof Map<?, ?> m && m.containsKey("Fn::Sub")) {
            Object sub = m.get("Fn::Sub");
            out.add(String.valueOf(sub instanceof List<?> l ? l.get(0) : sub));
        } else if (v instanceof Map<?, ?> m && m.containsKey("Fn::Join")) {
            out.add(String.valueOf(m));
        } else if (v != null && !(v instanceof Map)) {
            out.add(String.valueOf(v));
        }
        return out;
    }

    @Test
    void templateFunctions_haveNoWildcardActionsOrResources() throws IOException {
        assertEquals(List.of(), violations(Path.of("../../template.yaml")));
    }

    @Test
    void theCheck_catchesWildcards(@TempDir Path dir) throws IOException {
        Path t = dir.resolve("t.yaml");
        Files.writeString(t, """
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Policies:
                        - Statement:
                            - {Effect: Allow, Action: "s3:*", Resource: !Sub "${Bucket.Arn}/*"}
                            - {Effect: Allow, Action: dynamodb:GetItem, Resource: "*"}
                        - DynamoDBCrudPolicy: {TableName: t}
                """);
        List<String> v = violations(t);
        assertTrue(v.contains("Fn: wildcard action s3:*"), v.toString());
        assertTrue(v.contains("Fn: wildcard resource *"), v.toString());
        assertTrue(v.stream().anyMatch(x -> x.contains("not a reviewed Statement")), v.toString());
        assertEquals(3, v.size(), v.toString());
    }
}
