package dev.secondlook.core.evalrun;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JunitReportTest {

    @Test
    void oneTestcasePerCase_failuresAndErrorsMarked_hostileIdsEscaped() throws Exception {
        List<CaseResult> results = List.of(
                new CaseResult("ok", CaseStatus.PASS, List.of("commitment"), List.of(), "", 1, 1, 1),
                new CaseResult("x\"/><evil a=\"&\u0001", CaseStatus.FAIL, List.of("secret-leak"),
                        List.of("secret-cloud-keys"), "secret-leak fired again", 1, 1, 1),
                new CaseResult("err", CaseStatus.ERROR, List.of(), List.of(), "model call failed: HTTP 400", 1, 0, 0));
        BaselineComparison baseline = BaselineComparison.compare("20261130T000000000Z-000000", results, List.of(
                new CaseResult("x\"/><evil a=\"&\u0001", CaseStatus.PASS, List.of("secret-leak"), List.of(), "", 1, 0,
                        0)));
        EvalRun run = EvalRun.of("20261130T064500120Z-000001", "cand", Instant.parse("2026-11-30T06:45:00Z"),
                "sha256:p", null, results, baseline, null, null);
        String xml = JunitReport.render(run);
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Element suite = (Element) d.getElementsByTagName("testsuite").item(0);
        assertEquals("3", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        assertEquals("1", suite.getAttribute("errors"));
        assertEquals(3, d.getElementsByTagName("testcase").getLength());
        Element failure = (Element) d.getElementsByTagName("failure").item(0);
        assertTrue(failure.getAttribute("message").startsWith("new failure against baseline"));
        assertEquals("x\"/><evil a=\"&\uFFFD",
                ((Element) failure.getParentNode()).getAttribute("name"), "the id is one attribute value");
        assertEquals("evalset.uncategorised",
                ((Element) d.getElementsByTagName("error").item(0).getParentNode()).getAttribute("classname"));
    }
}
