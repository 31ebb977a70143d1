package dev.secondlook.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

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

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine(System.out, System.err, System.in, home()).execute(args));
    }

    /**
     * The command tree: it prints to {@code out} and {@code err}, reads {@code stdin}, and works on the project at
     * {@code home}.
     */
    static CommandLine commandLine(PrintStream out, PrintStream err, InputStream stdin, Path home) {
        CommandLine cli = new CommandLine(new Main())
                .addSubcommand(new DemoCommand(out, home))
                .addSubcommand(new LocalCommand(out, home))
                .addSubcommand(new ReviewCommand(out, home))
                .addSubcommand(new EvalsetCommand(out, err, home))
                .addSubcommand(new RulesCommand(out, err, stdin))
                .addSubcommand(new HelpCommand());
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
        err.println("secondlook: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        if (e instanceof UsageException) {
            cmd.usage(err);
            return cmd.getCommandSpec().exitCodeOnInvalidInput();
        }
        return cmd.getCommandSpec().exitCodeOnExecutionException();
    }
}
