package io.offcpu.samples;

import java.nio.file.Path;

/**
 * The directory samples that block on the disk put their file in: the second program argument, default
 * {@code java.io.tmpdir}. It must be on a disk: on tmpfs fsync returns at once and mapped pages never leave
 * memory, so nothing blocks.
 */
public final class SampleDirectory {
    private SampleDirectory() {}

    public static Path fromArgs(String[] args) {
        return Path.of(args.length > 1 ? args[1] : System.getProperty("java.io.tmpdir"));
    }
}
