package dev.secondlook.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;

/**
 * Entry point of {@code ./secondlook}: the command tree and how a run ends. A command line that cannot be parsed,
 * or a {@link UsageException} from a command, prints the message and that command's usage on stderr and exits 2;
 * any other failure prints its message and exits 1.
 */
@Command(name = "./secondlook",
        description = {"A second look at what your model said: human review, escalation and eval sets for LLM "
                + "outputs."},
        footer = {"",
                "./secondlook test runs every test and check CI runs (scripts/test.sh; the wrapper script runs it, "
                        + "not this jar).",
                "./secondlook COMMAND --help shows a command's options."})
public final class Main implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    /** Whether internal errors print their details (stack traces). */
    private static boolean verbose;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "On an internal error, print its details (stack trace); default: one line.")
    private void setVerbose(boolean on) {
        verbose = on;
    }

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine(System.out, System.err, System.in, home(), args).execute(args));
    }

    /** The commands, in the order the usage lists them, each made for the streams and the project's home. */
    private static final Map<String, BiFunction<Streams, Path, Object>> COMMANDS = commands();

    /** Where a command prints and reads. */
    private record Streams(PrintStream out, PrintStream err, InputStream stdin) {
    }

    private static Map<String, BiFunction<Streams, Path, Object>> commands() {
        Map<String, BiFunction<Streams, Path, Object>> c = new LinkedHashMap<>();
        c.put("demo", (s, home) -> new DemoCommand(s.out(), home));
        c.put("local", (s, home) -> new LocalCommand(s.out(), home));
        c.put("review", (s, home) -> new ReviewCommand(s.out(), home));
        c.put("incidents", (s, home) -> new IncidentsCommand(s.out(), home));
        c.put("evalset", (s, home) -> new EvalsetCommand(s.out(), s.err(), home));
        c.put("rules", (s, home) -> new RulesCommand(s.out(), s.err(), s.stdin()));
        c.put("report", (s, home) -> new ReportCommand(s.out(), s.err(), home));
        c.put("help", (s, home) -> new HelpCommand());
        return Collections.unmodifiableMap(c);
    }

    /**
     * The command tree: it prints to {@code out} and {@code err}, reads {@code stdin}, and works on the project at
     * {@code home}.
     */
    static CommandLine commandLine(PrintStream out, PrintStream err, InputStream stdin, Path home) {
        return commandLine(out, err, stdin, home, new String[0]);
    }

    /**
     * The command tree for a run with {@code args}. When the first argument names a command (other than {@code help},
     * which looks the others up), the tree holds that command alone: picocli reads every command's annotations as it
     * builds a tree, a quarter of a second of each start, and a run only ever parses one. Everything else (no
     * command, an option first, a name picocli would suggest a correction for) gets the whole tree.
     */
    static CommandLine commandLine(PrintStream out, PrintStream err, InputStream stdin, Path home, String[] args) {
        Streams streams = new Streams(out, err, stdin);
        CommandLine cli = new CommandLine(new Main());
        String first = args.length == 0 ? null : args[0];
        if (first != null && !first.equals("help") && COMMANDS.containsKey(first)) {
            cli.addSubcommand(COMMANDS.get(first).apply(streams, home));
        } else {
            COMMANDS.values().forEach(make -> cli.addSubcommand(make.apply(streams, home)));
        }
        withHelpOption(cli);
        // set after the subcommands are added: these setters apply to the subcommands already there
        return cli.setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                // the last of a repeated option wins, as it always has: `--status PENDING --status REVIEWED`
                .setOverwrittenOptionsAllowed(true)
                .setParameterExceptionHandler(Main::invalidInput)
                .setExecutionExceptionHandler((e, cmd, parsed) -> failed(e, cmd));
    }

    /** {@code ./secondlook} alone: the list of commands. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /**
     * Gives every command in the tree {@code -h, --help}. Not picocli's inherited standard help options: they
     * would bring the top command's footer and an empty {@code --version} to every subcommand.
     */
    private static void withHelpOption(CommandLine cmd) {
        cmd.getCommandSpec().addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help and exit.").build());
        cmd.getSubcommands().values().forEach(Main::withHelpOption);
    }

    static Path home() {
        return Path.of(System.getProperty("secondlook.home", ".")).toAbsolutePath().normalize();
    }

    private static int invalidInput(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("secondlook: " + e.getMessage());
        // picocli's own handler prints the usage only when it has no suggestion; a new user wants both
        UnmatchedArgumentException.printSuggestions(e, err);
        cmd.usage(err);
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static int failed(Exception e, CommandLine cmd) {
        PrintWriter err = cmd.getErr();
        if (e instanceof UsageException) {
            err.println("secondlook: " + e.getMessage());
            cmd.usage(err);
            return cmd.getCommandSpec().exitCodeOnInvalidInput();
        }
        if (e instanceof UnreachableException) {
            // the network, not the user's input and not a bug: say where and why, on one line
            err.println("secondlook: " + e.getMessage());
            return cmd.getCommandSpec().exitCodeOnExecutionException();
        }
        Throwable cause = e;
        while ((cause instanceof UncheckedIOException || cause instanceof java.util.concurrent.ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String userError = userError(cause);
        if (userError != null) {
            // the user's to fix: one line on what was wrong and what to do
            err.println("secondlook: " + userError);
            return cmd.getCommandSpec().exitCodeOnInvalidInput();
        }
        err.println("secondlook: internal error: " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + firstLine(cause.getMessage()))
                + (verbose ? "" : " (run with --verbose for the details)"));
        if (verbose) {
            cause.printStackTrace(err);
        }
        return cmd.getCommandSpec().exitCodeOnExecutionException();
    }

    /** The one-line message of an error the user can fix, or null when it is ours. */
    static String userError(Throwable t) {
        if (t instanceof java.nio.file.NoSuchFileException n) {
            return "no such file: " + n.getFile();
        }
        if (t instanceof java.nio.file.AccessDeniedException a) {
            return "cannot read " + a.getFile() + ": permission denied";
        }
        if (t instanceof java.nio.file.FileSystemException f) {
            return "cannot use " + f.getFile() + (f.getReason() == null ? "" : ": " + f.getReason());
        }
        String message = t.getMessage() == null ? "" : t.getMessage();
        if (t.getClass().getName().startsWith("software.amazon.awssdk")
                && message.contains("Unable to load credentials")) {
            return "no AWS credentials found: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (for "
                    + "the local stack: alice / alice-local-secret), or run aws configure";
        }
        if (t.getClass().getName().startsWith("software.amazon.awssdk") && message.contains("Unable to load region")) {
            return "no AWS region: pass --region or set AWS_REGION";
        }
        return null;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
