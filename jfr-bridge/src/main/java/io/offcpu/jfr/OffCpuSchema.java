package io.offcpu.jfr;

import static io.offcpu.jfr.JfrType.annotation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

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
        THREAD.field("osName", STRING, ThreadWriter.OS_NAME, label("OS Thread Name"))
                .field("osThreadId", LONG, ThreadWriter.OS_THREAD_ID, label("OS Thread Id"))
                .field("javaName", STRING, ThreadWriter.JAVA_NAME, label("Java Thread Name"))
                .field("javaThreadId", LONG, ThreadWriter.JAVA_THREAD_ID, label("Java Thread Id"))
                .nullPoolField("group", THREAD_GROUP, label("Java Thread Group"))
                .annotate(label("Thread"));
        THREAD_GROUP
                .nullPoolField("parent", THREAD_GROUP, label("Parent"))
                .field("name", STRING, constant(ConstantWriter.NULL_STRING), label("Name"))
                .annotate(label("Thread Group"));
        CLASS.nullPoolField("classLoader", CLASS_LOADER, label("Class Loader"))
                .poolField("name", SYMBOL, className -> className, label("Name"))
                .poolField("package", PACKAGE, OffCpuSchema::packageOf, label("Package"))
                .field("modifiers", INT, constant(ConstantWriter.ZERO_INT), label("Access Modifiers"))
                .field("hidden", BOOLEAN, constant(ConstantWriter.FALSE), label("Hidden"))
                .annotate(label("Java Class"));
        CLASS_LOADER
                .nullPoolField("type", CLASS, label("Type"))
                .nullPoolField("name", SYMBOL, label("Name"))
                .annotate(label("Java Class Loader"));
        METHOD.poolField("type", CLASS, MethodPart.CLASS_NAME, label("Type"))
                .poolField("name", SYMBOL, MethodPart.NAME, label("Name"))
                .poolField("descriptor", SYMBOL, MethodPart.DESCRIPTOR, label("Descriptor"))
                .field("modifiers", INT, constant(ConstantWriter.ZERO_INT), label("Access Modifiers"))
                .field("hidden", BOOLEAN, constant(ConstantWriter.FALSE), label("Hidden"))
                .annotate(label("Java Method"));
        SYMBOL.field("string", STRING, StringWriter.VALUE, label("String")).annotate(label("Symbol"));
        MODULE.nullPoolField("name", SYMBOL, label("Name"))
                .nullPoolField("version", SYMBOL, label("Version"))
                .nullPoolField("location", SYMBOL, label("Location"))
                .nullPoolField("classLoader", CLASS_LOADER, label("Class Loader"))
                .annotate(label("Module"));
        PACKAGE.poolField("name", SYMBOL, name -> name, label("Name"))
                .nullPoolField("module", MODULE, label("Module"))
                .field("exported", BOOLEAN, constant(ConstantWriter.TRUE), label("Exported"))
                .annotate(label("Package"));
        STACK_TRACE
                .field("truncated", BOOLEAN, StackTraceWriter.TRUNCATED, label("Truncated"))
                .inlineArrayField("frames", STACK_FRAME, StackRef::frames, label("Stack Frames"))
                .annotate(label("Stacktrace"));
        FRAME_TYPE
                .field("description", STRING, FrameTypeWriter.DESCRIPTION, label("Description"))
                .annotate(label("Frame type"));
        STACK_FRAME
                .pooledField("method", METHOD, (f, pools) -> pools.methodKey(f), label("Java Method"))
                .field("lineNumber", INT, FrameWriter.LINE_NUMBER, label("Line Number"))
                .field("bytecodeIndex", INT, FrameWriter.BYTECODE_INDEX, label("Bytecode Index"))
                .poolField("type", FRAME_TYPE, Frame::type, label("Frame Type"));
    }

    /** Readers find the main attributes by these names, in this order: startTime, duration, eventThread, stackTrace. */
    private static void offCpuEvent() {
        OFF_CPU.field(
                        "startTime",
                        LONG,
                        OffCpuWriter.START_TIME,
                        label("Start Time"),
                        description("When the thread was switched out"),
                        TICKS_TIMESTAMP)
                .field(
                        "duration",
                        LONG,
                        OffCpuWriter.DURATION,
                        label("Duration"),
                        description("Switch-out to switch-in"),
                        TICKS_TIMESPAN)
                .keyField(
                        "eventThread",
                        THREAD,
                        OffCpuKey.EVENT_THREAD,
                        label("Event Thread"),
                        description("The thread that was off the CPU"))
                .keyField(
                        "stackTrace",
                        STACK_TRACE,
                        OffCpuKey.STACK_TRACE,
                        label("Stack Trace"),
                        description("Where the thread blocked, kernel frames first"))
                .field(
                        "reason",
                        STRING,
                        OffCpuWriter.REASON,
                        label("Reason"),
                        description("Why the thread was off the CPU: preempted, lock, idle "
                                + "(waiting for work), sleep, network, disk-io, page-fault or other"))
                .field(
                        "reasonDetail",
                        STRING,
                        OffCpuWriter.REASON_DETAIL,
                        label("Reason Detail"),
                        description(
                                "What within the reason: java monitor, park, "
                                        + "Object.wait, ThreadPoolExecutor.getTask, CompileQueue::get, Thread.sleep, socket read, epoll, fsync, file-backed, involuntary, ..."))
                .field(
                        "state",
                        STRING,
                        OffCpuWriter.STATE,
                        label("State"),
                        description("Kernel task state at switch-out: S (sleeping), "
                                + "D (uninterruptible), R (preempted while runnable)"))
                .field(
                        "syscall",
                        STRING,
                        OffCpuWriter.SYSCALL,
                        label("System Call"),
                        description("The system call the thread blocked in, if any"))
                .field(
                        "runQueueLatency",
                        LONG,
                        OffCpuWriter.RUN_QUEUE_LATENCY,
                        label("Run Queue Latency"),
                        description("From wakeup until the thread ran again"),
                        NANOS_TIMESPAN)
                .keyField(
                        "waker",
                        THREAD,
                        OffCpuKey.WAKER,
                        label("Waker"),
                        description("The thread that woke this thread, if known"))
                .field(
                        "wokenBy",
                        STRING,
                        OffCpuWriter.WOKEN_BY,
                        label("Woken By"),
                        description("What ended the wait: thread (the waker), timer or interrupt (a "
                                + "hardirq, softirq, IPI or irq_work handler); empty when preempted (it stayed "
                                + "runnable)"))
                .field("cpu", INT, OffCpuWriter.CPU, label("CPU"), description("The CPU the thread left"))
                .field(
                        "cpuIn",
                        INT,
                        OffCpuWriter.CPU_IN,
                        label("CPU After"),
                        description("The CPU the thread came back on"))
                .field(
                        "weight",
                        LONG,
                        OffCpuWriter.WEIGHT,
                        label("Weight"),
                        description("Off-CPU time this event stands for; larger than the "
                                + "duration when short episodes are sampled"),
                        NANOS_TIMESPAN)
                .field(
                        "stackTruncated",
                        BOOLEAN,
                        OffCpuWriter.STACK_TRUNCATED,
                        label("Stack Truncated"),
                        description("Frames are missing from the bottom of the stack"))
                .field(
                        "wakeupId",
                        LONG,
                        OffCpuWriter.WAKEUP_ID,
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
                        StatisticsWriter.START_TIME,
                        label("Start Time"),
                        description("When the counters were read"),
                        TICKS_TIMESTAMP)
                .field(
                        "duration",
                        LONG,
                        constant(ConstantWriter.ZERO_LONG),
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
                        StatisticsWriter.SWITCHES_SEEN,
                        label("Switches Seen"),
                        description("Context switches of the profiled process seen "
                                + "by the kernel side since the profiler started"))
                .field(
                        "episodesEmitted",
                        LONG,
                        StatisticsWriter.EPISODES_EMITTED,
                        label("Episodes Emitted"),
                        description("Off-CPU episodes sent to user space"))
                .field(
                        "recordsDropped",
                        LONG,
                        StatisticsWriter.RECORDS_DROPPED,
                        label("Records Dropped"),
                        description("Records lost because the ring buffer was full"))
                .field(
                        "stacksFailed",
                        LONG,
                        StatisticsWriter.STACKS_FAILED,
                        label("Stacks Failed"),
                        description("Episodes whose stack could not be taken"))
                .field(
                        "stacksTruncated",
                        LONG,
                        StatisticsWriter.STACKS_TRUNCATED,
                        label("Stacks Truncated"),
                        description("Episodes whose stack hit its depth limit"))
                .field(
                        "unseenStarts",
                        LONG,
                        StatisticsWriter.UNSEEN_STARTS,
                        label("Unseen Starts"),
                        description("Episodes already in progress when the profiler started"))
                .field(
                        "wakeups",
                        LONG,
                        StatisticsWriter.WAKEUPS,
                        label("Waker Stacks"),
                        description("Waker stacks taken (offcpu.Wakeup events)"))
                .field(
                        "wakeupsDropped",
                        LONG,
                        StatisticsWriter.WAKEUPS_DROPPED,
                        label("Waker Stacks Dropped"),
                        description("Waker stacks lost: ring buffer full"))
                .field(
                        "exitTotalsDropped",
                        LONG,
                        StatisticsWriter.EXIT_TOTALS_DROPPED,
                        label("Exit Totals Dropped"),
                        description("Last totals of exited threads lost: ring buffer full"))
                .field(
                        "sampledOut",
                        LONG,
                        StatisticsWriter.SAMPLED_OUT,
                        label("Sampled Out"),
                        description("Short episodes left out by duration-weighted sampling "
                                + "(their time is in the weight of the sampled ones and in the thread totals)"))
                .field(
                        "untrackedThreads",
                        LONG,
                        StatisticsWriter.UNTRACKED_THREADS,
                        label("Untracked Switches"),
                        description("Switches of threads the kernel side could not track"))
                .field(
                        "unconvertible",
                        LONG,
                        StatisticsWriter.UNCONVERTIBLE,
                        label("Unconvertible Episodes"),
                        description("Episodes the agent could not turn into events"))
                .field(
                        "switchInsMissed",
                        LONG,
                        StatisticsWriter.SWITCH_INS_MISSED,
                        label("Switch-ins Missed"),
                        description("Returns to a CPU that no sched_switch event reported; "
                                + "the thread totals count them from the kernel's own counters, no event is written"))
                .field(
                        "stacksSymbolized",
                        LONG,
                        StatisticsWriter.STACKS_SYMBOLIZED,
                        label("Stacks Symbolized"),
                        description("Stacks the agent symbolized because it had not seen them, or not since the code "
                                + "at their addresses changed: the agent's own work grows with this count"))
                .field(
                        "stacksReused",
                        LONG,
                        StatisticsWriter.STACKS_REUSED,
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
                        ThreadStatisticsWriter.START_TIME,
                        label("Start Time"),
                        description("When the totals were read"),
                        TICKS_TIMESTAMP)
                .field(
                        "duration",
                        LONG,
                        constant(ConstantWriter.ZERO_LONG),
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
                        ThreadStatisticsWriter.OFF_CPU_TIME,
                        label("Off-CPU Time"),
                        description("All time off the CPU since the profiler started, "
                                + "every episode however short, the one in progress included"),
                        NANOS_TIMESPAN)
                .field(
                        "sleepingTime",
                        LONG,
                        ThreadStatisticsWriter.SLEEPING_TIME,
                        label("Sleeping (S)"),
                        description("Off-CPU time in interruptible sleep"),
                        NANOS_TIMESPAN)
                .field(
                        "uninterruptibleTime",
                        LONG,
                        ThreadStatisticsWriter.UNINTERRUPTIBLE_TIME,
                        label("Uninterruptible (D)"),
                        description("Off-CPU time in uninterruptible sleep"),
                        NANOS_TIMESPAN)
                .field(
                        "preemptedTime",
                        LONG,
                        ThreadStatisticsWriter.PREEMPTED_TIME,
                        label("Preempted"),
                        description("Off-CPU time while runnable: preempted or yielded"),
                        NANOS_TIMESPAN)
                .field(
                        "runQueueTime",
                        LONG,
                        ThreadStatisticsWriter.RUN_QUEUE_TIME,
                        label("Run Queue Time"),
                        description("Runnable but waiting for a CPU (schedstat run_delay)"),
                        NANOS_TIMESPAN)
                .field(
                        "voluntarySwitches",
                        LONG,
                        ThreadStatisticsWriter.VOLUNTARY_SWITCHES,
                        label("Voluntary Switches"),
                        description("Switches out while blocking, since the start"))
                .field(
                        "involuntarySwitches",
                        LONG,
                        ThreadStatisticsWriter.INVOLUNTARY_SWITCHES,
                        label("Involuntary Switches"),
                        description("Switches out while runnable, since the start"))
                .field(
                        "episodes",
                        LONG,
                        ThreadStatisticsWriter.EPISODES,
                        label("Episodes"),
                        description("Completed off-CPU episodes"))
                .field(
                        "unseenStarts",
                        LONG,
                        ThreadStatisticsWriter.UNSEEN_STARTS,
                        label("Unseen Starts"),
                        description("Episodes already in progress when the profiler "
                                + "started: their time before the first switch-in is not counted"))
                .field(
                        "currentOffCpu",
                        LONG,
                        ThreadStatisticsWriter.CURRENT_OFF_CPU,
                        label("Current Off-CPU"),
                        description("How long the episode in progress has lasted "
                                + "(included above); 0 when the thread was on a CPU"),
                        NANOS_TIMESPAN)
                .field(
                        "currentRunQueue",
                        LONG,
                        ThreadStatisticsWriter.CURRENT_RUN_QUEUE,
                        label("Current Run Queue"),
                        description("How long it has been waiting for a CPU " + "(included above); 0 when not"),
                        NANOS_TIMESPAN)
                .field(
                        "exited",
                        BOOLEAN,
                        ThreadStatisticsWriter.EXITED,
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
                        WakeupWriter.START_TIME,
                        label("Start Time"),
                        description("When the waker woke the thread"),
                        TICKS_TIMESTAMP)
                .field(
                        "duration",
                        LONG,
                        constant(ConstantWriter.ZERO_LONG),
                        label("Duration"),
                        description("Always zero: a wakeup is an instant"),
                        TICKS_TIMESPAN)
                .keyField(
                        "eventThread", THREAD, WakeupKey.EVENT_THREAD, label("Event Thread"), description("The waker"))
                .keyField(
                        "stackTrace",
                        STACK_TRACE,
                        WakeupKey.STACK_TRACE,
                        label("Stack Trace"),
                        description("Where the waker was when it woke the thread, kernel frames first"))
                .keyField(
                        "woken",
                        THREAD,
                        WakeupKey.WOKEN,
                        label("Woken Thread"),
                        description("The thread that was woken"))
                .field(
                        "wakeupId",
                        LONG,
                        WakeupWriter.WAKEUP_ID,
                        label("Wakeup Id"),
                        description("The woken offcpu.OffCpu event has the same id"))
                .field("cpu", INT, WakeupWriter.CPU, label("CPU"), description("The CPU the waker ran on"))
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
        THREAD_STATE.field("name", STRING, StringWriter.VALUE, label("Name"));
        EXECUTION_SAMPLE
                .field("startTime", LONG, ExecutionSampleWriter.START_TIME, label("Start Time"), TICKS_TIMESTAMP)
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

    /**
     * The field writers: for each type, an enum whose constants are named after the fields they write, rather than a
     * lambda per field. Every lambda is a class the profiled JVM spins at run time as the agent starts (86 of them
     * here cost ~35 ms of its start-up CPU, and the JIT then compiled the class spinner); an enum is one class.
     */
    private enum ConstantWriter implements JfrType.FieldWriter<Object> {
        ZERO_LONG,
        ZERO_INT,
        FALSE,
        TRUE,
        NULL_STRING;

        @Override
        public void write(Object owner, ConstantPools pools, ByteSink out) {
            switch (this) {
                case ZERO_LONG -> out.putVarLong(0);
                case ZERO_INT -> out.putVarInt(0);
                case FALSE -> out.putBoolean(false);
                case TRUE -> out.putBoolean(true);
                case NULL_STRING -> out.putString(null);
            }
        }
    }

    /** A field whose value is the same for every owner. */
    @SuppressWarnings("unchecked")
    private static <T> JfrType.FieldWriter<T> constant(ConstantWriter writer) {
        return (JfrType.FieldWriter<T>) (JfrType.FieldWriter<?>) writer;
    }

    /** The fields of java.lang.Thread. */
    private enum ThreadWriter implements JfrType.FieldWriter<ThreadRef> {
        OS_NAME,
        OS_THREAD_ID,
        JAVA_NAME,
        JAVA_THREAD_ID;

        @Override
        public void write(ThreadRef t, ConstantPools p, ByteSink out) {
            switch (this) {
                case OS_NAME -> out.putString(t.osName());
                case OS_THREAD_ID -> out.putVarLong(t.osThreadId());
                case JAVA_NAME -> out.putString(t.javaName());
                case JAVA_THREAD_ID -> out.putVarLong(t.javaThreadId());
            }
        }
    }

    /** A string-valued type written as its one string field (jdk.types.Symbol, jdk.types.ThreadState). */
    private enum StringWriter implements JfrType.FieldWriter<String> {
        VALUE;

        @Override
        public void write(String s, ConstantPools p, ByteSink out) {
            out.putString(s);
        }
    }

    /** The fields of jdk.types.StackTrace. */
    private enum StackTraceWriter implements JfrType.FieldWriter<StackRef> {
        TRUNCATED;

        @Override
        public void write(StackRef s, ConstantPools p, ByteSink out) {
            out.putBoolean(s.truncated());
        }
    }

    /** The fields of jdk.types.FrameType. */
    private enum FrameTypeWriter implements JfrType.FieldWriter<FrameType> {
        DESCRIPTION;

        @Override
        public void write(FrameType t, ConstantPools p, ByteSink out) {
            out.putString(t.jfrName());
        }
    }

    /** The fields of jdk.types.StackFrame. */
    private enum FrameWriter implements JfrType.FieldWriter<Frame> {
        LINE_NUMBER,
        BYTECODE_INDEX;

        @Override
        public void write(Frame f, ConstantPools p, ByteSink out) {
            switch (this) {
                case LINE_NUMBER -> out.putVarInt(f.lineNumber());
                case BYTECODE_INDEX -> out.putVarInt(f.bytecodeIndex());
            }
        }
    }

    /** The fields of offcpu.OffCpu. */
    private enum OffCpuWriter implements JfrType.FieldWriter<OffCpuFields> {
        START_TIME,
        DURATION,
        REASON,
        REASON_DETAIL,
        STATE,
        SYSCALL,
        RUN_QUEUE_LATENCY,
        WOKEN_BY,
        CPU,
        CPU_IN,
        WEIGHT,
        STACK_TRUNCATED,
        WAKEUP_ID;

        @Override
        public void write(OffCpuFields e, ConstantPools p, ByteSink out) {
            switch (this) {
                case START_TIME -> out.putVarLong(p.clock().ticksAt(e.startNanos));
                case DURATION -> out.putVarLong(p.clock().ticksFor(e.durationNanos));
                case REASON -> out.putEncoded(e.reason);
                case REASON_DETAIL -> out.putEncoded(e.reasonDetail);
                case STATE -> out.putEncoded(e.state);
                case SYSCALL -> out.putEncoded(e.syscall);
                case RUN_QUEUE_LATENCY -> out.putVarLong(e.runQueueLatencyNanos);
                case WOKEN_BY -> out.putEncoded(e.wokenBy);
                case CPU -> out.putVarInt(e.cpu);
                case CPU_IN -> out.putVarInt(e.cpuIn);
                case WEIGHT -> out.putVarLong(e.weightNanos);
                case STACK_TRUNCATED -> out.putBoolean(e.stackTruncated);
                case WAKEUP_ID -> out.putVarLong(e.wakeupId);
            }
        }
    }

    /** The fields of offcpu.Statistics. */
    private enum StatisticsWriter implements JfrType.FieldWriter<OffCpuStatistics> {
        START_TIME,
        SWITCHES_SEEN,
        EPISODES_EMITTED,
        RECORDS_DROPPED,
        STACKS_FAILED,
        STACKS_TRUNCATED,
        UNSEEN_STARTS,
        WAKEUPS,
        WAKEUPS_DROPPED,
        EXIT_TOTALS_DROPPED,
        SAMPLED_OUT,
        UNTRACKED_THREADS,
        UNCONVERTIBLE,
        SWITCH_INS_MISSED,
        STACKS_SYMBOLIZED,
        STACKS_REUSED;

        @Override
        public void write(OffCpuStatistics s, ConstantPools p, ByteSink out) {
            switch (this) {
                case START_TIME -> out.putVarLong(p.clock().ticksAt(s.timeNanos()));
                case SWITCHES_SEEN -> out.putVarLong(s.switchesSeen());
                case EPISODES_EMITTED -> out.putVarLong(s.episodesEmitted());
                case RECORDS_DROPPED -> out.putVarLong(s.recordsDropped());
                case STACKS_FAILED -> out.putVarLong(s.stacksFailed());
                case STACKS_TRUNCATED -> out.putVarLong(s.stacksTruncated());
                case UNSEEN_STARTS -> out.putVarLong(s.unseenStarts());
                case WAKEUPS -> out.putVarLong(s.wakeups());
                case WAKEUPS_DROPPED -> out.putVarLong(s.wakeupsDropped());
                case EXIT_TOTALS_DROPPED -> out.putVarLong(s.exitTotalsDropped());
                case SAMPLED_OUT -> out.putVarLong(s.sampledOut());
                case UNTRACKED_THREADS -> out.putVarLong(s.untrackedThreads());
                case UNCONVERTIBLE -> out.putVarLong(s.unconvertible());
                case SWITCH_INS_MISSED -> out.putVarLong(s.switchInsMissed());
                case STACKS_SYMBOLIZED -> out.putVarLong(s.stacksSymbolized());
                case STACKS_REUSED -> out.putVarLong(s.stacksReused());
            }
        }
    }

    /** The fields of offcpu.ThreadStatistics. */
    private enum ThreadStatisticsWriter implements JfrType.FieldWriter<ThreadStatistics> {
        START_TIME,
        OFF_CPU_TIME,
        SLEEPING_TIME,
        UNINTERRUPTIBLE_TIME,
        PREEMPTED_TIME,
        RUN_QUEUE_TIME,
        VOLUNTARY_SWITCHES,
        INVOLUNTARY_SWITCHES,
        EPISODES,
        UNSEEN_STARTS,
        CURRENT_OFF_CPU,
        CURRENT_RUN_QUEUE,
        EXITED;

        @Override
        public void write(ThreadStatistics s, ConstantPools p, ByteSink out) {
            switch (this) {
                case START_TIME -> out.putVarLong(p.clock().ticksAt(s.timeNanos()));
                case OFF_CPU_TIME -> out.putVarLong(s.offCpuNanos());
                case SLEEPING_TIME -> out.putVarLong(s.sleepingNanos());
                case UNINTERRUPTIBLE_TIME -> out.putVarLong(s.uninterruptibleNanos());
                case PREEMPTED_TIME -> out.putVarLong(s.preemptedNanos());
                case RUN_QUEUE_TIME -> out.putVarLong(s.runQueueNanos());
                case VOLUNTARY_SWITCHES -> out.putVarLong(s.voluntarySwitches());
                case INVOLUNTARY_SWITCHES -> out.putVarLong(s.involuntarySwitches());
                case EPISODES -> out.putVarLong(s.episodes());
                case UNSEEN_STARTS -> out.putVarLong(s.unseenStarts());
                case CURRENT_OFF_CPU -> out.putVarLong(s.currentOffCpuNanos());
                case CURRENT_RUN_QUEUE -> out.putVarLong(s.currentRunQueueNanos());
                case EXITED -> out.putBoolean(s.exited());
            }
        }
    }

    /** The fields of offcpu.Wakeup. */
    private enum WakeupWriter implements JfrType.FieldWriter<WakeupFields> {
        START_TIME,
        WAKEUP_ID,
        CPU;

        @Override
        public void write(WakeupFields w, ConstantPools p, ByteSink out) {
            switch (this) {
                case START_TIME -> out.putVarLong(p.clock().ticksAt(w.timeNanos));
                case WAKEUP_ID -> out.putVarLong(w.wakeupId);
                case CPU -> out.putVarInt(w.cpu);
            }
        }
    }

    /** The fields of jdk.ExecutionSample. */
    private enum ExecutionSampleWriter implements JfrType.FieldWriter<ExecutionSample> {
        START_TIME;

        @Override
        public void write(ExecutionSample e, ConstantPools p, ByteSink out) {
            out.putVarLong(p.clock().ticksAt(e.timeNanos()));
        }
    }

    /** The constant-pool keys an offcpu.OffCpu event already holds. */
    private enum OffCpuKey implements ToLongFunction<OffCpuFields> {
        EVENT_THREAD,
        STACK_TRACE,
        WAKER;

        @Override
        public long applyAsLong(OffCpuFields e) {
            return switch (this) {
                case EVENT_THREAD -> e.threadKey;
                case STACK_TRACE -> e.stackKey;
                case WAKER -> e.wakerKey;
            };
        }
    }

    /** The constant-pool keys an offcpu.Wakeup event already holds. */
    private enum WakeupKey implements ToLongFunction<WakeupFields> {
        EVENT_THREAD,
        STACK_TRACE,
        WOKEN;

        @Override
        public long applyAsLong(WakeupFields w) {
            return switch (this) {
                case EVENT_THREAD -> w.wakerKey;
                case STACK_TRACE -> w.stackKey;
                case WOKEN -> w.wokenKey;
            };
        }
    }

    /** The parts of a method that jdk.types.Method pools. */
    private enum MethodPart implements Function<MethodRef, String> {
        CLASS_NAME,
        NAME,
        DESCRIPTOR;

        @Override
        public String apply(MethodRef m) {
            return switch (this) {
                case CLASS_NAME -> m.className();
                case NAME -> m.name();
                case DESCRIPTOR -> m.descriptor();
            };
        }
    }

    private OffCpuSchema() {}
}
