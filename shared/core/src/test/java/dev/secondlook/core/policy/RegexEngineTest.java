package dev.secondlook.core.policy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * java.util.regex backtracks: on log text it overflowed the stack and went quadratic. Core's main code must not
 * use it (nor String's regex methods); RE2/J, linear in the text, runs every pattern instead. A pattern on trusted
 * configuration only would be the one exception, and would say so where it is used.
 */
class RegexEngineTest {

    /** java.util.regex named in code, and String methods that compile a regex on each call. */
    private static final Pattern FORBIDDEN = Pattern.compile(
            "import java\\.util\\.regex|java\\.util\\.regex\\.(Pattern|Matcher)|\\.replaceAll\\(|\\.replaceFirst\\("
                    + "|\\.matches\\(\"|\\bString\\.matches");

    @Test
    void coreMainCode_neverRunsJavaUtilRegex() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    if (FORBIDDEN.matcher(lines.get(i)).find()) {
                        found.add(f + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertEquals(List.of(), found);
    }
}
