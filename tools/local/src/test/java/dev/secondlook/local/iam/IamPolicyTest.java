package dev.secondlook.local.iam;

import dev.secondlook.local.template.UnsupportedTemplateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IamPolicyTest {

    private static final String BUCKET = "arn:aws:s3:::logs";
    private static final String TABLE = "arn:aws:dynamodb:us-east-1:123456789012:table/reviews";
    private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/k-1";

    /** The shape of IngestFunction's and SlaWatchFunction's statements in template.yaml. */
    private static final IamPolicy POLICY = IamPolicy.of("test", List.of(
            Map.of("Sid", "ReadLogObjects", "Effect", "Allow", "Action", List.of("s3:GetObject", "s3:GetObjectVersion"),
                    "Resource", BUCKET + "/*"),
            Map.of("Sid", "MissingLogObjectsAre404", "Effect", "Allow", "Action", "s3:ListBucket", "Resource", BUCKET,
                    "Condition", Map.of("StringLike", Map.of("s3:prefix", "AWSLogs/*"))),
            Map.of("Sid", "Records", "Effect", "Allow", "Action", List.of("dynamodb:GetItem", "dynamodb:Batch*"),
                    "Resource", TABLE),
            Map.of("Sid", "Overdue", "Effect", "Allow", "Action", "dynamodb:Query", "Resource", TABLE + "/index/*"),
            Map.of("Sid", "Key", "Effect", "Allow", "Action", List.of("kms:Decrypt", "kms:GenerateDataKey"),
                    "Resource", KEY, "Condition", Map.of("StringEqualsIfExists",
                            Map.of("kms:ViaService", List.of("s3.us-east-1.amazonaws.com",
                                    "dynamodb.us-east-1.amazonaws.com")))),
            Map.of("Sid", "NeverTheSecrets", "Effect", "Deny", "Action", "s3:*", "Resource", BUCKET + "/secrets/*"),
            Map.of("Sid", "TlsOnly", "Effect", "Allow", "Action", "s3:PutObject", "Resource", BUCKET + "/q??/*",
                    "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "true")))));

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            s3:GetObject          | arn:aws:s3:::logs/AWSLogs/a.json.gz     | -                          | ReadLogObjects
            s3:GetObjectVersion   | arn:aws:s3:::logs/AWSLogs/a.json.gz     | -                          | ReadLogObjects
            S3:getobjectversion   | arn:aws:s3:::logs/x                     | -                          | ReadLogObjects
            s3:GetObject          | arn:aws:s3:::logs                       | -                          | -
            s3:GetObject          | arn:aws:s3:::logs-other/a               | -                          | -
            s3:PutObject          | arn:aws:s3:::logs/AWSLogs/a             | -                          | -
            s3:GetObjectAcl       | arn:aws:s3:::logs/AWSLogs/a             | -                          | -
            s3:ListBucket         | arn:aws:s3:::logs                       | s3:prefix=AWSLogs/123/x    | MissingLogObjectsAre404
            s3:ListBucket         | arn:aws:s3:::logs                       | S3:Prefix=AWSLogs/         | MissingLogObjectsAre404
            s3:ListBucket         | arn:aws:s3:::logs                       | s3:prefix=awslogs/x        | -
            s3:ListBucket         | arn:aws:s3:::logs                       | s3:prefix=other/AWSLogs/x  | -
            s3:ListBucket         | arn:aws:s3:::logs                       | -                          | -
            s3:ListBucket         | arn:aws:s3:::logs/AWSLogs/x             | s3:prefix=AWSLogs/x        | -
            dynamodb:GetItem      | arn:aws:dynamodb:us-east-1:123456789012:table/reviews | -            | Records
            dynamodb:BatchWriteItem | arn:aws:dynamodb:us-east-1:123456789012:table/reviews | -          | Records
            dynamodb:DeleteItem   | arn:aws:dynamodb:us-east-1:123456789012:table/reviews | -            | -
            dynamodb:GetItem      | arn:aws:dynamodb:us-east-1:123456789012:table/reviews-2 | -          | -
            dynamodb:GetItem      | arn:aws:dynamodb:us-east-1:123456789012:table/reviews/index/status-dueAt | - | -
            dynamodb:Query        | arn:aws:dynamodb:us-east-1:123456789012:table/reviews/index/status-dueAt | - | Overdue
            dynamodb:Query        | arn:aws:dynamodb:us-east-1:123456789012:table/reviews | -            | -
            kms:Decrypt           | arn:aws:kms:us-east-1:123456789012:key/k-1 | kms:ViaService=s3.us-east-1.amazonaws.com | Key
            kms:Decrypt           | arn:aws:kms:us-east-1:123456789012:key/k-1 | -                       | Key
            kms:Decrypt           | arn:aws:kms:us-east-1:123456789012:key/k-1 | kms:ViaService=sqs.us-east-1.amazonaws.com | -
            kms:Decrypt           | arn:aws:kms:us-east-1:123456789012:key/k-2 | -                       | -
            kms:Encrypt           | arn:aws:kms:us-east-1:123456789012:key/k-1 | -                       | -
            s3:GetObject          | arn:aws:s3:::logs/secrets/a             | -                          | NeverTheSecrets
            s3:PutObject          | arn:aws:s3:::logs/q01/a                 | aws:SecureTransport=true   | TlsOnly
            s3:PutObject          | arn:aws:s3:::logs/q01/a                 | aws:SecureTransport=false  | -
            s3:PutObject          | arn:aws:s3:::logs/q1/a                  | aws:SecureTransport=true   | -
            s3:PutObject          | arn:aws:s3:::logs/q01/a                 | -                          | -
            """)
    void requests_areAllowedByTheStatementThatMatches_orDenied(String action, String resource, String context,
                                                                String decidedBy) {
        Map<String, String> ctx = context == null ? Map.of() : Map.of(context.substring(0, context.indexOf('=')),
                context.substring(context.indexOf('=') + 1));
        IamPolicy.Decision d = POLICY.evaluate(new Authorization(action, resource, ctx));
        boolean denyStatement = "NeverTheSecrets".equals(decidedBy);
        assertEquals(decidedBy != null && !denyStatement, d.allowed(), d.toString());
        assertEquals(decidedBy, d.statement());
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            StringEquals     | a       | a      | true
            StringEquals     | a       | A      | false
            StringEquals     | a       | -      | false
            StringNotEquals  | a       | b      | true
            StringNotEquals  | a       | -      | true
            StringEqualsIgnoreCase | a | A      | true
            StringLike       | a*c     | abbc   | true
            StringLike       | a?c     | abbc   | false
            StringNotLike    | a*      | b      | true
            ArnLike          | arn:aws:sqs:*:123456789012:q-* | arn:aws:sqs:us-east-1:123456789012:q-1 | true
            ArnLike          | arn:aws:sqs:*:123456789012:q-* | arn:aws:sqs:us-east-1:999999999999:q-1 | false
            ArnLike          | arn:aws:s3:::b*                | arn:aws:s3:::bucket | true
            ArnNotLike       | arn:aws:s3:::b*                | arn:aws:s3:::other  | true
            Bool             | true    | TRUE   | true
            Bool             | true    | false  | false
            Null             | true    | -      | true
            Null             | true    | x      | false
            Null             | false   | x      | true
            """)
    void conditionOperators(String operator, String expected, String actual, boolean holds) {
        assertEquals(holds, IamPolicy.holds(new IamPolicy.Condition(operator, false, "k", List.of(expected)), actual));
    }

    @Test
    void ifExists_passesWhenTheKeyIsAbsent_andTestsItWhenPresent() {
        IamPolicy.Condition c = new IamPolicy.Condition("StringEquals", true, "k", List.of("a"));
        assertTrue(IamPolicy.holds(c, null));
        assertTrue(IamPolicy.holds(c, "a"));
        assertFalse(IamPolicy.holds(c, "b"));
    }

    @Test
    void whatTheCheckCannotEnforce_failsWithItsName() {
        UnsupportedTemplateException e1 = assertThrows(UnsupportedTemplateException.class, () -> IamPolicy.of("fn",
                List.of(Map.of("Effect", "Allow", "NotAction", "s3:*", "Resource", "*"))));
        assertTrue(e1.getMessage().contains("NotAction"), e1.getMessage());
        UnsupportedTemplateException e2 = assertThrows(UnsupportedTemplateException.class, () -> IamPolicy.of("fn",
                List.of(Map.of("Sid", "X", "Effect", "Allow", "Action", "s3:GetObject", "Resource", "*",
                        "Condition", Map.of("DateGreaterThan", Map.of("aws:CurrentTime", "2020-01-01T00:00:00Z"))))));
        assertTrue(e2.getMessage().contains("DateGreaterThan") && e2.getMessage().contains("X"), e2.getMessage());
        assertThrows(UnsupportedTemplateException.class, () -> IamPolicy.of("fn",
                List.of(Map.of("Effect", "Allow", "Action", "s3:GetObject"))));
    }

    @Test
    void wildcards() {
        assertTrue(Wildcards.matches("*", ""));
        assertTrue(Wildcards.matches("a*b*c", "aXbYbc"));
        assertFalse(Wildcards.matches("a*b*c", "aXbYbcd"));
        assertTrue(Wildcards.matches("arn:aws:s3:::b/*", "arn:aws:s3:::b/x/y/z"));
        assertFalse(Wildcards.matches("arn:aws:s3:::b/*", "arn:aws:s3:::b"));
        assertTrue(Wildcards.matches("??", "ab"));
        assertFalse(Wildcards.matches("??", "abc"));
    }
}
