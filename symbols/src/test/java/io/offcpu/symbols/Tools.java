package io.offcpu.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Runs the external oracles (gcc, readelf, nm) and builds the C fixtures once per JVM. */
final class Tools {
    static final Path LIBC = Path.of("/lib/x86_64-linux-gnu/libc.so.6");
    private static final Map<String, Path> BUILT = new ConcurrentHashMap<>();
    private static Path buildDirectory;

    private Tools() {}

    static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        byte[] out;
        byte[] err;
        try (InputStream stdout = process.getInputStream();
                InputStream stderr = process.getErrorStream()) {
            out = stdout.readAllBytes();
            err = stderr.readAllBytes();
        }
        int exit = process.waitFor();
        assertEquals(0, exit, () -> String.join(" ", command) + " failed: " + new String(err, StandardCharsets.UTF_8));
        return new String(out, StandardCharsets.UTF_8);
    }

    static void requireTool(String tool) {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            found |= Files.isExecutable(Path.of(dir, tool));
        }
        assumeTrue(found, tool + " is not installed (apt-get install binutils gcc)");
    }

    /** A shared library assembled from a fixture .s file (hand-written CFI), without the C runtime. */
    static synchronized Path assembledFixture(String resource) throws IOException, InterruptedException {
        Path built = BUILT.get(resource);
        if (built != null) {
            return built;
        }
        requireTool("gcc");
        Path directory = buildDirectory();
        Path source = directory.resolve(resource);
        try (InputStream in = Tools.class.getResourceAsStream("/fixtures/" + resource)) {
            Files.copy(in, source, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path output = directory.resolve("lib" + resource.replace(".s", "") + ".so");
        run("gcc", "-shared", "-fPIC", "-nostdlib", "-o", output.toString(), source.toString());
        output.toFile().deleteOnExit();
        BUILT.put(resource, output);
        return output;
    }

    private static Path buildDirectory() throws IOException {
        if (buildDirectory == null) {
            buildDirectory = Files.createTempDirectory("offcpu-symbols-fixtures");
            buildDirectory.toFile().deleteOnExit();
        }
        return buildDirectory;
    }

    /** The fixture shared library built from unwind_fixture.c with the given gcc flags (space separated). */
    static synchronized Path fixtureLibrary(String flags) throws IOException, InterruptedException {
        Path built = BUILT.get(flags);
        if (built != null) {
            return built;
        }
        requireTool("gcc");
        Path source = buildDirectory().resolve("unwind_fixture.c");
        if (!Files.exists(source)) {
            try (InputStream in = Tools.class.getResourceAsStream("/fixtures/unwind_fixture.c")) {
                Files.copy(in, source);
            }
        }
        Path output = buildDirectory().resolve("libfixture" + BUILT.size() + ".so");
        List<String> command = new ArrayList<>(List.of("gcc"));
        command.addAll(List.of(flags.split(" ")));
        command.addAll(List.of("-shared", "-fPIC", "-o", output.toString(), source.toString()));
        run(command.toArray(String[]::new));
        output.toFile().deleteOnExit();
        BUILT.put(flags, output);
        return output;
    }
}
