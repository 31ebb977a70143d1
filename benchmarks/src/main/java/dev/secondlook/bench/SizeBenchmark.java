package dev.secondlook.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** The deployment package size of each function, as `sam build` lays it out (zipped as Lambda receives it). */
final class SizeBenchmark {

    private SizeBenchmark() {
    }

    static void run(Path home) throws IOException {
        Path build = home.resolve(".aws-sam/build");
        System.out.println("## 4b. Deployment package size per function (`sam build` output, zipped)");
        System.out.println();
        System.out.println("| function | zip | goal <= 12 MB |");
        System.out.println("|---|---|---|");
        List<Path> fns;
        try (Stream<Path> s = Files.list(build)) {
            fns = s.filter(Files::isDirectory).sorted().toList();
        }
        for (Path fn : fns) {
            Path zip = Files.createTempFile("fn", ".zip");
            try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip)); Stream<Path> files =
                    Files.walk(fn)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    out.putNextEntry(new ZipEntry(fn.relativize(f).toString()));
                    Files.copy(f, (OutputStream) out);
                    out.closeEntry();
                }
            }
            double mb = Files.size(zip) / 1024.0 / 1024.0;
            System.out.printf(Locale.ROOT, "| %s | %.1f MB | %s |%n", fn.getFileName(), mb, mb <= 12 ? "met" : "NOT met");
            Files.delete(zip);
        }
        System.out.println();
    }
}
