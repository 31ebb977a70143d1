package dev.secondlook.similar;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.function.Function;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ModelFilesTest {

    /** A resource that comes from a jar on the test classpath (langchain4j's), small enough to copy often. */
    private static final String IN_A_JAR = "/bge-small-en-v1.5-q-tokenizer.json";

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = ModelFilesTest.class.getResourceAsStream(name)) {
            assertNotNull(in, name);
            return in.readAllBytes();
        }
    }

    private static String crc(byte[] bytes) {
        CRC32 c = new CRC32();
        c.update(bytes);
        return String.format("%08x", c.getValue());
    }

    @Test
    void aJarResource_isCopiedOnce_underItsCrc_andReadFromTheCopyAfter(@TempDir Path cache) throws Exception {
        assertEquals("jar", ModelFilesTest.class.getResource(IN_A_JAR).getProtocol());
        byte[] expected = resource(IN_A_JAR);

        Path copy = ModelFiles.file(IN_A_JAR, cache).orElseThrow();
        assertEquals(cache.resolve(crc(expected) + "-bge-small-en-v1.5-q-tokenizer.json"), copy);
        assertArrayEquals(expected, Files.readAllBytes(copy));
        try (var left = Files.list(cache)) {
            assertEquals(1, left.count(), "no temporary file is left beside the copy");
        }

        FileTime written = FileTime.fromMillis(1_000_000_000L);
        Files.setLastModifiedTime(copy, written);
        assertEquals(copy, ModelFiles.file(IN_A_JAR, cache).orElseThrow());
        assertEquals(written, Files.getLastModifiedTime(copy), "a whole copy is read, not written again");
    }

    @Test
    void aCopyOfTheWrongSize_isWrittenAgain_andCopiesFromOtherVersionsAreRemoved(@TempDir Path cache)
            throws Exception {
        byte[] expected = resource(IN_A_JAR);
        Path copy = cache.resolve(crc(expected) + "-bge-small-en-v1.5-q-tokenizer.json");
        Files.write(copy, new byte[] {1, 2, 3});
        Path older = cache.resolve("0badc0de-bge-small-en-v1.5-q-tokenizer.json");
        Files.write(older, new byte[] {4});
        Path unrelated = cache.resolve("0badc0de-something-else.json");
        Files.write(unrelated, new byte[] {5});

        assertEquals(copy, ModelFiles.file(IN_A_JAR, cache).orElseThrow());
        assertArrayEquals(expected, Files.readAllBytes(copy));
        assertFalse(Files.exists(older), "another version's copy of the same file is removed");
        assertTrue(Files.exists(unrelated), "copies of other files are left alone");
    }

    @Test
    void aCopyOfTheRightSizeButOtherBytes_isWrittenAgain_andAnAbandonedWriteIsCleanedUp(@TempDir Path cache)
            throws Exception {
        byte[] expected = resource(IN_A_JAR);
        Path copy = cache.resolve(crc(expected) + "-bge-small-en-v1.5-q-tokenizer.json");
        byte[] damaged = expected.clone();
        damaged[damaged.length / 2] ^= 1;
        Files.write(copy, damaged);
        Path abandoned = cache.resolve(copy.getFileName() + "123.tmp");
        Files.write(abandoned, new byte[] {1});
        Files.setLastModifiedTime(abandoned, FileTime.fromMillis(System.currentTimeMillis() - 2 * 3_600_000L));
        Path writing = cache.resolve(copy.getFileName() + "456.tmp");
        Files.write(writing, new byte[] {2});

        assertEquals(copy, ModelFiles.file(IN_A_JAR, cache).orElseThrow());
        assertArrayEquals(expected, Files.readAllBytes(copy), "the CRC is checked on use, not only the size");
        assertFalse(Files.exists(abandoned), "a temporary file over an hour old is an abandoned write");
        assertTrue(Files.exists(writing), "a recent one may be another run's write in progress");
    }

    @Test
    void aResourceThatIsAFile_isUsedWhereItIs(@TempDir Path cache) throws Exception {
        String name = "/" + ModelFilesTest.class.getName().replace('.', '/') + ".class";
        assertEquals("file", ModelFilesTest.class.getResource(name).getProtocol());
        Path file = ModelFiles.file(name, cache).orElseThrow();
        assertEquals(Path.of(ModelFilesTest.class.getResource(name).toURI()), file);
        try (var left = Files.list(cache)) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void nativeLibrariesThatArePlainFiles_areLoadedWhereTheyAre_onlyWhenBothAreInOneDirectory(@TempDir Path dir)
            throws Exception {
        String platform = ModelFiles.platform();
        String folder = "/ai/onnxruntime/native/" + platform + "/";
        Path libs = Files.createDirectories(dir.resolve("classes/ai/onnxruntime/native/" + platform));
        Files.write(libs.resolve(System.mapLibraryName("onnxruntime")), new byte[] {1});
        Files.write(libs.resolve(System.mapLibraryName("onnxruntime4j_jni")), new byte[] {2});
        Function<String, URL> classes = classesDirectory(dir.resolve("classes"));
        withoutProperty("onnxruntime.native.path", () -> {
            ModelFiles.useNativeLibrariesInPlace(classes);
            assertEquals(libs.toString(), System.getProperty("onnxruntime.native.path"));

            System.clearProperty("onnxruntime.native.path");
            Files.delete(libs.resolve(System.mapLibraryName("onnxruntime4j_jni")));
            ModelFiles.useNativeLibrariesInPlace(classes);
            assertEquals(null, System.getProperty("onnxruntime.native.path"), "one of the two missing: not set");

            // from jars (this module's test classpath), they are not plain files: ONNX Runtime copies them itself
            ModelFiles.useNativeLibrariesInPlace(ModelFilesTest.class::getResource);
            assertEquals(null, System.getProperty("onnxruntime.native.path"));
            assertEquals("jar", ModelFilesTest.class.getResource(folder + System.mapLibraryName("onnxruntime"))
                    .getProtocol());
        });
    }

    @Test
    void theTokenizersLibraryAsAPlainFile_isLoadedWhereItIs(@TempDir Path dir) throws Exception {
        assumeTrue(System.getenv("RUST_LIBRARY_PATH") == null);
        String name = "/native/lib/" + ModelFiles.djlPlatform() + "/cpu/" + System.mapLibraryName("tokenizers");
        Path lib = dir.resolve("classes" + name);
        Files.createDirectories(lib.getParent());
        Files.write(lib, new byte[] {1});
        withoutProperty("RUST_LIBRARY_PATH", () -> {
            ModelFiles.useTokenizerLibraryInPlace(ModelFilesTest.class::getResource);
            assertEquals(null, System.getProperty("RUST_LIBRARY_PATH"), "from a jar: DJL copies it itself");
            ModelFiles.useTokenizerLibraryInPlace(classesDirectory(dir.resolve("classes")));
            assertEquals(lib.toString(), System.getProperty("RUST_LIBRARY_PATH"));
        });
    }

    @Test
    void aModelThatIsAPlainFile_isReadInPlace_andOneInAJar_isNot() throws Exception {
        String self = "/" + ModelFilesTest.class.getName().replace('.', '/') + ".class";
        assertEquals(Path.of(ModelFilesTest.class.getResource(self).toURI()), ModelFiles.inPlace(self).orElseThrow());
        assertEquals(Optional.empty(), ModelFiles.inPlace(IN_A_JAR));
        assertEquals(Optional.empty(), ModelFiles.inPlace("/no/such/resource.onnx"));
    }

    @Test
    void noCopy_whenTheCacheCannotBeWritten_orTheResourceIsMissing(@TempDir Path dir) throws Exception {
        Path notADirectory = dir.resolve("cache");
        Files.write(notADirectory, new byte[] {0});
        assertEquals(Optional.empty(), ModelFiles.file(IN_A_JAR, notADirectory));
        assertEquals(Optional.empty(), ModelFiles.file("/no/such/resource.onnx", dir));
    }

    @Test
    void onnxRuntimesLibraries_areCopiedIntoOneDirectory_underTheirOwnNames(@TempDir Path cache) throws Exception {
        String platform = ModelFiles.platform();
        assertNotNull(platform, "the platform CI runs on is one ONNX Runtime ships: " + System.getProperty("os.arch"));
        withoutProperty("onnxruntime.native.path", () -> {
            ModelFiles.useCachedNativeLibraries(cache);
            Path dir = Path.of(System.getProperty("onnxruntime.native.path"));
            assertTrue(dir.startsWith(cache), dir.toString());
            for (String lib : new String[] {"onnxruntime", "onnxruntime4j_jni"}) {
                String name = System.mapLibraryName(lib);
                assertArrayEquals(resource("/ai/onnxruntime/native/" + platform + "/" + name),
                        Files.readAllBytes(dir.resolve(name)), name);
            }

            System.setProperty("onnxruntime.native.path", "/chosen/by/the/user");
            ModelFiles.useCachedNativeLibraries(cache);
            assertEquals("/chosen/by/the/user", System.getProperty("onnxruntime.native.path"),
                    "a path set by the user is kept");
        });
    }

    private interface Body {
        void run() throws Exception;
    }

    /** Runs {@code body} with the system property cleared, and puts back what it was. */
    private static void withoutProperty(String name, Body body) throws Exception {
        String before = System.getProperty(name);
        System.clearProperty(name);
        try {
            body.run();
        } finally {
            if (before == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, before);
            }
        }
    }

    /** Classpath lookups in a classes directory: a plain file's URL, as a Lambda package gives it, or null. */
    private static Function<String, URL> classesDirectory(Path classes) {
        return name -> {
            Path p = classes.resolve(name.substring(1));
            try {
                return Files.exists(p) ? p.toUri().toURL() : null;
            } catch (MalformedURLException e) {
                throw new AssertionError(e);
            }
        };
    }
}
