package io.offcpu.agent;

import static io.offcpu.jni.KernelContract.*;

import io.offcpu.jfr.OffCpuStatistics;
import io.offcpu.jni.Counters;
import io.offcpu.jni.OffCpuBpf;
import java.io.IOException;

/**
 * Writes {@code offcpu.Statistics}: the kernel side's counters with the consumer's own (episodes it could not
 * convert, stacks symbolized and reused). On the consumer thread, once a second, before a dump and at the end.
 */
final class StatisticsWriter {
    private final OffCpuBpf bpf;
    private final RecordRouter records;
    private final StackCache stacks;
    private final RecordingOutput output;

    StatisticsWriter(OffCpuBpf bpf, RecordRouter records, StackCache stacks, RecordingOutput output) {
        this.bpf = bpf;
        this.records = records;
        this.stacks = stacks;
        this.output = output;
    }

    void write() throws IOException {
        Counters c = bpf.counters();
        output.write(new OffCpuStatistics(
                System.nanoTime(),
                c.get(COUNTER_SWITCH_OUTS),
                c.get(COUNTER_EMITTED),
                c.get(COUNTER_DROPPED),
                c.get(COUNTER_STACKS_FAILED),
                c.get(COUNTER_STACKS_TRUNCATED),
                c.get(COUNTER_UNSEEN_START),
                c.get(COUNTER_WAKEUPS),
                c.get(COUNTER_WAKEUPS_DROPPED),
                c.get(COUNTER_EXIT_TOTALS_DROPPED),
                c.get(COUNTER_SAMPLED_OUT),
                c.get(COUNTER_STATE_FULL),
                records.unconvertible(),
                c.get(COUNTER_SWITCH_INS_MISSED),
                stacks.misses(),
                stacks.hits() + stacks.revalidated()));
    }
}
