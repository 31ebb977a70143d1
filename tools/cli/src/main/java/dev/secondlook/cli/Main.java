package dev.secondlook.cli;

import java.util.Arrays;

/** Entry point of {@code ./secondlook}: dispatches to a subcommand. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(args);
        } catch (UsageException e) {
            System.err.println("secondlook: " + e.getMessage());
            System.err.println(usage());
            code = 2;
        } catch (RuntimeException e) {
            System.err.println("secondlook: " + e.getMessage());
            code = 1;
        }
        System.exit(code);
    }

    static int run(String[] args) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            System.out.println(usage());
            return 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        return switch (args[0]) {
            case "demo" -> new DemoCommand().run(rest);
            case "rules" -> new RulesCommand(System.out, System.err, System.in).run(rest);
            default -> throw new UsageException("unknown command '" + args[0] + "'");
        };
    }

    static String usage() {
        return String.join("\n",
                "usage: ./secondlook <command> [options]",
                "",
                "commands:",
                "  demo [--keep]   run the sample logs in events/logs through ingest on a local emulator",
                "                  (moto server, or AWS_ENDPOINT_URL) and print the counts",
                "  rules test [--policy FILE] [--tests FILE]",
                "                  run the policy's examples; non-zero exit and a diff on any mismatch",
                "  rules check [--policy FILE] [--input FILE|-]",
                "                  judge a log file (any supported format, gzip or plain): one JSON line per",
                "                  record on stdout, a summary on stderr",
                "  test            run every test and check (what CI runs)");
    }
}
