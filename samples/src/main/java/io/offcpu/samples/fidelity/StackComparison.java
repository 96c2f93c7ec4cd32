package io.offcpu.samples.fidelity;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Compares one episode's recorded Java frames with the truth the thread took just before it blocked.
 *
 * <p>Which recorded frames count: Java code ({@code Interpreted}, {@code JIT compiled}, {@code Inlined}) and
 * Java methods declared {@code native} ({@code Native} frames that name a class); C++, libc and kernel frames
 * are not compared. Frames the JVM's own stack walk hides are dropped too, since the truth cannot contain
 * them: hidden classes (lambda proxies {@code $$Lambda}, {@code LambdaForm$} classes, any class whose name
 * carries a {@code /0x}, {@code .0x} or {@code +0x} address) and the JDK's {@code @Hidden} methods listed in
 * {@link #HIDDEN_METHODS}.
 *
 * <p>Where the comparison starts: the truth begins at the sample's blocking method (the frames of the JDK's
 * park/sleep/wait above it differ between JDK versions and are not in the truth), so the recorded frames are
 * compared from their first frame naming that method outward, down to {@code Thread.run}. Frames equal when
 * their class and method names are; lines equal when every compared frame's line is the truth's.
 */
public final class StackComparison {
    /** JDK methods annotated {@code @jdk.internal.vm.annotation.Hidden} that can sit under a sample's frames. */
    static final Set<String> HIDDEN_METHODS = Set.of("java.lang.Thread.runWith");

    private static final Set<String> JAVA_CODE_TYPES = Set.of("Interpreted", "JIT compiled", "Inlined");

    /** The outcome; {@code cause} groups mismatches of the same kind, {@code detail} says which frames. */
    public record Result(
            boolean framesEqual,
            boolean linesEqual,
            String cause,
            String detail,
            List<RecordedEpisode.Frame> comparedFrames) {}

    private StackComparison() {}

    public static Result compare(StackTruth truth, RecordedEpisode episode) {
        List<RecordedEpisode.Frame> java = javaFrames(episode.frames());
        List<StackTruth.Frame> expected = truth.frames();
        String blockingMethod = expected.get(0).qualifiedName();
        int anchor = -1;
        for (int i = 0; i < java.size() && anchor < 0; i++) {
            if (java.get(i).qualifiedName().equals(blockingMethod)) {
                anchor = i;
            }
        }
        if (anchor < 0) {
            String cause = java.isEmpty()
                    ? "no Java frames recorded"
                    : "blocking method missing; top Java frame " + typed(java.get(0));
            return new Result(false, false, cause, "expected " + blockingMethod + " in " + describe(java), java);
        }
        List<RecordedEpisode.Frame> compared = java.subList(anchor, java.size());
        int k = 0;
        while (k < compared.size()
                && k < expected.size()
                && compared.get(k).qualifiedName().equals(expected.get(k).qualifiedName())) {
            k++;
        }
        if (k == compared.size() && k == expected.size()) {
            return compareLines(expected, compared);
        }
        return new Result(
                false,
                false,
                mismatchCause(expected, compared, k),
                "expected " + describeTruth(expected) + "\n      recorded " + describe(compared),
                compared);
    }

    private static Result compareLines(List<StackTruth.Frame> expected, List<RecordedEpisode.Frame> compared) {
        for (int i = 0; i < expected.size(); i++) {
            int want = expected.get(i).line();
            int got = compared.get(i).line();
            if (want != got) {
                String kind = got <= 0 ? "no line" : "wrong line";
                return new Result(
                        true,
                        false,
                        kind + " in a " + compared.get(i).type() + " frame",
                        compared.get(i).qualifiedName() + " line " + got + ", expected " + want,
                        compared);
            }
        }
        return new Result(true, true, null, null, compared);
    }

    private static String mismatchCause(List<StackTruth.Frame> expected, List<RecordedEpisode.Frame> compared, int k) {
        String after = k == 0 ? "the blocking method" : typed(compared.get(k - 1));
        if (k == compared.size()) {
            return "stack ends after " + after + ": " + (expected.size() - k) + " frame(s) missing from "
                    + expected.get(k).qualifiedName();
        }
        if (k == expected.size()) {
            return "extra frame(s) below Thread.run from " + typed(compared.get(k));
        }
        for (int m = 1; k + m < expected.size(); m++) {
            if (expected.get(k + m).qualifiedName().equals(compared.get(k).qualifiedName())) {
                return m + " frame(s) missing below " + after + ": "
                        + expected.subList(k, k + m).stream()
                                .map(StackTruth.Frame::qualifiedName)
                                .collect(Collectors.joining(", "));
            }
        }
        for (int m = 1; k + m < compared.size(); m++) {
            if (compared.get(k + m).qualifiedName().equals(expected.get(k).qualifiedName())) {
                return m + " extra frame(s) below " + after + ": "
                        + compared.subList(k, k + m).stream()
                                .map(StackComparison::typed)
                                .collect(Collectors.joining(", "));
            }
        }
        return "wrong frame below " + after + ": " + typed(compared.get(k)) + " instead of "
                + expected.get(k).qualifiedName();
    }

    static List<RecordedEpisode.Frame> javaFrames(List<RecordedEpisode.Frame> frames) {
        List<RecordedEpisode.Frame> java = new ArrayList<>();
        for (RecordedEpisode.Frame f : frames) {
            boolean javaCode = JAVA_CODE_TYPES.contains(f.type());
            boolean javaNative = "Native".equals(f.type())
                    && f.className() != null
                    && !f.className().isEmpty();
            if ((javaCode || javaNative) && !isHidden(f)) {
                java.add(f);
            }
        }
        return java;
    }

    static boolean isHidden(RecordedEpisode.Frame f) {
        String c = f.className() == null ? "" : f.className();
        return c.contains("$$Lambda")
                || c.startsWith("java.lang.invoke.LambdaForm$")
                || c.contains("/0x")
                || c.contains(".0x")
                || c.contains("+0x")
                || HIDDEN_METHODS.contains(f.qualifiedName());
    }

    private static String typed(RecordedEpisode.Frame f) {
        return f.qualifiedName() + " (" + f.type() + ")";
    }

    private static String describe(List<RecordedEpisode.Frame> frames) {
        return frames.stream()
                .map(f -> f.qualifiedName() + ":" + f.line() + "/" + f.type())
                .collect(Collectors.joining(" < ", "[", "]"));
    }

    private static String describeTruth(List<StackTruth.Frame> frames) {
        return frames.stream().map(StackTruth.Frame::toString).collect(Collectors.joining(" < ", "[", "]"));
    }
}
