package io.offcpu.agent;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * The JVM's count of classes unloaded so far. The management bean is found on first use, not at
 * start-up (the consumer asks, so the application's main() does not wait for the management classes),
 * and kept: finding it allocates, and the count is asked once per batch of records.
 */
final class UnloadedClassCount implements LongSupplier {
    private ClassLoadingMXBean classLoading;

    @Override
    public long getAsLong() {
        if (classLoading == null) {
            classLoading = ManagementFactory.getClassLoadingMXBean();
        }
        return classLoading.getUnloadedClassCount();
    }
}
