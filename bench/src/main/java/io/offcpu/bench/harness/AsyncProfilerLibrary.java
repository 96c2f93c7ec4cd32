package io.offcpu.bench.harness;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.zip.ZipFile;

/**
 * Finds async-profiler's {@code libasyncProfiler.so} for the peer configuration: a given {@code .so}, or
 * extracted from a given jar or from Maven Central's {@code tools.profiler:async-profiler} jar in the local
 * repository (the newest of {@link #VERSIONS} there), which holds {@code linux-x64/libasyncProfiler.so}.
 */
public final class AsyncProfilerLibrary {
    static final List<String> VERSIONS = List.of("4.5", "4.1");
    private static final String ENTRY = "linux-x64/libasyncProfiler.so";

    private AsyncProfilerLibrary() {}

    /** The library to load, extracted into {@code workDirectory} when it comes from a jar; null when none. */
    public static Path find(String given, Path workDirectory) throws IOException {
        if (given != null) {
            Path path = Path.of(given);
            if (!Files.isRegularFile(path)) {
                throw new IOException("--async-profiler " + given + " does not exist: pass libasyncProfiler.so,"
                        + " an async-profiler jar, or 'none'");
            }
            return given.endsWith(".jar") ? extract(path, workDirectory.resolve("async-profiler")) : path;
        }
        Path repository = Path.of(System.getProperty("user.home"), ".m2/repository/tools/profiler/async-profiler");
        for (String version : VERSIONS) {
            Path jar = repository.resolve(version).resolve("async-profiler-" + version + ".jar");
            if (Files.isRegularFile(jar)) {
                return extract(jar, workDirectory.resolve("async-profiler-" + version));
            }
        }
        return null;
    }

    private static Path extract(Path jar, Path directory) throws IOException {
        Path library = directory.resolve("libasyncProfiler.so");
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            var entry = zip.getEntry(ENTRY);
            if (entry == null) {
                throw new IOException(jar + " has no " + ENTRY);
            }
            Files.createDirectories(directory);
            try (InputStream in = zip.getInputStream(entry)) {
                Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return library;
    }
}
