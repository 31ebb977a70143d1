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
            case "demo" -> new DemoCommand(System.out, home()).run(rest);
            case "rules" -> new RulesCommand(System.out, System.err, System.in).run(rest);
            case "local" -> new LocalCommand(System.out, home()).run(rest);
            case "review" -> new ReviewCommand(System.out, home()).run(rest);
            case "evalset" -> new EvalsetCommand(System.out, System.err, home()).run(rest);
            default -> throw new UsageException("unknown command '" + args[0] + "'");
        };
    }

    static java.nio.file.Path home() {
        return java.nio.file.Path.of(System.getProperty("secondlook.home", ".")).toAbsolutePath().normalize();
    }

    static String usage() {
        return String.join("\n",
                "usage: ./secondlook <command> [options]",
                "",
                "commands:",
                "  demo [--keep]   the whole pipeline on a local emulator (moto, or AWS_ENDPOINT_URL): sample",
                "                  logs in, reviews queued, a page, a verdict, an eval case; a summary at the end",
                "  local up [--api-port N] [--template FILE]",
                "                  run the stack locally in the foreground; writes .secondlook/local/stack.json",
                "  review next | show ID | release ID | list [--status S] [--lane L] [--category C]",
                "  review verdict ID --outcome on-policy|off-policy [--category C]... [--severity S]",
                "                  [--note TEXT] [--correct TEXT]",
                "                  the reviewer's client, SigV4-signed with your AWS credentials; the local",
                "                  stack by default, a deployed one with --stack NAME (or --api URL)",
                "  evalset export --format bedrock|bedrock-byoir|promptfoo|openai-evals [--category C]",
                "                  [--since T] [--out FILE]   eval cases in a real eval tool's format",
                "  rules test [--policy FILE] [--tests FILE]",
                "                  run the policy's examples; non-zero exit and a diff on any mismatch",
                "  rules check [--policy FILE] [--input FILE|-]",
                "                  judge a log file (any supported format, gzip or plain): one JSON line per",
                "                  record on stdout, a summary on stderr",
                "  test            run every test and check (what CI runs)");
    }
}
