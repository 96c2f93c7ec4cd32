package io.offcpu.jfr;

import static io.offcpu.jfr.JfrType.annotation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every type our chunks declare, with labels and descriptions, and how each field is written. This
 * is the single definition of the {@code offcpu.*} events; the chunk metadata is generated from it.
 *
 * <p>The JDK types ({@code java.lang.Thread}, {@code jdk.types.StackTrace}, ...) mirror what HotSpot 17
 * and 25 declare, field for field, because readers recognise them by name and field names: JMC builds
 * its thread and frame objects reflectively from the field names, the JDK's {@code RecordedThread}
 * reads {@code javaThreadId}. Thread has no {@code virtual} field (JDK 21+ has one): JMC 9.1.2 logs a
 * warning for it, and the JDK reads a missing one as false. We declare them ourselves rather than rely on the JVM's chunk: the
 * JDK's own writer for user events has no {@code javaThreadId} and pools stack frames, which its
 * parser cannot read back.
 *
 * <p>Type ids start at {@link #TYPE_ID_BASE}, far above any id HotSpot assigns (its own types are
 * numbered from 0, Java-defined types take class trace ids, a counter of loaded classes). The JDK
 * parser shares constant pools between chunks by type id, so an id that meant another type in the
 * JVM's chunks would mix our constants with the JVM's.
 */
final class OffCpuSchema {

    /** 2^34: 5-byte varints, above any class count a JVM reaches. */
    static final long TYPE_ID_BASE = 1L << 34;

    /** Our metadata id; the JDK parser reuses the previous chunk's metadata when the ids are equal. */
    static final long METADATA_ID = 0x6F66_6663_7075L; // "offcpu"

    static final String CATEGORY = "Off-CPU";

    /**
     * A Java method, or a native/kernel symbol presented as one. Pool keys, like {@link StackRef}: equals and
     * hashCode are written out, as generated ones bootstrap through invokedynamic on first use (start-up cost in
     * the profiled JVM).
     */
    record MethodRef(String className, String name, String descriptor) {
        @Override
        public boolean equals(Object o) {
            return o instanceof MethodRef m
                    && name.equals(m.name)
                    && className.equals(m.className)
                    && descriptor.equals(m.descriptor);
        }

        @Override
        public int hashCode() {
            return (31 * className.hashCode() + name.hashCode()) * 31 + descriptor.hashCode();
        }
    }

    /** A stack as pooled: equal frames and flag means one constant. */
    record StackRef(List<Frame> frames, boolean truncated) {
        @Override
        public boolean equals(Object o) {
            return o instanceof StackRef s && truncated == s.truncated && frames.equals(s.frames);
        }

        @Override
        public int hashCode() {
            return 31 * frames.hashCode() + Boolean.hashCode(truncated);
        }
    }

    private static final List<JfrType<?>> ALL = new ArrayList<>();
    private static long nextId = TYPE_ID_BASE;

    private static <T> JfrType<T> declare(String name, String superType, boolean simpleType) {
        JfrType<T> t = new JfrType<>(name, nextId++, ALL.size(), superType, simpleType);
        ALL.add(t);
        return t;
    }

    private static <T> JfrType<T> declare(String name) {
        return declare(name, null, false);
    }

    private static JfrType<Void> annotationType(String name) {
        return declare(name, "java.lang.annotation.Annotation", false);
    }

    // Primitives.
    static final JfrType<Void> LONG = declare("long");
    static final JfrType<Void> INT = declare("int");
    static final JfrType<Void> BOOLEAN = declare("boolean");
    static final JfrType<Void> STRING = declare("java.lang.String");

    // Annotations readers interpret.
    static final JfrType<Void> LABEL = annotationType("jdk.jfr.Label");
    static final JfrType<Void> DESCRIPTION = annotationType("jdk.jfr.Description");
    static final JfrType<Void> CATEGORY_ANNOTATION = annotationType("jdk.jfr.Category");
    static final JfrType<Void> TIMESTAMP = annotationType("jdk.jfr.Timestamp");
    static final JfrType<Void> TIMESPAN = annotationType("jdk.jfr.Timespan");
    /** Marks Timestamp and Timespan as content types; without it jfr print shows "PT0.002S", not "2.00 ms". */
    static final JfrType<Void> CONTENT_TYPE = annotationType("jdk.jfr.ContentType");

