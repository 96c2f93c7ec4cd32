package io.offcpu.codemap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** CodeMap's time and address rules, on event sequences the JVM produces. */
class CodeMapTest {
    private static final long A = 11, B = 22, CALLEE = 33;

    private static CodeEvent method(long id, String name, int[] bcis, int[] lines) {
        return new CodeEvent.Method(new JavaMethod(id, "Lcom/example/Work;", name, "()V", "Work.java", bcis, lines));
    }

    private static CodeEvent load(long time, long id, long start, int size, CodeEvent.PcFrames... pcs) {
        return new CodeEvent.CompiledLoad(
                time, id, start, size, false, false, InlineRecords.decoded(InlineInfo.of(List.of(pcs))));
    }

    private static String nameAt(CodeMap map, long address, long time) {
        CodeBlob blob = map.blobAt(address, time);
        return blob == null ? "-" : blob.name();
    }

    private static CodeMap twoMethods() {
        CodeMap map = new CodeMap();
        map.apply(method(A, "a", new int[0], new int[0]));
        map.apply(method(B, "b", new int[0], new int[0]));
        return map;
    }

    @Test
    void anAnswerRememberedForAnAddressEndsWithItsCode() {
        CodeMap map = twoMethods();
        map.apply(load(10, A, 0x1000, 0x100));
        assertEquals("com.example.Work::a()V", nameAt(map, 0x1010, 15));
        assertEquals("com.example.Work::a()V", nameAt(map, 0x1010, 16)); // remembered
        map.apply(new CodeEvent.CompiledUnload(20, A, 0x1000));
        assertEquals("-", nameAt(map, 0x1010, 25));
        map.apply(load(30, B, 0x1000, 0x100));
        assertEquals("com.example.Work::b()V", nameAt(map, 0x1010, 35));
        assertEquals("com.example.Work::a()V", nameAt(map, 0x1010, 15)); // older records keep the older code
        assertEquals("com.example.Work::b()V", nameAt(map, 0x1010, 36));
    }

    @Test
    void resolvesAnAddressAgainstTheCodeThatWasThereAtThatTime() {
        CodeMap map = twoMethods();
        map.apply(load(10, A, 0x1000, 0x100));
        map.apply(new CodeEvent.CompiledUnload(20, A, 0x1000));
        map.apply(load(30, B, 0x1080, 0x100)); // reuses part of a's range
        assertEquals("com.example.Work::a()V", nameAt(map, 0x10a0, 15));
        assertEquals("com.example.Work::b()V", nameAt(map, 0x10a0, 35));
        assertEquals("com.example.Work::a()V", nameAt(map, 0x1010, 19));
        assertEquals("-", nameAt(map, 0x1010, 35), "a's range below b is empty after a's unload");
        assertEquals("-", nameAt(map, 0x2000, 35));
        assertEquals(1, map.historySize());
    }

    @Test
    void anEventPostedLateStillResolvesEarlierAddresses() {
        // HotSpot posts CompiledMethodLoad from the ServiceThread after the code already ran.
        CodeMap map = twoMethods();
        map.apply(load(100, A, 0x1000, 0x100));
        assertEquals("com.example.Work::a()V", nameAt(map, 0x1000, 90));
        map.apply(new CodeEvent.CompiledUnload(200, A, 0x1000));
        map.apply(load(300, B, 0x1000, 0x100));
        assertEquals("com.example.Work::b()V", nameAt(map, 0x1000, 250), "the first code placed there after");
        assertEquals("com.example.Work::a()V", nameAt(map, 0x1000, 50));
    }

    @Test
    void overlappingLoadRetiresCodeWhoseUnloadWasNeverSeen() {
        CodeMap map = twoMethods();
        map.apply(load(10, A, 0x1000, 0x100));
        map.apply(new CodeEvent.DynamicCode(15, "BufferBlob", 0x1100, 0x40, false));
        map.apply(load(30, B, 0x1040, 0x200)); // covers the end of a and the whole stub
        assertEquals(
                List.of("com.example.Work::b()V"),
                map.liveBlobs().stream().map(CodeBlob::name).toList());
        assertEquals("BufferBlob", nameAt(map, 0x1110, 20));
        assertEquals("com.example.Work::a()V", nameAt(map, 0x1000, 29));
        assertEquals("com.example.Work::b()V", nameAt(map, 0x1110, 31));
    }

