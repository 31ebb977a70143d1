package dev.secondlook.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Starts {@code moto_server} from the project's virtualenv on a free loopback port and stops it on close. The
 * virtualenv is {@code $SECONDLOOK_VENV}, or {@code .venv} in the first ancestor of the working directory that has
 * one ({@code scripts/bootstrap.sh} creates it with pinned versions). Moto runs with
 * {@code MOTO_DISABLE_GLOBAL_CORS=true}, so that no web page can read the local stack from a browser.
 */
public final class MotoServer implements AutoCloseable {

    public static final String REGION = "us-east-1";

    private final Process process;
    private final Emulator emulator;
    private final Path log;

    private MotoServer(Process process, Emulator emulator, Path log) {
        this.process = process;
        this.emulator = emulator;
        this.log = log;
    }

    /** Starts moto and waits until it answers, up to 60 seconds. */
    public static MotoServer start(Path logDir) throws IOException {
        Path motoBin = findVenv().resolve("bin").resolve("moto_server");
        if (!Files.isExecutable(motoBin)) {
            throw new IOException(motoBin + " not found: run scripts/bootstrap.sh (or set SECONDLOOK_VENV or "
                    + "AWS_ENDPOINT_URL)");
        }
        int port = freePort();
        Files.createDirectories(logDir);
        Path log = logDir.resolve("moto-" + port + ".log");
        ProcessBuilder pb = new ProcessBuilder(motoBin.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // moto answers any origin with permissive CORS headers by default: a web page open in the developer's
        // browser could then read the local stack (review records, eval cases) with fetch() on loopback
        pb.environment().put("MOTO_DISABLE_GLOBAL_CORS", "true");
        Process p = pb.start();
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        MotoServer server = new MotoServer(p, new Emulator(endpoint, REGION, "testing", "testing", "moto"), log);
        try {
            server.awaitReady(Duration.ofSeconds(60));
        } catch (IOException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public Emulator emulator() {
        return emulator;
    }

    public Path log() {
        return log;
    }

    private void awaitReady(Duration timeout) throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        URI probe = emulator.endpoint().resolve("/moto-api/");
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("moto_server exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpURLConnection c = (HttpURLConnection) probe.toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                int code = c.getResponseCode();
                try (InputStream ignored = code < 400 ? c.getInputStream() : c.getErrorStream()) {
                    if (code > 0) {
                        return;
                    }
                }
            } catch (IOException notYet) {
                // still starting
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for moto", e);
            }
        }
        throw new IOException("moto_server did not answer within " + timeout.toSeconds() + " s; see " + log);
    }

    /** The project's virtualenv. */
    public static Path findVenv() {
        String env = System.getenv("SECONDLOOK_VENV");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve(".venv"))) {
                return dir.resolve(".venv");
            }
            dir = dir.getParent();
        }
        return Path.of(".venv").toAbsolutePath();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
    }
}
