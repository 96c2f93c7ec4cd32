package io.offcpu.jni;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Loads liboffcpu.so: from the path in the {@value #PATH_PROPERTY} system property when set (no
 * silent fallback), else extracted from this jar's {@code native/<platform>/} to a private
 * temporary directory.
 */
public final class NativeLibrary {
    public static final String PATH_PROPERTY = "offcpu.library.path";
    private static final String PLATFORM = "linux-x86_64";
    private static final String RESOURCE = "/native/" + PLATFORM + "/liboffcpu.so";

    private static volatile boolean loaded;

    private NativeLibrary() {}

    public static synchronized void load() {
        if (loaded) {
            return;
        }
        String override = System.getProperty(PATH_PROPERTY);
        if (override != null) {
            System.load(Path.of(override).toAbsolutePath().toString());
        } else {
            checkPlatform();
            Path library = extract();
            try {
                System.load(library.toString());
            } finally {
                // The library stays mapped after deletion: nothing is left behind in /tmp.
                deleteQuietly(library);
                deleteQuietly(library.getParent());
            }
        }
        loaded = true;
    }

    private static void checkPlatform() {
        String os = System.getProperty("os.name");
        String arch = System.getProperty("os.arch");
        if (!"Linux".equals(os) || !("amd64".equals(arch) || "x86_64".equals(arch))) {
            throw new UnsupportedOperationException("offcpu runs on Linux x86_64 only, this JVM is " + os + "/" + arch);
        }
    }

    private static Path extract() {
        try (InputStream in = NativeLibrary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("offcpu.jar lacks " + RESOURCE + "; rebuild it or set -D"
                        + PATH_PROPERTY + "=<path to liboffcpu.so>");
            }
            Path dir = Files.createTempDirectory(
                    "offcpu-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path library = dir.resolve("liboffcpu.so");
            Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
            return library;
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot extract " + RESOURCE + " to a temporary directory: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // A leftover file in a private temporary directory is harmless.
        }
    }
}
