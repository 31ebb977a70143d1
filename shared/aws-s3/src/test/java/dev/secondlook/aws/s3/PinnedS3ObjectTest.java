package dev.secondlook.aws.s3;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A policy URI names one content, by version id or SHA-256, or it is refused. */
class PinnedS3ObjectTest {

    private static final String HEX = "09cb25840dcfd894a41b359f4e2f9c97b0479aa6a36a4590734960af12d673d3";

    /** template.yaml's AllowedPattern for PolicyS3Uri, without its empty alternative. */
    private static final Pattern TEMPLATE_PATTERN = Pattern.compile(
            "^s3://[a-z0-9.-]+/[^?#]+(\\?versionId=[^#&]+(#sha256=[0-9a-fA-F]{64})?|#sha256=[0-9a-fA-F]{64})$");

    @Test
    void byVersion_byHash_orBoth() {
        PinnedS3Object v = PinnedS3Object.parse("s3://my-rules/policies/prod.yaml?versionId=3sL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY");
        assertEquals("my-rules", v.bucket());
        assertEquals("policies/prod.yaml", v.key());
        assertEquals("3sL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY", v.versionId());
        assertNull(v.sha256());
        PinnedS3Object h = PinnedS3Object.parse("s3://my-rules/prod.yaml#sha256=" + HEX.toUpperCase());
        assertNull(h.versionId());
        assertEquals(HEX, h.sha256());
        PinnedS3Object both = PinnedS3Object.parse("s3://my-rules/prod.yaml?versionId=v1#sha256=" + HEX);
        assertEquals("v1", both.versionId());
        assertEquals(HEX, both.sha256());
        assertEquals(both, PinnedS3Object.parse(both.uri()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3://my-rules/prod.yaml", "s3://my-rules/prod.yaml?versionId=", "s3://my-rules/prod.yaml#sha256=abc",
            "s3://my-rules/prod.yaml#sha256=" + HEX + "?versionId=v1", "https://my-rules/prod.yaml?versionId=v1",
            "s3://my-rules/?versionId=v1", "", "s3://My_Rules/prod.yaml?versionId=v1"})
    void anUnpinnedOrMalformedUri_isRefused_andTheTemplateRefusesItToo(String uri) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PinnedS3Object.parse(uri));
        assertTrue(e.getMessage().contains("versionId") && e.getMessage().contains("sha256"), e.getMessage());
        assertTrue(!TEMPLATE_PATTERN.matcher(uri).matches(), "the template would let " + uri + " through");
    }

    @Test
    void whatTheParserAccepts_theTemplateAcceptsToo() {
        for (String uri : new String[] {"s3://my-rules/prod.yaml?versionId=v1", "s3://my-rules/a/b.yaml#sha256=" + HEX,
                "s3://my-rules/prod.yaml?versionId=v1#sha256=" + HEX}) {
            PinnedS3Object.parse(uri);
            assertTrue(TEMPLATE_PATTERN.matcher(uri).matches(), uri);
        }
    }
}
