package io.offcpu.samples;

/** A workload with known blocking: it starts its named threads on a {@link SampleRunner}. */
public interface Sample {
    void start(SampleRunner runner) throws Exception;
}