    @Test
    void replayOfCodeAlreadyMappedIsNotADuplicate() {
        CodeMap map = twoMethods();
        assertTrue(map.apply(load(10, A, 0x1000, 0x100)).isPresent());
        Optional<CodeBlob> again =
                map.apply(new CodeEvent.CompiledLoad(50, A, 0x1000, 0x100, true, false, InlineRecords.NONE));
        assertFalse(again.isPresent(), "the perf map must not get a second line");
        assertEquals(10, map.liveBlobs().get(0).loadTimeNanos());
        CodeBlob replayed = map.apply(new CodeEvent.CompiledLoad(50, B, 0x3000, 0x100, true, false, InlineRecords.NONE))
                .orElseThrow();
        assertEquals(CodeBlob.LOADED_BEFORE_START, replayed.loadTimeNanos());
        assertEquals("com.example.Work::b()V", nameAt(map, 0x3000, Long.MIN_VALUE + 1));
    }

    @Test
    void inlineChainAtAPcIsInnermostFirstWithLines() {
        CodeMap map = twoMethods();
        map.apply(method(CALLEE, "callee", new int[] {4, 0}, new int[] {42, 41}));
        JitMethod jit = (JitMethod) map.apply(load(
                        10,
                        A,
                        0x1000,
                        0x100,
                        new CodeEvent.PcFrames(0x1050, new long[] {CALLEE, A}, new int[] {5, 7}),
                        new CodeEvent.PcFrames(0x1020, new long[] {A}, new int[] {2})))
                .orElseThrow();
        List<InlineFrame> at = jit.frames(0x1050);
        assertEquals(2, at.size());
        assertEquals(new InlineFrame(map.method(CALLEE).orElseThrow(), 5, 42, true), at.get(0));
        assertEquals(new InlineFrame(jit.method(), 7, -1, false), at.get(1));
        assertEquals(at, jit.frames(0x1030), "a pc between records takes the next one, like find_pc_desc");
        assertEquals(1, jit.frames(0x1020).size());
        assertEquals(List.of(new InlineFrame(jit.method(), -1, -1, false)), jit.frames(0x1060), "after the last pc");
        assertEquals(41, map.method(CALLEE).orElseThrow().lineAt(3));
        // Pcs with one recorded pc's frames share it; a pc that takes none is its own.
        assertEquals(0x1050, jit.framesPc(0x1050));
        assertEquals(0x1050, jit.framesPc(0x1021));
        assertEquals(0x1020, jit.framesPc(0x1001));
        assertEquals(0x1060, jit.framesPc(0x1060));
        assertEquals(0x10ff, jit.framesPc(0x10ff));
    }

    @Test
    void unknownMethodIsNamedByItsId() {
        CodeMap map = new CodeMap();
        CodeBlob blob = map.apply(load(10, 0xabc, 0x1000, 0x10)).orElseThrow();
        assertEquals("0xabc", blob.name());
    }

    @Test
    void historyIsBounded() {
        CodeMap map = new CodeMap(2);
        for (int i = 0; i < 5; i++) {
            map.apply(method(100 + i, "m" + i, new int[0], new int[0]));
            map.apply(load(10 * i, 100 + i, 0x1000, 0x100));
            map.apply(new CodeEvent.CompiledUnload(10 * i + 5, 100 + i, 0x1000));
        }
        assertEquals(2, map.historySize());
        assertEquals("com.example.Work::m3()V", nameAt(map, 0x1000, 32));
        assertEquals("com.example.Work::m4()V", nameAt(map, 0x1000, 41));
        // m1 was there at 12 but is evicted: the first remembered code after 12 answers.
        assertEquals("com.example.Work::m3()V", nameAt(map, 0x1000, 12));
    }

    @Test
    void lookupsAllocateNothingInTheApplicationsHeap() {
        // The consumer looks up every user frame of every stack, also while code keeps changing (a server's
        // JIT) and for native addresses between code blobs; its garbage would be the application's.
        CodeMap map = twoMethods();
        for (int i = 0; i < 64; i++) {
            map.apply(load(10 + i, i % 2 == 0 ? A : B, 0x10_0000 + i * 0x1000L, 0x800));
        }
        for (int i = 0; i < 64; i += 4) {
            map.apply(new CodeEvent.CompiledUnload(100 + i, A, 0x10_0000 + i * 0x1000L));
        }
        long[] addresses = new long[512];
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = 0x10_0000 + i * 0x100L; // live code, retired code, gaps between blobs
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long sink = lookUpAll(map, addresses); // warms up what is measured below
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int round = 0; round < 20; round++) {
            sink += lookUpAll(map, addresses);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(sink != 0);
        assertTrue(allocated < 1024, "20 x 512 lookups allocated " + allocated + " bytes");
    }

    private static long lookUpAll(CodeMap map, long[] addresses) {
        long found = 0;
        for (int i = 0; i < addresses.length; i++) {
            // Times before and after the unloads: the retired blobs are searched too.
            CodeBlob blob = map.blobAt(addresses[i], i % 2 == 0 ? 50 : 200);
            found += blob == null ? 1 : blob.size();
        }
        return found;
    }
}
