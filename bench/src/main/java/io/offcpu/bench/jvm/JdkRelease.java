package io.offcpu.bench.jvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The feature release of a JDK home, from its {@code release} file ({@code JAVA_VERSION="17.0.13"}). */
public final class JdkRelease {
    private static final Pattern VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);

    private JdkRelease() {}

    public static int feature(Path home) throws IOException {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            throw new IOException(home + " is not a JDK home: " + release + " is missing");
        }
        Matcher m = VERSION.matcher(Files.readString(release));
        if (!m.find()) {
            throw new IOException(release + " has no JAVA_VERSION=\"<feature>...\" line");
        }
        return Integer.parseInt(m.group(1));
    }
}
