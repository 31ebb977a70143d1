package dev.secondlook.cli;

import dev.secondlook.local.LocalRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./secondlook local up [--api-port N] [--template FILE]}: brings the stack up on an emulator and runs it in
 * the foreground until stopped (Ctrl-C), writing {@code .secondlook/local/stack.json}.
 */
@Command(name = "local", description = "Runs the stack on your machine.")
final class LocalCommand {

    private final PrintStream out;
    private final Path home;

    LocalCommand(PrintStream out, Path home) {
        this.out = out;
        this.home = home;
    }

    @Command(name = "up",
            description = {"Brings the stack up on a local emulator and runs it until Ctrl-C.",
                    "The emulator is moto, or $AWS_ENDPOINT_URL if set. Review and evalset talk to this stack by "
                            + "default: it is described in .secondlook/local/stack.json."})
    int up(@Option(names = "--api-port", paramLabel = "N", defaultValue = "0",
                   description = "Port of the local review API (default: ${DEFAULT-VALUE}, any free port).")
           int apiPort,
           @Option(names = "--template", paramLabel = "FILE", defaultValue = "template.yaml",
                   description = "The SAM template to run, relative to the project root (default: ${DEFAULT-VALUE}).")
           String templateFile) {
        Path template = home.resolve(templateFile);
        Path dir = home.resolve(".secondlook/local");
        CountDownLatch stopped = new CountDownLatch(1);
        out.println("local: starting the emulator and creating the stack of " + templateFile + " ...");
        try (LocalRuntime rt = LocalRuntime.start(template, dir, apiPort)) {
            Path stack = rt.writeStackJson(dir);
            out.println("secondlook local stack is up (" + stack + ")");
            out.println("  emulator:   " + rt.emulator().endpoint() + "  log " + rt.motoLog());
            out.println("  review API: " + rt.apiUrl());
            out.println("  gate API:   " + rt.gateApiUrl() + "  (caller: app / app-local-secret)");
            out.println("  console:    " + rt.consoleUrl() + "  (sign in as alice / alice-local-secret)");
            out.println("  log bucket: " + rt.resources().logBucket() + "   review table: " + rt.resources().reviewTable());
            out.println();
            AwsCliHints.print(out, rt);
            out.println("Review as a local reviewer (alice or bob; dana is a lead; carol is refused):");
            out.println("  AWS_ACCESS_KEY_ID=alice AWS_SECRET_ACCESS_KEY=alice-local-secret ./secondlook review next");
            out.println("Ctrl-C to stop.");
            Thread main = Thread.currentThread();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stopped.countDown();
                try {
                    main.join(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            out.println("Accepted from " + templateFile + " but not emulated locally: " + rt.stack().notices());
            // one line per delivery, schedule run and API call: counts only, never ids or text
            rt.onActivity(line -> out.println(java.time.LocalTime.now().withNano(0) + "  " + line));
            while (stopped.getCount() > 0) {
                if (rt.pump() == 0) {
                    LocalRuntime.sleep(500);
                }
            }
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            LocalRuntime.removeStackJson(dir);
        }
    }
}
