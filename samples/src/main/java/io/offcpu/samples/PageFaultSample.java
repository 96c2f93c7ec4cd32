package io.offcpu.samples;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * One thread reading a memory-mapped file whose pages are not in memory, so that touching them faults and
 * waits in the kernel for the disk to deliver them, in {@link #touchMappedPages()}.
 *
 * <p>Pages only fault for real once they have left the page cache, and Java can neither {@code
 * posix_fadvise(DONTNEED)} nor {@code madvise} (dropping every cache through {@code /proc/sys/vm/drop_caches}
 * would hit the whole machine). So before each round the file is rewritten with {@code O_DIRECT}
 * ({@link ExtendedOpenOption#DIRECT}): a direct write goes around the page cache and drops the range's cached
 * pages, unmapping them from this mapping too, so the next touch of each page must read it from the disk.
 * Anonymous memory would not do: a fresh anonymous page is zero-filled without ever sleeping. Measured on
 * kernel 6.18 (ext4 on virtio): every touched page faults, the faults wait in {@code folio_wait_bit_common}
 * under {@code filemap_fault}, uninterruptible.
 *
 * <p>The file lives in the directory of the second argument ({@link SampleDirectory}); on tmpfs the pages
 * never leave memory and nothing blocks. It is deleted when the thread stops.
 */
public final class PageFaultSample implements Sample {
    public static final String THREAD_NAME = "offcpu-page-faulter";
    public static final String BLOCKING_METHOD = "touchMappedPages";
    static final int FILE_BYTES = 2 * 1024 * 1024;
    private static final int PAGE_BYTES = 4096;
    /** A pause between rounds, so the sample does not keep the shared disk busy. */
    static final Duration PAUSE = Duration.ofMillis(50);
    /** Rounds of 512 reads: well past the JIT's thresholds for both tiers. */
    private static final int WARM_UP_ROUNDS = 400;

    private final Path directory;
    private FileChannel direct;
    private ByteBuffer content;
    private MappedByteBuffer mapping;
    private long round;

    public PageFaultSample(Path directory) {
        this.directory = directory;
    }

    public static void main(String[] args) {
        SampleRunner.main(
                args, "PageFaultSample", Duration.ofSeconds(10), new PageFaultSample(SampleDirectory.fromArgs(args)));
    }

    @Override
    public void start(SampleRunner runner) throws IOException {
        Path file = Files.createTempFile(directory, "offcpu-pagefault-", ".bin");
        direct = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
        // O_DIRECT needs buffers, offsets and lengths aligned to the file system's block size.
        int alignment = Math.toIntExact(Files.getFileStore(file).getBlockSize());
        content = ByteBuffer.allocateDirect(FILE_BYTES + alignment).alignedSlice(alignment);
        writeRoundAroundTheCache();
        try (FileChannel reading = FileChannel.open(file, StandardOpenOption.READ)) {
            // The mapping outlives its channel.
            mapping = reading.map(FileChannel.MapMode.READ_ONLY, 0, FILE_BYTES);
        }
        warmUp();
        runner.startLoop(
                THREAD_NAME,
                () -> {
                    writeRoundAroundTheCache();
                    touchMappedPages();
                },
                PAUSE,
                () -> {
                    try (FileChannel closing = direct) {
                        Files.deleteIfExists(file);
                    }
                });
    }

    /**
     * Runs the touching code on cached pages until the JIT has it, before the thread that faults starts. Code
     * still interpreted or in C1 asks for its compilation at counter overflows, under the JIT's queue lock, and
     * while the JIT is busy (a profiler's own start-up, say) that lock waits a few ms: a futex wait inside
     * {@link #touchMappedPages()} that is not a page fault (seen: 5.8 ms of the 74 ms a run spent there).
     */
    private void warmUp() {
        for (int i = 0; i < WARM_UP_ROUNDS; i++) {
            touchMappedPages();
        }
    }

    /** Writes the next round's number at the start of every page, by O_DIRECT: the cached pages are dropped. */
    private void writeRoundAroundTheCache() throws IOException {
        round++;
        content.clear();
        for (int page = 0; page < FILE_BYTES; page += PAGE_BYTES) {
            content.putLong(page, round);
        }
        while (content.hasRemaining()) {
            direct.write(content, content.position());
        }
    }

    /** Reads every page of the mapping: each read faults and waits for the page to come from the disk. */
    void touchMappedPages() {
        for (int page = 0; page < FILE_BYTES; page += PAGE_BYTES) {
            long seen = mapping.getLong(page);
            if (seen != round) {
                // The old page was still mapped: the fault this sample exists for did not happen.
                throw new IllegalStateException("page at " + page + " of the mapping holds round " + seen
                        + " after round " + round + " was written around the page cache");
            }
        }
    }
}