    static final JfrType<Void> SCHEMA_VERSION = annotationType(SchemaVersion.ANNOTATION);

    // JDK types.
    static final JfrType<ThreadRef> THREAD = declare("java.lang.Thread");
    static final JfrType<Void> THREAD_GROUP = declare("jdk.types.ThreadGroup");
    static final JfrType<String> CLASS = declare("java.lang.Class");
    static final JfrType<Void> CLASS_LOADER = declare("jdk.types.ClassLoader");
    static final JfrType<MethodRef> METHOD = declare("jdk.types.Method");
    static final JfrType<String> SYMBOL = declare("jdk.types.Symbol", null, true);
    static final JfrType<Void> MODULE = declare("jdk.types.Module");
    static final JfrType<String> PACKAGE = declare("jdk.types.Package");
    static final JfrType<StackRef> STACK_TRACE = declare("jdk.types.StackTrace");
    static final JfrType<FrameType> FRAME_TYPE = declare("jdk.types.FrameType", null, true);
    static final JfrType<Frame> STACK_FRAME = declare("jdk.types.StackFrame");

    // Our events.
    static final JfrType<OffCpuFields> OFF_CPU = declare("offcpu.OffCpu", "jdk.jfr.Event", false);
    static final JfrType<OffCpuStatistics> STATISTICS = declare("offcpu.Statistics", "jdk.jfr.Event", false);
    static final JfrType<ThreadStatistics> THREAD_STATISTICS =
            declare("offcpu.ThreadStatistics", "jdk.jfr.Event", false);
    static final JfrType<WakeupFields> WAKEUP = declare("offcpu.Wakeup", "jdk.jfr.Event", false);
    // The JDK's own on-CPU sample type, for async-profiler's samples (option cpu=).
    static final JfrType<String> THREAD_STATE = declare("jdk.types.ThreadState", null, true);
    static final JfrType<ExecutionSample> EXECUTION_SAMPLE = declare("jdk.ExecutionSample", "jdk.jfr.Event", false);

    static JfrType.Annotation label(String text) {
        return annotation(LABEL, "value", text);
    }

    static JfrType.Annotation description(String text) {
        return annotation(DESCRIPTION, "value", text);
    }

    private static final JfrType.Annotation TICKS_TIMESTAMP = annotation(TIMESTAMP, "value", "TICKS");
    private static final JfrType.Annotation TICKS_TIMESPAN = annotation(TIMESPAN, "value", "TICKS");
    private static final JfrType.Annotation NANOS_TIMESPAN = annotation(TIMESPAN, "value", "NANOSECONDS");

    static {
        annotationFields();
        jdkTypes();
        offCpuEvent();
        statisticsEvent();
        threadStatisticsEvent();
        wakeupEvent();
        executionSample();
    }

    private static void annotationFields() {
        JfrType.FieldWriter<Void> never = (v, pools, out) -> {
            throw new IllegalStateException("annotation types are never written as values");
        };
        for (JfrType<Void> a : List.of(LABEL, DESCRIPTION, TIMESTAMP, TIMESPAN)) {
            a.field("value", STRING, never);
        }
        SCHEMA_VERSION.field("value", INT, never);
        // Category's value is a String[]: declared with dimension 1, written as value-0, value-1, ...
        CATEGORY_ANNOTATION.inlineArrayField("value", STRING, v -> List.of());
        TIMESPAN.annotate(
                annotation(CONTENT_TYPE),
                label("Timespan"),
                description("A duration, measured in nanoseconds by default"));
        TIMESTAMP.annotate(annotation(CONTENT_TYPE), label("Timestamp"), description("A point in time"));
    }

