package dev.secondlook.emulator;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * JUnit 5 extension that hands integration tests an {@link Emulator}: {@code AWS_ENDPOINT_URL} when it is set
 * (moto, LocalStack or anything else already running); otherwise one moto server from the project's virtualenv,
 * started on a free loopback port on first use and stopped when the test run ends. Declare a parameter of type
 * {@link Emulator} in {@code @BeforeAll} or a test method.
 */
public final class EmulatorExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(EmulatorExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == Emulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        return c.getRoot().getStore(NS).getOrComputeIfAbsent("emulator", k -> start(), Running.class).emulator;
    }

    private static Running start() {
        String external = System.getenv("AWS_ENDPOINT_URL");
        if (external != null && !external.isBlank()) {
            String region = System.getenv().getOrDefault("AWS_REGION", MotoServer.REGION);
            return new Running(new Emulator(URI.create(external), region,
                    System.getenv().getOrDefault("AWS_ACCESS_KEY_ID", "testing"),
                    System.getenv().getOrDefault("AWS_SECRET_ACCESS_KEY", "testing"), "external"), null);
        }
        try {
            MotoServer moto = MotoServer.start(Path.of("target"));
            return new Running(moto.emulator(), moto);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the emulator", e);
        }
    }

    /** Stops the server when the root context closes. */
    static final class Running implements ExtensionContext.Store.CloseableResource {
        final Emulator emulator;
        private final MotoServer server;

        Running(Emulator emulator, MotoServer server) {
            this.emulator = emulator;
            this.server = server;
        }

        @Override
        public void close() {
            if (server != null) {
                server.close();
            }
        }
    }
}
