package io.offcpu.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/** Reads the off-CPU events of a recording with the JDK's own parser. */
final class RecordingReader {
    static final String OFF_CPU_EVENT = "offcpu.OffCpu";

    private RecordingReader() {}

    static List<BlockedInterval> read(Path file) throws IOException {
        List<BlockedInterval> intervals = new ArrayList<>();
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent e = recording.readEvent();
                if (e.getEventType().getName().equals(OFF_CPU_EVENT)) {
                    intervals.add(interval(e));
                }
            }
        }
        return intervals;
    }

    private static BlockedInterval interval(RecordedEvent e) {
        RecordedThread thread = e.getThread();
        String name = thread == null ? "?" : thread.getJavaName() != null ? thread.getJavaName() : thread.getOSName();
        long tid = thread == null ? 0 : thread.getOSThreadId();
        return new BlockedInterval(name, tid, e.getString("state"), e.getString("syscall"),
                e.getDuration().toNanos(), e.getDuration("weight").toNanos(), frames(e.getStackTrace()));
    }

    private static List<BlockedInterval.NamedFrame> frames(RecordedStackTrace stack) {
        if (stack == null) {
            return List.of();
        }
        List<RecordedFrame> leafFirst = stack.getFrames();
        List<BlockedInterval.NamedFrame> rootFirst = new ArrayList<>(leafFirst.size());
        for (int i = leafFirst.size() - 1; i >= 0; i--) {
            RecordedFrame f = leafFirst.get(i);
            String type = f.getType() == null ? "Native" : f.getType();
            String className = f.getMethod().getType().getName();
            String method = f.getMethod().getName();
            String name = className == null || className.isEmpty() ? method : className + "." + method;
            rootFirst.add(new BlockedInterval.NamedFrame(name, type));
        }
        return rootFirst;
    }
}
