package io.offcpu.samples;

/** One call of a sample's blocking method; a sample thread repeats it until its deadline. */
@FunctionalInterface
public interface BlockingCall {
    void blockOnce() throws Exception;
}
