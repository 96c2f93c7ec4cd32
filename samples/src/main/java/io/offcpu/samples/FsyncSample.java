package io.offcpu.samples;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * One thread rewriting a small file and flushing it to the device with {@code FileChannel.force(true)}
 * (fsync) in {@link #forceToDisk()}. The file lives in the directory of the second argument (see
 * {@link SampleDirectory}) and is deleted when the thread stops.
 */
public final class FsyncSample implements Sample {
    public static final String THREAD_NAME = "offcpu-fsyncer";
    public static final String BLOCKING_METHOD = "forceToDisk";
    static final int WRITE_BYTES = 1024 * 1024;
    /** A pause between flushes, so the sample does not keep the shared disk busy. */
    static final Duration PAUSE = Duration.ofMillis(40);

    private final Path directory;
    private final ByteBuffer content = ByteBuffer.allocate(WRITE_BYTES);
    private FileChannel channel;
    private long round;

    public FsyncSample(Path directory) {
        this.directory = directory;
    }

    public static void main(String[] args) {
        SampleRunner.main(args, "FsyncSample", Duration.ofSeconds(10), new FsyncSample(SampleDirectory.fromArgs(args)));
    }

    @Override
    public void start(SampleRunner runner) throws IOException {
        Path file = Files.createTempFile(directory, "offcpu-fsync-", ".bin");
        channel = FileChannel.open(file, StandardOpenOption.WRITE);
        runner.startLoop(THREAD_NAME, this::writeAndForce, PAUSE, () -> {
            try (FileChannel closing = channel) {
                Files.deleteIfExists(file);
            }
        });
    }

    private void writeAndForce() throws IOException {
        // New bytes each round, so every flush has dirty pages to write.
        round++;
        content.clear();
        while (content.hasRemaining()) {
            content.putLong(round);
        }
        content.flip();
        channel.write(content, 0);
        forceToDisk();
    }

    void forceToDisk() throws IOException {
        channel.force(true);
    }
}