    private static void jdkTypes() {
        THREAD.field("osName", STRING, (t, p, out) -> out.putString(t.osName()), label("OS Thread Name"))
                .field("osThreadId", LONG, (t, p, out) -> out.putVarLong(t.osThreadId()), label("OS Thread Id"))
                .field("javaName", STRING, (t, p, out) -> out.putString(t.javaName()), label("Java Thread Name"))
                .field("javaThreadId", LONG, (t, p, out) -> out.putVarLong(t.javaThreadId()), label("Java Thread Id"))
                .nullPoolField("group", THREAD_GROUP, label("Java Thread Group"))
                .annotate(label("Thread"));
        THREAD_GROUP
                .nullPoolField("parent", THREAD_GROUP, label("Parent"))
                .field("name", STRING, (v, p, out) -> out.putString(null), label("Name"))
                .annotate(label("Thread Group"));
        CLASS.nullPoolField("classLoader", CLASS_LOADER, label("Class Loader"))
                .poolField("name", SYMBOL, className -> className, label("Name"))
                .poolField("package", PACKAGE, OffCpuSchema::packageOf, label("Package"))
                .field("modifiers", INT, (c, p, out) -> out.putVarInt(0), label("Access Modifiers"))
                .field("hidden", BOOLEAN, (c, p, out) -> out.putBoolean(false), label("Hidden"))
                .annotate(label("Java Class"));
        CLASS_LOADER
                .nullPoolField("type", CLASS, label("Type"))
                .nullPoolField("name", SYMBOL, label("Name"))
                .annotate(label("Java Class Loader"));
        METHOD.poolField("type", CLASS, MethodRef::className, label("Type"))
                .poolField("name", SYMBOL, MethodRef::name, label("Name"))
                .poolField("descriptor", SYMBOL, MethodRef::descriptor, label("Descriptor"))
                .field("modifiers", INT, (m, p, out) -> out.putVarInt(0), label("Access Modifiers"))
                .field("hidden", BOOLEAN, (m, p, out) -> out.putBoolean(false), label("Hidden"))
                .annotate(label("Java Method"));
        SYMBOL.field("string", STRING, (s, p, out) -> out.putString(s), label("String"))
                .annotate(label("Symbol"));
        MODULE.nullPoolField("name", SYMBOL, label("Name"))
                .nullPoolField("version", SYMBOL, label("Version"))
                .nullPoolField("location", SYMBOL, label("Location"))
                .nullPoolField("classLoader", CLASS_LOADER, label("Class Loader"))
                .annotate(label("Module"));
        PACKAGE.poolField("name", SYMBOL, name -> name, label("Name"))
                .nullPoolField("module", MODULE, label("Module"))
                .field("exported", BOOLEAN, (pkg, p, out) -> out.putBoolean(true), label("Exported"))
                .annotate(label("Package"));
        STACK_TRACE
                .field("truncated", BOOLEAN, (s, p, out) -> out.putBoolean(s.truncated()), label("Truncated"))
                .inlineArrayField("frames", STACK_FRAME, StackRef::frames, label("Stack Frames"))
                .annotate(label("Stacktrace"));
        FRAME_TYPE
                .field("description", STRING, (t, p, out) -> out.putString(t.jfrName()), label("Description"))
                .annotate(label("Frame type"));
        STACK_FRAME
                .pooledField("method", METHOD, (f, pools) -> pools.methodKey(f), label("Java Method"))
                .field("lineNumber", INT, (f, p, out) -> out.putVarInt(f.lineNumber()), label("Line Number"))
                .field("bytecodeIndex", INT, (f, p, out) -> out.putVarInt(f.bytecodeIndex()), label("Bytecode Index"))
                .poolField("type", FRAME_TYPE, Frame::type, label("Frame Type"));
    }

