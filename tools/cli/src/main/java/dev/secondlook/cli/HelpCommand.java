package dev.secondlook.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./secondlook help [COMMAND [SUBCOMMAND]]}: a command's usage. Not picocli's own help command, which
 * counts as a help request, so it accepts any unknown option with exit 0, and stops one level down.
 */
@Command(name = "help", description = "Shows a command's usage, e.g. ./secondlook help review next.")
final class HelpCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "COMMAND", arity = "0..2",
            description = "A command, and one of its subcommands (default: the list of commands).")
    private List<String> path;

    @Override
    public Integer call() {
        CommandLine cmd = spec.parent().commandLine();
        for (String name : path == null ? List.<String>of() : path) {
            cmd = cmd.getSubcommands().get(name);
            if (cmd == null) {
                throw new ParameterException(spec.commandLine(), "unknown command '" + String.join(" ", path) + "'");
            }
        }
        cmd.usage(spec.commandLine().getOut());
        return 0;
    }
}
