package io.offcpu.agent;

import io.offcpu.jni.EpisodeDecoder;
import io.offcpu.jni.EpisodeView;
import io.offcpu.jni.ThreadTotalsView;
import io.offcpu.jni.WakeupView;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Where each record of a batch goes: episodes and wakeups of the application's threads to the encoder, the last
 * totals of an exited thread to the totals recorder. One instance, so a batch allocates nothing; used on the
 * consumer thread only.
 */
final class RecordRouter implements EpisodeDecoder.RecordVisitor {
    private final AgentThreads agentThreads;
    private final EventEncoder encoder;
    private final ThreadTotalsRecorder totals;
    private long unconvertible;

    RecordRouter(AgentThreads agentThreads, EventEncoder encoder, ThreadTotalsRecorder totals) {
        this.agentThreads = agentThreads;
        this.encoder = encoder;
        this.totals = totals;
    }

    /** Episodes skipped because they could not be converted (offcpu.Statistics). */
    long unconvertible() {
        return unconvertible;
    }

    @Override
    public void episode(EpisodeView episode) {
        if (!agentThreads.contains(episode.tid())) {
            write(episode);
        }
    }

    @Override
    public void threadTotals(ThreadTotalsView exited) {
        try {
            totals.recordExit(exited);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void wakeup(WakeupView wakeup) {
        if (!agentThreads.contains(wakeup.wokenTid())) {
            try {
                encoder.write(wakeup);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void write(EpisodeView episode) {
        try {
            encoder.write(episode);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            // One unreadable episode must not end the recording: count it, say so once.
            if (unconvertible++ == 0) {
                System.err.println("offcpu: skipping an episode that cannot be converted: " + e);
            }
        }
    }
}
