package io.offcpu.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.offcpu.jfr.SchemaVersion;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import jdk.jfr.MetadataDefinition;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import jdk.jfr.Timespan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report} reads recordings of our schema version only: files our writer made carry it
 * ({@link ReportFixture}); one without it (an offcpu before schema versions) or of another version is refused
 * with a message that names the version and what is accepted. The other files are written by this JVM's own
 * JFR, with events named {@code offcpu.OffCpu} as an older offcpu's were.
 */
class ReportSchemaVersionTest {

    /** The annotation as our chunks declare it, to give the JVM's events another version. */
    @MetadataDefinition
    @Name(SchemaVersion.ANNOTATION)
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface Version {
        int value();
    }

    @Name("offcpu.OffCpu")
    static final class Unversioned extends jdk.jfr.Event {
        String state;
        String syscall;

        @Timespan(Timespan.NANOSECONDS)
        long weight;
    }

    @Name("offcpu.OffCpu")
    @Version(0)
    static final class VersionZero extends jdk.jfr.Event {
        String state;
        String reason;
    }

    @Test
    void aFileOfOurWriterIsRead(@TempDir Path dir) throws Exception {
        ReportRun run =
                ReportRun.of(ReportFixture.write(dir.resolve("fixture.jfr")).toString());
        assertEquals(0, run.exitCode(), run::toString);
    }

    @Test
    void aFileWithoutSchemaVersionIsRefused(@TempDir Path dir) throws Exception {
        Path file = record(dir.resolve("unversioned.jfr"), Unversioned.class);
        String error = refusal(file);
        assertAll(
                () -> assertTrue(error.contains(file + " was written by an offcpu without a schema version"), error),
                () -> assertTrue(
                        error.contains("this report reads schema version " + SchemaVersion.CURRENT + " only"), error));
    }

    @Test
    void aFileOfAnotherSchemaVersionIsRefused(@TempDir Path dir) throws Exception {
        String error = refusal(record(dir.resolve("version-0.jfr"), VersionZero.class));
        assertTrue(
                error.contains("events of schema version 0; this report reads schema version " + SchemaVersion.CURRENT
                        + " only"),
                error);
    }

    /** What report says about a file it refuses (exit status 1). */
    private static String refusal(Path file) {
        ReportRun run = ReportRun.of(file.toString());
        assertEquals(1, run.exitCode(), run::toString);
        return run.err();
    }

    private static Path record(Path file, Class<? extends jdk.jfr.Event> type) throws Exception {
        try (Recording r = new Recording()) {
            r.enable(type).withoutThreshold();
            r.start();
            jdk.jfr.Event e = type.getDeclaredConstructor().newInstance();
            e.begin();
            e.end();
            e.commit();
            r.stop();
            r.dump(file);
        }
        return file;
    }
}
