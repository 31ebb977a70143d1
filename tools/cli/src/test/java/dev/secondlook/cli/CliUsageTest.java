package dev.secondlook.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** How every command answers --help, an unknown option, a missing argument and a failure: text and exit code. */
class CliUsageTest {

    private static final String SAMPLE_LOG = "../../events/logs/openai-chat.jsonl";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path home;

    /** Every command and subcommand, as typed after ./secondlook ("" is ./secondlook itself). */
    static List<String> commands() {
        return List.of("", "help", "demo", "local", "local up", "review", "review next", "review show",
                "review release", "review extend", "review queues", "review list", "review verdict", "evalset", "evalset export", "rules",
                "rules test", "rules check", "report");
    }

    /** What a command cannot run without, so that an unknown option is the only thing wrong. */
    private static String required(String command) {
        return switch (command) {
            case "review show", "review release", "review extend" -> "r1";
            case "review verdict" -> "r1 --outcome off-policy";
            case "evalset export" -> "--format promptfoo";
            default -> "";
        };
    }

    private int run(String line, String... more) {
        return runWithStdin(new byte[0], line, more);
    }

    private int runWithStdin(byte[] stdin, String line, String... more) {
        List<String> args = new ArrayList<>(line.isEmpty() ? List.of() : Arrays.asList(line.split(" ")));
        args.addAll(Arrays.asList(more));
        String[] a = args.toArray(String[]::new);
        // the tree main() builds for these arguments
        return Main.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(stdin), home, a)
                .execute(a);
    }

    /** Exit code, stdout and stderr of a run on the whole tree, or on the one main() builds for the arguments. */
    private String answer(boolean wholeTree, String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8);
        PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8);
        ByteArrayInputStream in = new ByteArrayInputStream(new byte[0]);
        int code = (wholeTree ? Main.commandLine(po, pe, in, home) : Main.commandLine(po, pe, in, home, args))
                .execute(args);
        return code + "\n--- out\n" + o.toString(StandardCharsets.UTF_8) + "\n--- err\n"
                + e.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @MethodSource("commands")
    void aRunOnTheOneCommandItNames_answersAsTheWholeTreeDoes(String command) {
        List<String> words = command.isEmpty() ? List.of() : Arrays.asList(command.split(" "));
        for (List<String> more : List.of(List.of("--help"), List.of("--no-such-option"), List.of("nosuchcommand"),
                List.of("--verbose", "--help"))) {
            List<String> args = new ArrayList<>(words);
            args.addAll(more);
            String[] a = args.toArray(String[]::new);
            assertEquals(answer(true, a), answer(false, a), String.join(" ", args));
        }
        // a command's name mistyped: the whole tree, for picocli's suggestion
        assertEquals(answer(true, "rulez", "check"), answer(false, "rulez", "check"));
        assertEquals(answer(true, "help", "rules", "check"), answer(false, "help", "rules", "check"));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static String usageOf(String command) {
        return ("Usage: ./secondlook " + command).strip() + " ";
    }

    @ParameterizedTest(name = "./secondlook {0} --help")
    @MethodSource("commands")
    void help_printsTheCommandsUsageWithADescription_andExits0(String command) {
        assertEquals(0, run(command, "--help"), err());
        String usage = out();
        assertTrue(usage.startsWith(usageOf(command)), usage);
        assertTrue(usage.lines().skip(1).anyMatch(l -> !l.isBlank() && !l.startsWith(" ")),
                "a description under the synopsis: " + usage);
        assertTrue(usage.contains("-h, --help"), usage);
        assertEquals("", err());
    }

    @ParameterizedTest(name = "./secondlook {0} --no-such-option")
    @MethodSource("commands")
    void anUnknownOption_printsTheMessageAndTheUsageOnStderr_andExits2(String command) {
        assertEquals(2, run((command + " " + required(command)).strip(), "--no-such-option"));
        assertTrue(err().startsWith("secondlook: Unknown option: '--no-such-option'"), err());
        assertTrue(err().contains(usageOf(command)), err());
        assertEquals("", out());
    }

    @Test
    void aMistypedOption_suggestsTheRightOne_andStillPrintsTheUsage() {
        assertEquals(2, run("rules check", "--polcy", "p.yaml"));
        assertTrue(err().contains("--policy"), err());
        assertTrue(err().contains(usageOf("rules check")), err());
    }

    @ParameterizedTest(name = "./secondlook {0}")
    @ValueSource(strings = {"review show", "review release", "review verdict --outcome off-policy"})
    void aMissingReviewId_exits2WithTheUsage(String command) {
        assertEquals(2, run(command));
        assertTrue(err().startsWith("secondlook: Missing required parameter: 'ID'"), err());
        assertTrue(err().contains("Usage: ./secondlook review "), err());
    }

    @Test
    void aVerdictWithoutAnOutcome_exits2WithTheUsage() {
        assertEquals(2, run("review verdict", "7b3e1c2a-0001"));
        assertTrue(err().startsWith("secondlook: Missing required option: '--outcome=OUTCOME'"), err());
        assertTrue(err().contains(usageOf("review verdict")), err());
    }

    @Test
    void anEditDecisionWithoutItsText_exits2WithTheUsage() {
        assertEquals(2, run("review verdict", "7b3e1c2a-0001", "--decision", "edit"));
        assertTrue(err().startsWith("secondlook: --decision edit needs --edit TEXT"), err());
        assertTrue(err().contains(usageOf("review verdict")), err());
    }

    @Test
    void anExportWithoutAFormat_exits2WithTheUsage() {
        assertEquals(2, run("evalset export"));
        assertTrue(err().startsWith("secondlook: Missing required option: '--format=FORMAT'"), err());
        assertTrue(err().contains(usageOf("evalset export")), err());
    }

    @Test
    void anUnknownExportFormat_exits2WithTheFormatsThereAre() {
        assertEquals(2, run("evalset export", "--format", "csv"));
        assertTrue(err().contains("unknown format 'csv' (expected bedrock, bedrock-byoir, promptfoo or openai-evals)"),
                err());
    }

    @Test
    void anOptionWithoutItsValue_exits2WithTheUsage() {
        assertEquals(2, run("rules check", "--input"));
        assertTrue(err().startsWith("secondlook: Missing required parameter for option '--input'"), err());
        assertTrue(err().contains(usageOf("rules check")), err());
    }

    @Test
    void aNonNumericPort_exits2WithTheUsage() {
        assertEquals(2, run("local up", "--api-port", "eighty"));
        assertTrue(err().contains("'eighty' is not an int"), err());
        assertTrue(err().contains(usageOf("local up")), err());
    }

    @ParameterizedTest(name = "./secondlook {0}")
    @ValueSource(strings = {"local", "review", "evalset", "rules"})
    void aCommandWithoutItsSubcommand_exits2WithTheSubcommandsOnStderr(String command) {
        assertEquals(2, run(command));
        assertTrue(err().startsWith("secondlook: Missing required subcommand"), err());
        assertTrue(err().contains(usageOf(command)) && err().contains("Commands:"), err());
    }

    @Test
    void anUnknownCommand_exits2WithTheListOfCommands() {
        assertEquals(2, run("deploy"));
        assertTrue(err().startsWith("secondlook: Unmatched argument at index 0: 'deploy'"), err());
        assertTrue(err().contains("Commands:"), err());
    }

    @Test
    void noCommand_andHelp_listEveryCommand_includingTheWrappersTest() {
        assertEquals(0, run(""));
        String bare = out();
        out.reset();
        assertEquals(0, run("help"));
        assertEquals(bare, out());
        for (String command : List.of("demo", "local", "review", "evalset", "rules", "help")) {
            assertTrue(bare.contains("\n  " + command + " "), command + " in " + bare);
        }
        assertTrue(bare.contains("./secondlook test runs every test"), bare);
    }

    @Test
    void helpWithACommandPath_printsThatSubcommandsUsage() {
        assertEquals(0, run("help", "review", "next"));
        assertTrue(out().startsWith(usageOf("review next")), out());
    }

    @Test
    void helpForAnUnknownCommand_exits2() {
        assertEquals(2, run("help", "deploy"));
        assertTrue(err().startsWith("secondlook: unknown command 'deploy'"), err());
        assertTrue(err().contains(usageOf("help")), err());
    }

    @Test
    void everyOptionInTheUsage_saysItsDefaultOrThatItIsRequired() {
        for (String command : commands()) {
            out.reset();
            assertEquals(0, run(command, "--help"));
            String usage = out();
            // an option's description runs from its line to the next option's (or the end of the usage)
            String[] options = usage.substring(usage.indexOf('\n')).split("\n {2,6}(?=-)");
            for (String option : Arrays.copyOfRange(options, 1, options.length)) {
                if (option.startsWith("-h, --help")) {
                    continue;
                }
                assertTrue(option.contains("default") || option.contains("required"),
                        command + ": " + option);
            }
        }
    }

    @Test
    void aMissingFile_isOneLineWithoutTheUsage_andExits2() {
        assertEquals(2, run("rules check", "--input", home.resolve("missing.jsonl").toString()));
        assertTrue(err().startsWith("secondlook: no such file: "), err());
        assertTrue(!err().contains("Usage:") && !err().contains("java.nio"), err());
    }

    @Test
    void noStackToTalkTo_exits2WithHowToNameOne() {
        assumeTrue(System.getenv("SECONDLOOK_API_URL") == null, "SECONDLOOK_API_URL names a stack");
        assertEquals(2, run("review next"));
        assertTrue(err().startsWith("secondlook: no stack: pass --stack NAME (a deployed stack), --api URL, or run "
                + "./secondlook local up first"), err());
        assertTrue(err().contains(usageOf("review next")), err());
    }

    @Test
    void inputDash_readsStdin() {
        byte[] log = ("{\"schema\": \"secondlook.v1\", \"id\": \"req-1\", \"output\": \"I will refund you today.\"}\n")
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(0, runWithStdin(log, "rules check", "--input", "-"));
        assertTrue(out().contains("\"recordId\":\"req-1\""), out());
        assertTrue(err().startsWith("stdin: 1 records"), err());
    }

    @Test
    void aRepeatedOption_takesItsLastValue_asItAlwaysHas() {
        assertEquals(0, run("rules check", "--input", "missing.jsonl", "--input", SAMPLE_LOG));
        assertTrue(err().startsWith("openai-chat.jsonl: "), err());
    }
}
