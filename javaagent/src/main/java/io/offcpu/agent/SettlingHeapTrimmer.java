package io.offcpu.agent;

/**
 * Returns the C heap the agent's start-up left free to the kernel while the agent settles. The library trims
 * once after its programs are attached; what comes after is mostly the JIT compiling the agent's own code,
 * whose arenas C1 and C2 free after each compilation (about 6 MB resident in a hello-world JVM 10 s after the
 * start). Nothing else trims them, so they would count in the application's RSS for its whole life.
 *
 * <p>Trims 1, 2, 4, 8, 16 and 32 s after the start: often while the agent's compilations come in bursts,
 * then never again, since the application's own use of malloc is not the agent's to manage.
 */
final class SettlingHeapTrimmer {
    private static final long FIRST_DELAY_NANOS = 1_000_000_000L;
    private static final long SETTLED_NANOS = 32_000_000_000L;

    private final long startedAt;
    private final Runnable trim;
    private long delay = FIRST_DELAY_NANOS;

    /** @param trim what trims ({@code NativeHeap::trim} in the agent) */
    SettlingHeapTrimmer(long startedAtNanos, Runnable trim) {
        this.startedAt = startedAtNanos;
        this.trim = trim;
    }

    /** Trims when the next delay since the start has passed; nothing once settled. */
    void maybeTrim(long nowNanos) {
        if (delay > SETTLED_NANOS || nowNanos - startedAt < delay) {
            return;
        }
        trim.run();
        delay *= 2;
    }
}
