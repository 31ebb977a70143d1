package dev.secondlook.similar;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.zip.CRC32;

/**
 * The model's file and ONNX Runtime's native libraries as files on disk, kept between runs in a cache directory
 * ({@code -Dsecondlook.modelCache}, which the {@code ./secondlook} wrapper sets to {@code .secondlook/model}).
 *
 * <p>From the jar, a run inflates the 34 MB model into the heap and ONNX Runtime copies its 16 MB library to a new
 * temporary directory: about 0.4 s of a command's start. From files, ONNX Runtime maps the library and reads the
 * model itself. IngestFunction's package holds both as plain files already, which are used where they are
 * ({@link #inPlace}, {@link #useNativeLibrariesInPlace()}); Lambda functions set no cache: each cold start has an
 * empty {@code /tmp}, so a copy would only add the writing.
 *
 * <p>A copy is named after its CRC-32 in the jar. It is written to a temporary file, checked against that CRC and
 * only then moved to its name, so two runs writing at once each move a whole copy; it is checked again on each use.
 * Anything that fails (no cache set, a directory that cannot be written, a copy that is unreadable or does not match
 * its CRC and cannot be written again) leaves the caller reading from the jar, as without a cache.
 */
final class ModelFiles {

    static final String CACHE_PROPERTY = "secondlook.modelCache";
    private static final String NATIVE_PATH = "onnxruntime.native.path";
    private static final String TOKENIZER_PATH = "RUST_LIBRARY_PATH";
    /** ONNX Runtime's two libraries, which it loads from one directory by these names. */
    private static final String RUNTIME_LIB = System.mapLibraryName("onnxruntime");
    private static final String JNI_LIB = System.mapLibraryName("onnxruntime4j_jni");

    private ModelFiles() {
    }

    /** The cache directory that {@value #CACHE_PROPERTY} names, if any. */
    static Optional<Path> cache() {
        String dir = System.getProperty(CACHE_PROPERTY);
        return dir == null || dir.isBlank() ? Optional.empty() : Optional.of(Path.of(dir));
    }

