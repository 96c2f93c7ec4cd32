package io.offcpu.agent;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * The per-thread off-CPU totals as an in-process JFR event, registered as a periodic event by
 * {@link ThreadStatisticsPublisher}, so a recording the user starts on their own
 * ({@code jcmd <pid> JFR.start}) carries them too. JFR commits it from its periodic-task thread, so
 * the thread it is about is in the fields, not in eventThread. Our own file carries the same values
 * as {@code offcpu.ThreadStatistics}, with eventThread set; the agent's JVM recording leaves this
 * one out.
 */
@Name(ThreadStatisticsEvent.NAME)
@Label("Off-CPU Thread Statistics (periodic)")
@Category("Off-CPU")
@Description("Per-thread totals counted in the kernel for every off-CPU episode, cumulative since offcpu started")
@Period("1 s")
@StackTrace(false)
public final class ThreadStatisticsEvent extends Event {
    public static final String NAME = "offcpu.PeriodicThreadStatistics";

    @Label("OS Thread Id")
    @Description("The kernel tid of the thread these totals are about")
    long osThreadId;

    @Label("Java Thread Id")
    @Description("Its Java thread id, 0 for JVM-internal threads")
    long javaThreadId;

    @Label("Thread Name")
    String threadName;

    @Label("Off-CPU Time")
    @Timespan(Timespan.NANOSECONDS)
    long offCpuTime;

    @Label("Sleeping (S)")
    @Timespan(Timespan.NANOSECONDS)
    long sleepingTime;

    @Label("Uninterruptible (D)")
    @Timespan(Timespan.NANOSECONDS)
    long uninterruptibleTime;

    @Label("Preempted")
    @Timespan(Timespan.NANOSECONDS)
    long preemptedTime;

    @Label("Run Queue Time")
    @Timespan(Timespan.NANOSECONDS)
    long runQueueTime;

    @Label("Voluntary Switches")
    long voluntarySwitches;

    @Label("Involuntary Switches")
    long involuntarySwitches;

    @Label("Episodes")
    long episodes;

    @Label("Unseen Starts")
    @Description("Episodes already in progress when offcpu started")
    long unseenStarts;
}
