package io.offcpu.jfr;

import java.util.List;

/**
 * Reusable look-up objects for the constant pools: each is equal to, and hashes like, the pooled value
 * it describes, so a value already pooled is found without building the value first. The pools are
 * {@link java.util.HashMap}s, whose {@code get} calls {@code equals} on the object looked up, with
 * the stored key as argument: a probe only needs to compare itself with the stored value type.
 *
 * <p>This is what lets a raw stack the agent has not seen before, but whose frames make a stack trace
 * already in the pool, cost no allocation in the profiled JVM's heap: a preempted thread stopped between
 * the same two recorded pcs of a compiled method, in the same native function, and every stack in use
 * after the agent's raw-stack table started over.
 */
final class PoolProbes {
    private PoolProbes() {}

    /** Equal to the {@link OffCpuSchema.StackRef} of the same frames and truncation flag. */
    static final class StackProbe {
        private Frame[] frames;
        private int count;
        private boolean truncated;

        StackProbe set(Frame[] frames, int count, boolean truncated) {
            this.frames = frames;
            this.count = count;
            this.truncated = truncated;
            return this;
        }

        /** Drops the reference to the caller's array. */
        void clear() {
            frames = null;
        }

        /** As {@link OffCpuSchema.StackRef#hashCode()}: a list's hash code is specified by {@link List#hashCode()}. */
        @Override
        public int hashCode() {
            int h = 1;
            for (int i = 0; i < count; i++) {
                h = 31 * h + frames[i].hashCode();
            }
            return 31 * h + Boolean.hashCode(truncated);
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof OffCpuSchema.StackRef s) || s.truncated() != truncated) {
                return false;
            }
            List<Frame> pooled = s.frames();
            if (pooled.size() != count) {
                return false;
            }
            for (int i = 0; i < count; i++) {
                Frame f = frames[i];
                Frame p = pooled.get(i);
                if (f != p && !f.equals(p)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Equal to the {@link OffCpuSchema.MethodRef} of a frame. */
    static final class MethodProbe {
        private Frame frame;

        MethodProbe set(Frame frame) {
            this.frame = frame;
            return this;
        }

        void clear() {
            frame = null;
        }

        /** As {@link OffCpuSchema.MethodRef#hashCode()}. */
        @Override
        public int hashCode() {
            return (31 * frame.className().hashCode() + frame.methodName().hashCode()) * 31
                    + frame.descriptor().hashCode();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof OffCpuSchema.MethodRef m
                    && frame.methodName().equals(m.name())
                    && frame.className().equals(m.className())
                    && frame.descriptor().equals(m.descriptor());
        }
    }
}