    /**
     * The classpath resource {@code name} as a file: the resource itself when it is a file (a classes directory),
     * else its copy in {@code cache}, named {@code CRC-NAME} and written now if it is not there.
     */
    static Optional<Path> file(String name, Path cache) {
        URL url = ModelFiles.class.getResource(name);
        if (url == null) {
            return Optional.empty();
        }
        try {
            if ("file".equals(url.getProtocol())) {
                return inPlace(url);
            }
            Optional<JarURLConnection> jar = jarEntry(url);
            if (jar.isEmpty()) {
                return Optional.empty();
            }
            String base = name.substring(name.lastIndexOf('/') + 1);
            Path copy = cache.resolve(String.format(Locale.ROOT, "%08x-%s", jar.get().getJarEntry().getCrc(), base));
            if (!copied(jar.get(), copy)) {
                return Optional.empty();
            }
            removeOtherVersions(cache, base, copy);
            return Optional.of(copy);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The classpath resource {@code name} when it is a plain file (a classes directory: how a Lambda function's
     * package holds its own files), to be read where it is.
     */
    static Optional<Path> inPlace(String name) {
        return inPlace(ModelFiles.class.getResource(name));
    }

    private static Optional<Path> inPlace(URL url) {
        try {
            return url != null && "file".equals(url.getProtocol()) ? Optional.of(Path.of(url.toURI()))
                    : Optional.empty();
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Points ONNX Runtime at the directory that holds its two native libraries for this platform as plain files on
     * the classpath (IngestFunction's package), so that it loads them there instead of copying them to a new
     * temporary directory first. Does nothing when a path is set, or when they are not both plain files in one
     * directory. Call before ONNX Runtime's first use.
     */
    static void useNativeLibrariesInPlace() {
        useNativeLibrariesInPlace(ModelFiles.class::getResource);
    }

    static void useNativeLibrariesInPlace(java.util.function.Function<String, URL> resources) {
        String folder = onnxRuntimeFolder();
        if (folder == null) {
            return;
        }
        Optional<Path> runtime = inPlace(resources.apply(folder + RUNTIME_LIB));
        Optional<Path> jni = inPlace(resources.apply(folder + JNI_LIB));
        if (runtime.isPresent() && jni.isPresent() && runtime.get().getParent().equals(jni.get().getParent())
                && Files.isReadable(runtime.get()) && Files.isReadable(jni.get())) {
            System.setProperty(NATIVE_PATH, runtime.get().getParent().toString());
        }
    }

    /**
     * Points DJL at the tokenizer's native library when the classpath holds it as a plain file (IngestFunction's
     * package), so that it loads it there instead of copying it to its cache directory first. Does nothing when
     * {@code RUST_LIBRARY_PATH} is set. Call before DJL's first use.
     */
    static void useTokenizerLibraryInPlace() {
        useTokenizerLibraryInPlace(ModelFiles.class::getResource);
    }

    static void useTokenizerLibraryInPlace(java.util.function.Function<String, URL> resources) {
        String platform = djlPlatform();
        if (platform == null || System.getenv(TOKENIZER_PATH) != null || System.getProperty(TOKENIZER_PATH) != null) {
            return;
        }
        Optional<Path> lib = inPlace(resources.apply(
                "/native/lib/" + platform + "/cpu/" + System.mapLibraryName("tokenizers")));
        if (lib.isPresent() && Files.isReadable(lib.get())) {
            System.setProperty(TOKENIZER_PATH, lib.get().toString());
        }
    }

    /** DJL's name for this platform's folder of the tokenizer's library, or null for one not mapped here. */
    static String djlPlatform() {
        String onnx = platform();
        if (onnx == null) {
            return null;
        }
        return onnx.replace("-x64", "-x86_64");
    }

    /**
     * Points ONNX Runtime at copies of its two native libraries for this platform in {@code cache}, in a directory
     * named after the main library's CRC-32 (it loads both from one directory, by their plain names). Does nothing
     * when a path is already set, or on a platform or packaging it does not know. Call before ONNX Runtime's first
     * use: it reads the setting once.
     */
    static void useCachedNativeLibraries(Path cache) {
        String folder = onnxRuntimeFolder();
        if (folder == null) {
            return;
        }
        URL runtimeUrl = ModelFiles.class.getResource(folder + RUNTIME_LIB);
        URL jniUrl = ModelFiles.class.getResource(folder + JNI_LIB);
        if (runtimeUrl == null || jniUrl == null) {
            return;
        }
        try {
            Optional<JarURLConnection> first = jarEntry(runtimeUrl);
            Optional<JarURLConnection> second = jarEntry(jniUrl);
            if (first.isEmpty() || second.isEmpty()) {
                return;
            }
            Path dir = cache.resolve(String.format(Locale.ROOT, "onnxruntime-%s-%08x-%08x", platform(),
                    first.get().getJarEntry().getCrc(), second.get().getJarEntry().getCrc()));
            if (copied(first.get(), dir.resolve(RUNTIME_LIB)) && copied(second.get(), dir.resolve(JNI_LIB))) {
                // other versions' directories are left: a run of another build may be about to load from one
                System.setProperty(NATIVE_PATH, dir.toString());
            }
        } catch (IOException | RuntimeException e) {
            // ONNX Runtime then copies its libraries from the jar itself, as without a cache
        }
    }

    /**
     * The classpath folder of ONNX Runtime's libraries for this platform, or null when there is nothing to choose:
     * a library path is already set, or the platform is not one this class maps.
     */
    private static String onnxRuntimeFolder() {
        String platform = platform();
        return System.getProperty(NATIVE_PATH) != null || platform == null ? null
                : "/ai/onnxruntime/native/" + platform + "/";
    }

    /** ONNX Runtime's name for this platform's folder in its jar, or null for one this class does not map. */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o = os.contains("linux") ? "linux" : os.contains("mac") || os.contains("darwin") ? "osx" : null;
        String a = arch.equals("amd64") || arch.equals("x86_64") ? "x64" : arch.equals("aarch64") ? "aarch64" : null;
        return o == null || a == null ? null : o + "-" + a;
    }

    /** The jar entry behind {@code url}, when it is one whose CRC and size the jar records. */
    private static Optional<JarURLConnection> jarEntry(URL url) throws IOException {
        URLConnection connection = url.openConnection();
        if (!(connection instanceof JarURLConnection jar)) {
            return Optional.empty();
        }
        JarEntry entry = jar.getJarEntry();
        return entry != null && entry.getCrc() >= 0 && entry.getSize() >= 0 ? Optional.of(jar) : Optional.empty();
    }

    /**
     * Whether {@code to} holds the entry: already (a readable file of its size and CRC-32), or written now. The CRC
     * is checked on every use, not only when writing: ONNX Runtime loads its libraries from the directory it is
     * given with no fallback, so a damaged or replaced copy must not be handed to it. Reading 50 MB from the page
     * cache for the check costs a few tens of milliseconds, against the 0.4 s a copy saves.
     */
    private static boolean copied(JarURLConnection jar, Path to) throws IOException {
        JarEntry entry = jar.getJarEntry();
        if (Files.isRegularFile(to) && Files.isReadable(to) && Files.size(to) == entry.getSize()
                && crc(to) == entry.getCrc()) {
            return true;
        }
        Files.createDirectories(to.getParent());
        try (InputStream in = jar.getInputStream()) {
            return write(in, to, entry.getCrc());
        }
    }

    private static long crc(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return transfer(in, OutputStream.nullOutputStream());
        }
    }

    /** Copies {@code in} to {@code out}; the CRC-32 of what it copied. */
    private static long transfer(InputStream in, OutputStream out) throws IOException {
        CRC32 check = new CRC32();
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = in.read(buffer)) > 0) {
            check.update(buffer, 0, n);
            out.write(buffer, 0, n);
        }
        return check.getValue();
    }

    /** Writes {@code in} to {@code to} through a temporary file; false, and nothing at {@code to}, on a CRC mismatch. */
    private static boolean write(InputStream in, Path to, long crc) throws IOException {
        removeAbandonedWrites(to);
        Path tmp = Files.createTempFile(to.getParent(), to.getFileName().toString(), ".tmp");
        try {
            long written;
            try (OutputStream out = Files.newOutputStream(tmp)) {
                written = transfer(in, out);
            }
            if (written != crc) {
                return false;
            }
            move(tmp, to);
            return true;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes temporary files of {@code to} over an hour old: writes that a killed run never finished. */
    private static void removeAbandonedWrites(Path to) {
        long hourAgo = System.currentTimeMillis() - 3_600_000L;
        try (DirectoryStream<Path> tmps = Files.newDirectoryStream(to.getParent(), to.getFileName() + "*.tmp")) {
            for (Path p : tmps) {
                if (Files.getLastModifiedTime(p).toMillis() < hourAgo) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            // left for a later run: an abandoned write costs disk, not correctness
        }
    }

    /** Deletes the copies of {@code base} from other versions of its jar (best effort: another run may be reading). */
    private static void removeOtherVersions(Path cache, String base, Path keep) {
        try (DirectoryStream<Path> copies = Files.newDirectoryStream(cache, "????????-" + base)) {
            for (Path p : copies) {
                if (!p.equals(keep)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            // an old copy left behind costs disk, not correctness: its name holds the CRC it was checked against
        }
    }
}
