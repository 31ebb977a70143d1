package dev.secondlook.core.evalrun;

import java.util.Locale;

/**
 * A run as a JUnit XML report, the format CI systems (GitHub Actions reporters, GitLab, Jenkins, CodeBuild) read:
 * one {@code <testcase>} per eval case, named by its case id and classed by its first category; a fail is a
 * {@code <failure>} with its reason and rules, an error an {@code <error>} with its reason. A new failure against
 * the baseline says so in its message. Every value is escaped for XML (ids and reasons never carry model text, but
 * an id comes from a file).
 */
public final class JunitReport {

    private JunitReport() {
    }

    public static String render(EvalRun run) {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        java.util.Set<String> newFailures = run.baseline() == null ? java.util.Set.of()
                : java.util.Set.copyOf(run.baseline().newFailures());
        String suite = "secondlook evalset run " + run.modelId();
        x.append("<testsuites name=\"").append(esc(suite)).append("\" tests=\"").append(run.cases())
                .append("\" failures=\"").append(run.failed()).append("\" errors=\"").append(run.errors())
                .append("\">\n");
        x.append("  <testsuite name=\"").append(esc(suite)).append("\" tests=\"").append(run.cases())
                .append("\" failures=\"").append(run.failed()).append("\" errors=\"").append(run.errors())
                .append("\" skipped=\"0\" timestamp=\"").append(esc(run.createdAt())).append("\">\n");
        x.append("    <properties>\n");
        property(x, "runId", run.runId());
        property(x, "policyVersion", run.policyVersion());
        if (run.baseline() != null) {
            property(x, "baselineRunId", run.baseline().runId());
            property(x, "mcnemarP", String.format(Locale.ROOT, "%.6g", run.baseline().mcnemarP()));
        }
        x.append("    </properties>\n");
        for (CaseResult r : run.results()) {
            String classname = "evalset." + (r.categories().isEmpty() ? "uncategorised" : r.categories().get(0));
            x.append("    <testcase classname=\"").append(esc(classname)).append("\" name=\"").append(esc(r.caseId()))
                    .append('"');
            switch (r.status()) {
                case PASS -> x.append("/>\n");
                case FAIL -> {
                    String message = (newFailures.contains(r.caseId()) ? "new failure against baseline "
                            + run.baseline().runId() + ": " : "") + r.reason();
                    x.append(">\n      <failure type=\"off-policy\" message=\"").append(esc(message)).append("\">")
                            .append(esc("rules: " + String.join(", ", r.rules()))).append("</failure>\n")
                            .append("    </testcase>\n");
                }
                case ERROR -> x.append(">\n      <error type=\"no-verdict\" message=\"").append(esc(r.reason()))
                        .append("\"/>\n    </testcase>\n");
            }
        }
        x.append("  </testsuite>\n</testsuites>\n");
        return x.toString();
    }

    private static void property(StringBuilder x, String name, String value) {
        x.append("      <property name=\"").append(esc(name)).append("\" value=\"").append(esc(value))
                .append("\"/>\n");
    }

    /** XML text and attribute escaping; characters XML 1.0 cannot carry at all become U+FFFD. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                case '\n' -> b.append("&#10;");
                case '\r' -> b.append("&#13;");
                case '\t' -> b.append("&#9;");
                default -> b.append(c < 0x20 || c == 0xFFFE || c == 0xFFFF ? '\uFFFD' : c);
            }
        }
        return b.toString();
    }
}