    /** Readers find the main attributes by these names, in this order: startTime, duration, eventThread, stackTrace. */
    private static void offCpuEvent() {
        OFF_CPU.field(
                        "startTime",
                        LONG,
                        (e, p, out) -> out.putVarLong(p.clock().ticksAt(e.startNanos)),
                        label("Start Time"),
                        description("When the thread was switched out"),
                        TICKS_TIMESTAMP)
                .field(
                        "duration",
                        LONG,
                        (e, p, out) -> out.putVarLong(p.clock().ticksFor(e.durationNanos)),
                        label("Duration"),
                        description("Switch-out to switch-in"),
                        TICKS_TIMESPAN)
                .keyField(
                        "eventThread",
                        THREAD,
                        e -> e.threadKey,
                        label("Event Thread"),
                        description("The thread that was off the CPU"))
                .keyField(
                        "stackTrace",
                        STACK_TRACE,
                        e -> e.stackKey,
                        label("Stack Trace"),
                        description("Where the thread blocked, kernel frames first"))
                .field(
                        "reason",
                        STRING,
                        (e, p, out) -> out.putEncoded(e.reason),
                        label("Reason"),
                        description("Why the thread was off the CPU: preempted, lock, idle "
                                + "(waiting for work), sleep, network, disk-io, page-fault or other"))
                .field(
                        "reasonDetail",
                        STRING,
                        (e, p, out) -> out.putEncoded(e.reasonDetail),
                        label("Reason Detail"),
                        description(
                                "What within the reason: java monitor, park, "
                                        + "Object.wait, ThreadPoolExecutor.getTask, CompileQueue::get, Thread.sleep, socket read, epoll, fsync, file-backed, involuntary, ..."))
                .field(
                        "state",
                        STRING,
                        (e, p, out) -> out.putEncoded(e.state),
                        label("State"),
                        description("Kernel task state at switch-out: S (sleeping), "
                                + "D (uninterruptible), R (preempted while runnable)"))
                .field(
                        "syscall",
                        STRING,
                        (e, p, out) -> out.putEncoded(e.syscall),
                        label("System Call"),
                        description("The system call the thread blocked in, if any"))
                .field(
                        "runQueueLatency",
                        LONG,
                        (e, p, out) -> out.putVarLong(e.runQueueLatencyNanos),
                        label("Run Queue Latency"),
                        description("From wakeup until the thread ran again"),
                        NANOS_TIMESPAN)
                .keyField(
                        "waker",
                        THREAD,
                        e -> e.wakerKey,
                        label("Waker"),
                        description("The thread that woke this thread, if known"))
                .field(
                        "wokenBy",
                        STRING,
                        (e, p, out) -> out.putEncoded(e.wokenBy),
                        label("Woken By"),
                        description("What ended the wait: thread (the waker), timer or interrupt (a "
                                + "hardirq, softirq, IPI or irq_work handler); empty when preempted (it stayed "
                                + "runnable)"))
                .field(
                        "cpu",
                        INT,
                        (e, p, out) -> out.putVarInt(e.cpu),
                        label("CPU"),
                        description("The CPU the thread left"))
                .field(
                        "cpuIn",
                        INT,
                        (e, p, out) -> out.putVarInt(e.cpuIn),
                        label("CPU After"),
                        description("The CPU the thread came back on"))
                .field(
                        "weight",
                        LONG,
                        (e, p, out) -> out.putVarLong(e.weightNanos),
                        label("Weight"),
                        description("Off-CPU time this event stands for; larger than the "
                                + "duration when short episodes are sampled"),
                        NANOS_TIMESPAN)
                .field(
                        "stackTruncated",
                        BOOLEAN,
                        (e, p, out) -> out.putBoolean(e.stackTruncated),
                        label("Stack Truncated"),
                        description("Frames are missing from the bottom of the stack"))
                .field(
                        "wakeupId",
                        LONG,
                        (e, p, out) -> out.putVarLong(e.wakeupId),
                        label("Wakeup Id"),
                        description("The offcpu.Wakeup event with the same id holds the "
                                + "waker's stack at the wakeup; 0 when none was taken"))
                .annotate(
                        label("Off-CPU"),
                        annotation(CATEGORY_ANNOTATION, "value-0", CATEGORY),
                        annotation(SCHEMA_VERSION, "value", Integer.toString(SchemaVersion.CURRENT)),
                        description("A stretch of time a thread spent off the CPU: blocked, sleeping, "
                                + "waiting for I/O or preempted, seen by the kernel scheduler"));
    }

