package dev.secondlook.emulator;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Captures what a handler writes to standard output (its JSON log lines, EMF metrics) while it runs. */
public final class LogCapture {

    private LogCapture() {
    }

    /** Runs {@code work} and returns everything printed to standard output meanwhile. */
    public static String capture(Runnable work) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            work.run();
        } finally {
            System.setOut(stdout);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
