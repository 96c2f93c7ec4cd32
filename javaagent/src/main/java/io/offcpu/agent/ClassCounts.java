package io.offcpu.agent;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;

/**
 * The JVM's counts of classes loaded and unloaded so far. The management bean is found on first use, not at
 * start-up (the consumer asks, so the application's main() does not wait for the management classes), and
 * kept: finding it allocates, and the counts are asked once per batch of records and per unknown hidden class.
 */
final class ClassCounts {
    private static volatile ClassLoadingMXBean classLoading;

    private ClassCounts() {}

    /** Classes unloaded so far: a change means a Method* may name another method. */
    static long unloaded() {
        return bean().getUnloadedClassCount();
    }

    /** Classes loaded so far, hidden ones included. */
    static long loaded() {
        return bean().getTotalLoadedClassCount();
    }

    private static ClassLoadingMXBean bean() {
        ClassLoadingMXBean bean = classLoading;
        if (bean == null) {
            classLoading = bean = ManagementFactory.getClassLoadingMXBean();
        }
        return bean;
    }
}