    private static void statisticsEvent() {
        STATISTICS
                .field(
                        "startTime",
                        LONG,
                        (s, p, out) -> out.putVarLong(p.clock().ticksAt(s.timeNanos())),
                        label("Start Time"),
                        description("When the counters were read"),
                        TICKS_TIMESTAMP)
                .field(
                        "duration",
                        LONG,
                        (s, p, out) -> out.putVarLong(0),
                        label("Duration"),
                        description("Always zero: the counters are a snapshot"),
                        TICKS_TIMESPAN)
                // Every jdk.jfr event has these; JvmEventTypes declares ours in the JVM with them, and jfr view
                // reads the fields the JVM's declaration names.
                .nullPoolField(
                        "eventThread",
                        THREAD,
                        label("Event Thread"),
                        description("None: the counters are " + "the whole profiler's"))
                .nullPoolField("stackTrace", STACK_TRACE, label("Stack Trace"), description("None"))
                .field(
                        "switchesSeen",
                        LONG,
                        (s, p, out) -> out.putVarLong(s.switchesSeen()),
                        label("Switches Seen"),
                        description("Context switches of the profiled process seen "
                                + "by the kernel side since the profiler started"))
                .field(
                        "episodesEmitted",
                        LONG,
                        (s, p, out) -> out.putVarLong(s.episodesEmitted()),
                        label("Episodes Emitted"),
                        description("Off-CPU episodes sent to user space"))
                .field(
                        "recordsDropped",
                        LONG,
                        (s, p, out) -> out.putVarLong(s.recordsDropped()),
                        label("Records Dropped"),
                        description("Records lost because the ring buffer was full"))
                .field(
                        "stacksFailed",
                        LONG,
                        (s, p, out) -> out.putVarLong(s.stacksFailed()),
                        label("Stacks Failed"),
                        description("Episodes whose stack could not be taken"))
                .field(
                        "stacksTruncated",
                        LONG,
                        (s, p, out) -> out.putVarLong(s.stacksTruncated()),
                        label("Stacks Truncated"),
                        description("Episodes whose stack hit its depth limit"))
                .field(
                        "unseenStarts",
                        LONG,
                        (s, p, out) -> out.putVarLong(s.unseenStarts()),
                        label("Unseen Starts"),
                        description("Episodes already in progress when the profiler started"))
                .field(
                        "wakeups",
                        LONG,
                        (s, p, out) -> out.putVarLong(s.wakeups()),
                        label("Waker Stacks"),
                        description("Waker stacks taken (offcpu.Wakeup events)"))
                .field(
                        "wakeupsDropped",
                        LONG,
                        (s, p, out) -> out.putVarLong(s.wakeupsDropped()),
                        label("Waker Stacks Dropped"),
                        description("Waker stacks lost: ring buffer full"))
                .field(
                        "exitTotalsDropped",
                        LONG,
                        (s, p, out) -> out.putVarLong(s.exitTotalsDropped()),
                        label("Exit Totals Dropped"),
                        description("Last totals of exited threads lost: ring buffer full"))
                .field(
                        "sampledOut",
                        LONG,
                        (s, p, out) -> out.putVarLong(s.sampledOut()),
                        label("Sampled Out"),
                        description("Short episodes left out by duration-weighted sampling "
                                + "(their time is in the weight of the sampled ones and in the thread totals)"))
                .field(
                        "untrackedThreads",
                        LONG,
                        (s, p, out) -> out.putVarLong(s.untrackedThreads()),
                        label("Untracked Switches"),
                        description("Switches of threads the kernel side could not track"))
                .field(
                        "unconvertible",
                        LONG,
                        (s, p, out) -> out.putVarLong(s.unconvertible()),
                        label("Unconvertible Episodes"),
                        description("Episodes the agent could not turn into events"))
                .field(
                        "switchInsMissed",
                        LONG,
                        (s, p, out) -> out.putVarLong(s.switchInsMissed()),
                        label("Switch-ins Missed"),
                        description("Returns to a CPU that no sched_switch event reported; "
                                + "the thread totals count them from the kernel's own counters, no event is written"))
                .field(
                        "stacksSymbolized",
                        LONG,
                        (s, p, out) -> out.putVarLong(s.stacksSymbolized()),
                        label("Stacks Symbolized"),
                        description("Stacks the agent symbolized because it had not seen them, or not since the code "
                                + "at their addresses changed: the agent's own work grows with this count"))
                .field(
                        "stacksReused",
                        LONG,
                        (s, p, out) -> out.putVarLong(s.stacksReused()),
                        label("Stacks Reused"),
                        description("Stacks found already symbolized"))
                .annotate(
                        label("Off-CPU Statistics"),
                        annotation(CATEGORY_ANNOTATION, "value-0", CATEGORY),
                        description("Health counters of the off-CPU profiler, cumulative since it started"));
    }

