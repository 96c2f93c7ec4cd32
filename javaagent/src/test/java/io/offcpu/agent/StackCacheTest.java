package io.offcpu.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.offcpu.codemap.CodeEvent;
import io.offcpu.codemap.CodeMap;
import io.offcpu.codemap.InlineRecords;
import io.offcpu.codemap.JavaMethod;
import io.offcpu.jfr.OffCpuChunkWriter;
import io.offcpu.jfr.TickClock;
import io.offcpu.jni.EpisodeView;
import io.offcpu.symbols.KernelSymbols;
import io.offcpu.symbols.NativeSymbolizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stack seen before is not symbolized again, unless what its addresses mean may have changed: the
 * JIT code at them (at the record's time), the native mappings, or the classes behind interpreted frames.
 */
class StackCacheTest {
    private static final long CODE = 0x7e00_0000_0000L;
    private static final long[] KERNEL = {0xffffffff81000010L};

    @TempDir
    Path dir;

    private OffCpuChunkWriter writer;
    private final CodeMap code = new CodeMap();
    private final AtomicLong unloadedClasses = new AtomicLong();
    private StackCache stacks;
    private NativeSymbolizer natives;

    @BeforeEach
    void setUp() throws Exception {
        writer = new OffCpuChunkWriter(dir.resolve("spool"), TickClock.calibrate());
        KernelSymbols kernel = KernelSymbols.parse("ffffffff81000000 T schedule\nffffffff81001000 T futex_wait\n");
        natives = NativeSymbolizer.forPid((int) ProcessHandle.current().pid());
        StackSymbolizer symbolizer = new StackSymbolizer(kernel, natives, code, new InterpretedFrames());
        stacks = new StackCache(symbolizer, natives, code, writer, unloadedClasses::get);
        code.apply(new CodeEvent.Method(method(1, "first")));
        code.apply(new CodeEvent.Method(method(2, "second")));
    }

    @AfterEach
    void tearDown() throws Exception {
        writer.close();
    }

    private static JavaMethod method(long id, String name) {
        return new JavaMethod(id, "Lio/offcpu/demo/Worker;", name, "()V", "Worker.java", new int[0], new int[0]);
    }

    private void load(long methodId, long timeNanos) {
        code.apply(new CodeEvent.CompiledLoad(timeNanos, methodId, CODE, 0x100, false, false, InlineRecords.NONE));
    }

    private long stackAt(long timeNanos) {
        return stacks.stackKey(PackedRecords.episode(101, timeNanos, 0, KERNEL, new long[] {CODE + 0x20}), timeNanos);
    }

    @Test
    void aStackSeenBeforeCostsNoSymbolization() {
        load(1, 1_000);
        stacks.beginBatch();
        long now = System.nanoTime();
        long first = stackAt(now + 1);
        long second = stackAt(now + 2);
        assertEquals(first, second);
        assertEquals(1, stacks.misses());
        assertEquals(1, stacks.hits());
    }

    @Test
    void codeReplacedAtTheAddressesIsSymbolizedAgainAndOlderRecordsKeepTheOldCode() {
        load(1, 1_000);
        stacks.beginBatch();
        long beforeChange = System.nanoTime();
        long firstMethod = stackAt(beforeChange);
        assertEquals(firstMethod, stackAt(beforeChange + 1));

        long changed = System.nanoTime();
        code.apply(new CodeEvent.CompiledUnload(changed, 1, CODE));
        load(2, changed + 1);
        stacks.beginBatch();
        long after = System.nanoTime();
        long secondMethod = stackAt(after);
        assertNotEquals(firstMethod, secondMethod, "the address now holds another method");
        // A record from before the change still names the method that was there then.
        assertEquals(firstMethod, stackAt(beforeChange + 2));
        assertEquals(secondMethod, stackAt(after + 1));
        assertEquals(secondMethod, stackAt(after + 2));
        assertEquals(3, stacks.misses(), "the old record is symbolized, not cached");
    }

    @Test
    void recordsOlderThanTheLastCodeChangeAreNotServedFromTheCache() {
        load(1, 1_000);
        long early = System.nanoTime();
        stacks.beginBatch(); // the code change is seen now: records before may predate it
        long key = stackAt(early);
        assertEquals(key, stackAt(early));
        assertEquals(1, stacks.misses());
        assertEquals(1, stacks.revalidated(), "compared with the code at its time, not taken as it is");
        long later = System.nanoTime();
        assertEquals(key, stackAt(later));
        assertEquals(2, stacks.revalidated());
        assertEquals(key, stackAt(later + 1));
        assertEquals(1, stacks.misses());
        assertEquals(1, stacks.hits());
    }

    @Test
    void codeChangedElsewhereCostsAComparisonNotASymbolization() {
        load(1, 1_000);
        stacks.beginBatch();
        long key = stackAt(System.nanoTime());
        code.apply(new CodeEvent.CompiledLoad(
                System.nanoTime(), 2, CODE + 0x1000, 0x100, false, false, InlineRecords.NONE));
        stacks.beginBatch();
        long now = System.nanoTime();
        assertEquals(key, stackAt(now));
        assertEquals(key, stackAt(now + 1));
        assertEquals(1, stacks.misses());
        assertEquals(1, stacks.revalidated());
        assertEquals(1, stacks.hits());
    }

    @Test
    void unloadedClassesAndNewMappingsDropTheCachedStacks() {
        load(1, 1_000);
        stacks.beginBatch();
        long now = System.nanoTime();
        long key = stackAt(now);
        unloadedClasses.incrementAndGet();
        stacks.beginBatch();
        assertEquals(key, stackAt(now + 1));
        assertEquals(2, stacks.misses());
        stacks.invalidate();
        assertEquals(key, stackAt(now + 2));
        assertEquals(3, stacks.misses());
        assertEquals(key, stackAt(now + 3));
        assertEquals(1, stacks.hits());
    }

    @Test
    void changedMappingsElsewhereKeepTheCachedStack() throws Exception {
        load(1, 1_000);
        stacks.beginBatch();
        long now = System.nanoTime();
        // A native frame in this JVM's libjvm, beside the JIT frame.
        long libjvm = natives.maps().executableFileMappings().stream()
                        .filter(m -> m.path().endsWith("libjvm.so"))
                        .findFirst()
                        .orElseThrow()
                        .start()
                + 0x1000;
        EpisodeView record = PackedRecords.episode(101, now, 0, KERNEL, new long[] {libjvm, CODE + 0x20});
        long key = stacks.stackKey(record, now);
        natives.refresh();
        stacks.mappingsChanged();
        assertEquals(key, stacks.stackKey(record, now + 1));
        assertEquals(1, stacks.misses());
        assertEquals(1, stacks.hits());
    }

    @Test
    void theReasonIsClassifiedOncePerStateAndSyscall() {
        load(1, 1_000);
        stacks.beginBatch();
        long now = System.nanoTime();
        stackAt(now);
        StackCache.EncodedReason sleeping = stacks.reason(1, 202);
        assertEquals("lock", sleeping.reason().value());
        StackCache.EncodedReason preempted = stacks.reason(0, 202);
        assertEquals("preempted", preempted.reason().value());
        assertEquals("in futex", preempted.detail().value());
        stackAt(now + 1);
        assertEquals(sleeping, stacks.reason(1, 202));
        assertEquals(preempted, stacks.reason(0, 202));
    }

    @Test
    void aStackNewToTheCacheWhoseFramesAreKnownAllocatesNothingInTheApplicationsHeap() {
        // A preempted thread's stack is new each time (it stopped at another instruction), and so are many
        // wakers' stacks; their frames mostly are not. The consumer's garbage would be the application's.
        load(1, 1_000);
        stacks.beginBatch();
        long now = System.nanoTime();
        int n = 16;
        long[] kernel = new long[n];
        long[] user = new long[n];
        for (int i = 0; i < n; i++) {
            kernel[i] = 0xffffffff81000010L + 0x10L * i; // all in schedule
            user[i] = CODE + 0x10L * i; // all in the same compiled method, without debug information
        }
        long key = 0;
        for (int shift = 0; shift < 2; shift++) { // every address, then every path, seen once
            for (int i = 0; i < n; i++) {
                key = stacks.stackKey(record(kernel[i], user[(i + shift) % n], now), now + 1);
            }
        }
        List<EpisodeView> unseen = new ArrayList<>();
        for (int shift = 2; shift < 12; shift++) {
            for (int i = 0; i < n; i++) {
                unseen.add(record(kernel[i], user[(i + shift) % n], now));
            }
        }
        long missesBefore = stacks.misses();
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        long sameKey = 0;
        for (int i = 0; i < unseen.size(); i++) {
            sameKey += stacks.stackKey(unseen.get(i), now + 1) == key ? 1 : 0;
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(unseen.size(), sameKey, "the same frames: the same stack trace");
        assertEquals(unseen.size(), stacks.misses() - missesBefore, "each was new to the cache");
        assertTrue(allocated < 1024, unseen.size() + " new stacks allocated " + allocated + " bytes");
    }

    private static EpisodeView record(long kernelAddress, long userAddress, long timeNanos) {
        return PackedRecords.episode(101, timeNanos, 0, new long[] {kernelAddress}, new long[] {userAddress});
    }
}
