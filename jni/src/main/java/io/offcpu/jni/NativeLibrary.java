package io.offcpu.jni;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Loads liboffcpu.so: from the path in the {@value #PATH_PROPERTY} system property when set (no
 * silent fallback), else extracted from this jar's {@code native/<platform>/} to a private
 * temporary directory.
 */
public final class NativeLibrary {
    public static final String PATH_PROPERTY = "offcpu.library.path";
    private static final String PLATFORM = "linux-x86_64";
    private static final String RESOURCE = "/native/" + PLATFORM + "/liboffcpu.so";

    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final int NAME_ATTEMPTS = 10;

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
            Path library = privateDirectory(
                            Path.of(System.getProperty("java.io.tmpdir")),
                            "offcpu-" + CurrentProcess.pid() + "-",
                            System::nanoTime)
                    .resolve("liboffcpu.so");
            Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
            return library;
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot extract " + RESOURCE + " to a temporary directory: " + e.getMessage(), e);
        }
    }

    /**
     * A new directory only this user can enter, in java.io.tmpdir. Not Files.createTempDirectory: its random
     * names come from a SecureRandom, whose seeding is 10 to 30 ms of the application's start-up CPU. The name
     * here need not be secret: mkdir either creates the directory, with mode 0700, or fails because something
     * (a directory, a file, a symlink planted by another user) is there already, and then another name is
     * tried; the library is written only inside a directory this process created.
     */
    static Path privateDirectory(Path tmp, String prefix, LongSupplier names) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Path dir = tmp.resolve(prefix + Long.toUnsignedString(names.getAsLong(), 36));
            try {
                return Files.createDirectory(dir, OWNER_ONLY);
            } catch (FileAlreadyExistsException e) {
                if (attempt == NAME_ATTEMPTS) {
                    return Files.createTempDirectory(prefix, OWNER_ONLY); // someone keeps guessing our names
                }
            }
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