    private static void threadStatisticsEvent() {
        THREAD_STATISTICS
                .field(
                        "startTime",
                        LONG,
                        (s, p, out) -> out.putVarLong(p.clock().ticksAt(s.timeNanos())),
                        label("Start Time"),
                        description("When the totals were read"),
                        TICKS_TIMESTAMP)
                .field(
                        "duration",
                        LONG,
                        (s, p, out) -> out.putVarLong(0),
                        label("Duration"),
                        description("Always zero: the totals are a snapshot"),
                        TICKS_TIMESPAN)
                .poolField(
                        "eventThread",
                        THREAD,
                        ThreadStatistics::thread,
                        label("Event Thread"),
                        description("The thread these totals are about"))
                .nullPoolField("stackTrace", STACK_TRACE, label("Stack Trace"), description("None"))
                .field(
                        "offCpuTime",
                        LONG,
                        (s, p, out) -> out.putVarLong(s.offCpuNanos()),
                        label("Off-CPU Time"),
                        description("All time off the CPU since the profiler started, "
                                + "every episode however short, the one in progress included"),
                        NANOS_TIMESPAN)
                .field(
                        "sleepingTime",
                        LONG,
                        (s, p, out) -> out.putVarLong(s.sleepingNanos()),
                        label("Sleeping (S)"),
                        description("Off-CPU time in interruptible sleep"),
                        NANOS_TIMESPAN)
                .field(
                        "uninterruptibleTime",
                        LONG,
                        (s, p, out) -> out.putVarLong(s.uninterruptibleNanos()),
                        label("Uninterruptible (D)"),
                        description("Off-CPU time in uninterruptible sleep"),
                        NANOS_TIMESPAN)
                .field(
                        "preemptedTime",
                        LONG,
                        (s, p, out) -> out.putVarLong(s.preemptedNanos()),
                        label("Preempted"),
                        description("Off-CPU time while runnable: preempted or yielded"),
                        NANOS_TIMESPAN)
                .field(
                        "runQueueTime",
                        LONG,
                        (s, p, out) -> out.putVarLong(s.runQueueNanos()),
                        label("Run Queue Time"),
                        description("Runnable but waiting for a CPU (schedstat run_delay)"),
                        NANOS_TIMESPAN)
                .field(
                        "voluntarySwitches",
                        LONG,
                        (s, p, out) -> out.putVarLong(s.voluntarySwitches()),
                        label("Voluntary Switches"),
                        description("Switches out while blocking, since the start"))
                .field(
                        "involuntarySwitches",
                        LONG,
                        (s, p, out) -> out.putVarLong(s.involuntarySwitches()),
                        label("Involuntary Switches"),
                        description("Switches out while runnable, since the start"))
                .field(
                        "episodes",
                        LONG,
                        (s, p, out) -> out.putVarLong(s.episodes()),
                        label("Episodes"),
                        description("Completed off-CPU episodes"))
                .field(
                        "unseenStarts",
                        LONG,
                        (s, p, out) -> out.putVarLong(s.unseenStarts()),
                        label("Unseen Starts"),
                        description("Episodes already in progress when the profiler "
                                + "started: their time before the first switch-in is not counted"))
                .field(
                        "currentOffCpu",
                        LONG,
                        (s, p, out) -> out.putVarLong(s.currentOffCpuNanos()),
                        label("Current Off-CPU"),
                        description("How long the episode in progress has lasted "
                                + "(included above); 0 when the thread was on a CPU"),
                        NANOS_TIMESPAN)
                .field(
                        "currentRunQueue",
                        LONG,
                        (s, p, out) -> out.putVarLong(s.currentRunQueueNanos()),
                        label("Current Run Queue"),
                        description("How long it has been waiting for a CPU " + "(included above); 0 when not"),
                        NANOS_TIMESPAN)
                .field(
                        "exited",
                        BOOLEAN,
                        (s, p, out) -> out.putBoolean(s.exited()),
                        label("Exited"),
                        description("The thread has exited; these are its last totals"))
                .annotate(
                        label("Off-CPU Thread Statistics"),
                        annotation(CATEGORY_ANNOTATION, "value-0", CATEGORY),
                        description("Per-thread totals counted in the kernel for every off-CPU episode, "
                                + "cumulative since the profiler started"));
    }

