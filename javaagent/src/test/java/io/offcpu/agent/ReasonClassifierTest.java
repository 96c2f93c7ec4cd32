package io.offcpu.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.offcpu.agent.ReasonClassifier.Classification;
import io.offcpu.jfr.Frame;
import io.offcpu.jfr.FrameType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule of {@link ReasonClassifier} against episodes recorded from the samples on JDK 17 and 25
 * (recorded-episodes.txt), plus the cases that need no stack.
 */
class ReasonClassifierTest {

    record RecordedEpisode(
            String origin,
            String expectedReason,
            String expectedDetail,
            int state,
            String syscall,
            List<Frame> frames) {
        @Override
        public String toString() {
            return origin;
        }
    }

    static Stream<RecordedEpisode> recordedEpisodes() throws IOException {
        String text;
        try (InputStream in = ReasonClassifierTest.class.getResourceAsStream("recorded-episodes.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<RecordedEpisode> episodes = new ArrayList<>();
        for (String block : text.split("\n\n")) {
            if (block.startsWith("##")) {
                episodes.add(parse(block));
            }
        }
        return episodes.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordedEpisodes")
    void classifiesRecordedEpisodes(RecordedEpisode e) {
        Classification c = ReasonClassifier.classify(e.state(), e.syscall(), e.frames());
        assertEquals(e.expectedReason() + " | " + e.expectedDetail(), c.reason().value() + " | " + c.detail());
    }

    @Test
    void theRecordedEpisodesCoverEveryReason() throws IOException {
        List<String> covered = recordedEpisodes()
                .map(RecordedEpisode::expectedReason)
                .distinct()
                .sorted()
                .toList();
        List<String> all = Arrays.stream(OffCpuReason.values())
                .map(OffCpuReason::value)
                .filter(r -> !r.equals("other"))
                .sorted()
                .toList();
        assertEquals(all, covered);
    }

    @Test
    void withoutAStackTheSyscallDecides() {
        assertEquals(
                new Classification(OffCpuReason.LOCK, "futex (no user stack)"),
                ReasonClassifier.classify(1, "futex", List.of()));
        assertEquals(
                new Classification(OffCpuReason.SLEEP, "nanosleep"),
                ReasonClassifier.classify(1, "clock_nanosleep", List.of()));
        assertEquals(
                new Classification(OffCpuReason.DISK_IO, "fsync"),
                ReasonClassifier.classify(2, "fdatasync", List.of()));
        assertEquals(
                new Classification(OffCpuReason.NETWORK, "poll"), ReasonClassifier.classify(1, "ppoll", List.of()));
        assertEquals(
                new Classification(OffCpuReason.NETWORK, "socket connect"),
                ReasonClassifier.classify(1, "connect", List.of()));
        assertEquals(
                new Classification(OffCpuReason.OTHER, "child process"),
                ReasonClassifier.classify(1, "wait4", List.of()));
        assertEquals(
                new Classification(OffCpuReason.PREEMPTED, "yield"),
                ReasonClassifier.classify(0, "sched_yield", List.of()));
    }

    @Test
    void readsAreSplitByTheKernelPathTheyWaitIn() {
        List<Frame> pipe = List.of(kernel("pipe_read"), kernel("vfs_read"));
        assertEquals(new Classification(OffCpuReason.OTHER, "pipe read"), ReasonClassifier.classify(1, "read", pipe));
        List<Frame> file = List.of(kernel("folio_wait_bit_common"), kernel("filemap_read"), kernel("vfs_read"));
        assertEquals(
                new Classification(OffCpuReason.DISK_IO, "file read"), ReasonClassifier.classify(2, "pread64", file));
        assertEquals(
                new Classification(OffCpuReason.OTHER, "read"),
                ReasonClassifier.classify(1, "read", List.of(kernel("n_tty_read"))));
    }

    @Test
    void uninterruptibleWaitsOutsideTheBlockLayerAreOther() {
        assertEquals(
                new Classification(OffCpuReason.OTHER, "openat"),
                ReasonClassifier.classify(2, "openat", List.of(kernel("rwsem_down_read_slowpath"))));
        assertEquals(
                new Classification(OffCpuReason.DISK_IO, "openat"),
                ReasonClassifier.classify(2, "openat", List.of(kernel("__wait_on_buffer"), kernel("ext4_find_entry"))));
        assertEquals(
                new Classification(OffCpuReason.OTHER, "msleep"),
                ReasonClassifier.classify(2, "", List.of(kernel("msleep"))));
    }

    @Test
    void aSafepointWaitOnTheWayOutOfNativeCodeIsAJvmLock() {
        // Recorded on JDK 25 (FsyncSample under load): 156 ms waiting for a safepoint after fsync returned.
        List<Frame> frames = List.of(
                kernel("futex_do_wait"),
                kernel("__futex_wait"),
                kernel("do_futex"),
                Frame.symbol("", "syscall", FrameType.NATIVE),
                Frame.symbol("", "_ZN16LinuxWaitBarrier4waitEi", FrameType.CPP),
                Frame.symbol("", "_ZN20SafepointSynchronize5blockEP10JavaThread", FrameType.CPP),
                Frame.symbol("", "_ZN18SafepointMechanism7processEP10JavaThreadbb", FrameType.CPP),
                new Frame("sun.nio.ch.UnixFileDispatcherImpl", "force0", null, FrameType.INTERPRETED, -1, -1));
        assertEquals(new Classification(OffCpuReason.LOCK, "safepoint"), ReasonClassifier.classify(1, "futex", frames));
    }

    @Test
    void cxxFramesAreMatchedDemangledOrMangled() {
        assertTrue(ReasonClassifier.isCxxMethod("ObjectMonitor::wait", "ObjectMonitor", "wait"));
        assertTrue(ReasonClassifier.isCxxMethod("os::PlatformEvent::park", "PlatformEvent", "park"));
        assertTrue(ReasonClassifier.isCxxMethod("_ZN13ObjectMonitor4waitEl", "ObjectMonitor", "wait"));
        assertTrue(ReasonClassifier.isCxxMethod("JavaThread::sleep(long) [clone .part.0]", "JavaThread", "sleep"));
        assertFalse(ReasonClassifier.isCxxMethod("JavaThread::sleep_nanos", "JavaThread", "sleep"));
        assertFalse(ReasonClassifier.isCxxMethod("MyObjectMonitor::wait", "ObjectMonitor", "wait"));
        assertFalse(ReasonClassifier.isCxxMethod("_ZN13ObjectMonitor5enterEP10JavaThread", "ObjectMonitor", "wait"));
    }

    private static Frame kernel(String function) {
        return Frame.symbol("", function, FrameType.KERNEL);
    }

    private static RecordedEpisode parse(String block) {
        String origin = null;
        String reason = null;
        String detail = null;
        int state = -1;
        String syscall = "";
        List<Frame> frames = new ArrayList<>();
        for (String line : block.split("\n")) {
            if (line.startsWith("## ")) {
                origin = line.substring(3);
            } else if (line.startsWith("expect ")) {
                String[] parts = line.substring(7).split(" \\| ");
                reason = parts[0];
                detail = parts[1];
            } else if (line.startsWith("state ")) {
                state = switch (line.substring(6)) {
                    case "runnable (preempted)" -> 0;
                    case "sleeping (S)" -> 1;
                    case "uninterruptible (D)" -> 2;
                    default -> throw new IllegalArgumentException("unknown state line: " + line);
                };
            } else if (line.startsWith("syscall")) {
                syscall = line.length() > 8 ? line.substring(8) : "";
            } else if (line.startsWith("frame ")) {
                frames.add(frame(line.substring(6)));
            }
        }
        return new RecordedEpisode(origin, reason, detail, state, syscall, frames);
    }

    private static Frame frame(String typeAndName) {
        for (FrameType type : FrameType.values()) {
            if (typeAndName.startsWith(type.jfrName() + " ")) {
                String name = typeAndName.substring(type.jfrName().length() + 1);
                if (!type.isJava()) {
                    return Frame.symbol("", name, type);
                }
                int dot = name.lastIndexOf('.');
                // The agent's frames carry JVM internal class names (java/lang/Thread), as JFR writes them.
                return new Frame(name.substring(0, dot).replace('.', '/'), name.substring(dot + 1), null, type, -1, -1);
            }
        }
        throw new IllegalArgumentException("unknown frame type in: " + typeAndName);
    }
}
