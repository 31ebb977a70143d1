package dev.secondlook.local.template;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IntrinsicsTest {

    private static final Map<String, Object> REFS = Map.of("AWS::StackId",
            "arn:aws:cloudformation:us-east-1:123456789012:stack/s/0c4e1a2b-aaaa-bbbb-cccc-000000000001",
            "AWS::Region", "us-east-1", "AWS::Partition", "aws", "PolicyS3Uri", "", "ReviewApiAuth", "IAM",
            "ReviewTable", "tbl", "Queue", "https://q");

    private static Intrinsics intrinsics(Map<String, Object> conditions) {
        return new Intrinsics(REFS::get, (id, attr) -> id + "." + attr, conditions);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRealTemplate_loadsWithShortFormTags_andItsExpressionsResolve() throws IOException {
        Map<String, Object> t = TemplateLoader.load(Path.of("../../template.yaml"));
        Map<String, Object> resources = (Map<String, Object>) t.get("Resources");
        Map<String, Object> conditions = (Map<String, Object>) t.get("Conditions");
        Intrinsics in = intrinsics(conditions);
        Map<String, Object> bucket = (Map<String, Object>) ((Map<String, Object>) resources.get("LogBucket"))
                .get("Properties");
        assertEquals("secondlook-logs-0c4e1a2b-aaaa-bbbb-cccc-000000000001", in.resolve(bucket.get("BucketName")));
        assertTrue(!in.condition("HasPolicyS3Uri"));
        assertTrue(!in.condition("UseJwtAuth"));
        Map<String, Object> ingest = (Map<String, Object>) ((Map<String, Object>) resources.get("IngestFunction"))
                .get("Properties");
        Map<String, Object> env = (Map<String, Object>) in.resolve(((Map<String, Object>) ingest.get("Environment"))
                .get("Variables"));
        assertEquals("tbl", env.get("REVIEW_TABLE"));
        assertTrue(!env.containsKey("POLICY_S3_URI"), "!If to AWS::NoValue removes the variable");
    }

    @Test
    void sub_join_select_split_getAtt() {
        Intrinsics in = intrinsics(Map.of());
        assertEquals("arn:aws:s3:::x-us-east-1", in.resolve(Map.of("Fn::Sub", "arn:${AWS::Partition}:s3:::x-${AWS::Region}")));
        assertEquals("tbl/Queue.Arn/v", in.resolve(Map.of("Fn::Sub", List.of("${ReviewTable}/${Queue.Arn}/${V}",
                Map.of("V", "v")))));
        assertEquals("a-b", in.resolve(Map.of("Fn::Join", List.of("-", List.of("a", "b")))));
        assertEquals("c", in.resolve(Map.of("Fn::Select", List.of(2, Map.of("Fn::Split", List.of("/", "a/b/c"))))));
        assertSame(Intrinsics.NO_VALUE, in.resolve(Map.of("Ref", "AWS::NoValue")));
    }

    @Test
    void unsupportedFunctionsAndConditions_failWithTheirName() {
        Intrinsics in = intrinsics(Map.of());
        UnsupportedTemplateException e = assertThrows(UnsupportedTemplateException.class,
                () -> in.resolve(Map.of("Fn::ImportValue", "shared-vpc")));
        assertTrue(e.getMessage().contains("Fn::ImportValue"));
        assertTrue(assertThrows(UnsupportedTemplateException.class, () -> in.condition("Nope")).getMessage()
                .contains("Nope"));
    }
}