    private static void wakeupEvent() {
        WAKEUP.field(
                        "startTime",
                        LONG,
                        (w, p, out) -> out.putVarLong(p.clock().ticksAt(w.timeNanos)),
                        label("Start Time"),
                        description("When the waker woke the thread"),
                        TICKS_TIMESTAMP)
                .field(
                        "duration",
                        LONG,
                        (w, p, out) -> out.putVarLong(0),
                        label("Duration"),
                        description("Always zero: a wakeup is an instant"),
                        TICKS_TIMESPAN)
                .keyField("eventThread", THREAD, w -> w.wakerKey, label("Event Thread"), description("The waker"))
                .keyField(
                        "stackTrace",
                        STACK_TRACE,
                        w -> w.stackKey,
                        label("Stack Trace"),
                        description("Where the waker was when it woke the thread, kernel frames first"))
                .keyField(
                        "woken",
                        THREAD,
                        w -> w.wokenKey,
                        label("Woken Thread"),
                        description("The thread that was woken"))
                .field(
                        "wakeupId",
                        LONG,
                        (w, p, out) -> out.putVarLong(w.wakeupId),
                        label("Wakeup Id"),
                        description("The woken offcpu.OffCpu event has the same id"))
                .field(
                        "cpu",
                        INT,
                        (w, p, out) -> out.putVarInt(w.cpu),
                        label("CPU"),
                        description("The CPU the waker ran on"))
                .annotate(
                        label("Off-CPU Wakeup"),
                        annotation(CATEGORY_ANNOTATION, "value-0", CATEGORY),
                        description("A thread waking another one that had been off the CPU for at least the "
                                + "threshold, with the waker's stack"));
    }

    /**
     * The JDK's jdk.ExecutionSample exactly (fields, labels, category, description): JMC gives a type
     * whose fields differ from the JVM's chunk a new identifier, and its CPU views would not see it.
     */
    private static void executionSample() {
        THREAD_STATE.field("name", STRING, (state, p, out) -> out.putString(state), label("Name"));
        EXECUTION_SAMPLE
                .field(
                        "startTime",
                        LONG,
                        (e, p, out) -> out.putVarLong(p.clock().ticksAt(e.timeNanos())),
                        label("Start Time"),
                        TICKS_TIMESTAMP)
                .poolField("sampledThread", THREAD, ExecutionSample::thread, label("Thread"))
                .poolField("stackTrace", STACK_TRACE, e -> stackOf(e.stack(), e.stackTruncated()), label("Stack Trace"))
                .poolField("state", THREAD_STATE, ExecutionSample::state, label("Thread State"))
                .annotate(
                        label("Method Profiling Sample"),
                        annotation(CATEGORY_ANNOTATION, "value-0", "Java Virtual Machine", "value-1", "Profiling"),
                        description("Snapshot of a threads state"));
    }

    /** Empty stacks are written as a null stack trace, as the JVM does for events without one. */
    static StackRef stackOf(List<Frame> frames, boolean truncated) {
        return frames.isEmpty() && !truncated ? null : new StackRef(List.copyOf(frames), truncated);
    }

    /** Java classes get the package of their internal name; libraries, "kernel" and the default package get none. */
    static String packageOf(String className) {
        int slash = className.lastIndexOf('/');
        return slash <= 0 ? null : className.substring(0, slash);
    }

    static List<JfrType<?>> allTypes() {
        return Collections.unmodifiableList(ALL);
    }

    private OffCpuSchema() {}
}
