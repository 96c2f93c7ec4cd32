import java.nio.file.Path;
import java.time.Instant;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Run with another JDK's java (single-file source launch) to see a recording through that JDK's
 * RecordingFile. Prints one line per event of the given types:
 * type|startEpochNanos|durationNanos|osThreadId|javaName|topMethod|frameCount
 */
public class PrintWithRecordingFile {
    public static void main(String[] args) throws Exception {
        java.util.Set<String> types = java.util.Set.of(args).stream().skip(0).collect(java.util.stream.Collectors.toSet());
        try (RecordingFile f = new RecordingFile(Path.of(args[0]))) {
            while (f.hasMoreEvents()) {
                RecordedEvent e = f.readEvent();
                String type = e.getEventType().getName();
                if (!types.contains(type)) {
                    continue;
                }
                Instant s = e.getStartTime();
                long epochNanos = s.getEpochSecond() * 1_000_000_000L + s.getNano();
                String thread = e.getThread() == null ? "-|-" : e.getThread().getOSThreadId() + "|" + e.getThread().getJavaName();
                String top = "-";
                int frames = 0;
                if (e.getStackTrace() != null && !e.getStackTrace().getFrames().isEmpty()) {
                    RecordedFrame fr = e.getStackTrace().getFrames().get(0);
                    top = fr.getMethod().getName() + "/" + fr.getType();
                    frames = e.getStackTrace().getFrames().size();
                }
                System.out.println(type + "|" + epochNanos + "|" + e.getDuration().toNanos() + "|" + thread + "|" + top + "|" + frames);
            }
        }
    }
}
