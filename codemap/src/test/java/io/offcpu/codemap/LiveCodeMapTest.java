package io.offcpu.codemap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.offcpu.jni.CodeEvents;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The code map of this very JVM, checked against jcmd Compiler.codelist and javap. */
class LiveCodeMapTest {
    private static final String HOT_CLASS = "io.offcpu.codemap.HotCode";

    @BeforeAll
    static void makeHot() throws Exception {
        LiveCodeEvents.drained();
        HotCode.makeHot();
    }

    private static List<JitMethod> jitMethods(CodeMap map, String name) {
        return map.liveBlobs().stream()
                .filter(b -> b instanceof JitMethod j
                        && j.method().className().equals(HOT_CLASS)
                        && j.method().name().equals(name))
                .map(b -> (JitMethod) b)
                .collect(Collectors.toList());
    }

    @Test
    void nativeFormatMatchesTheDecoder() {
        CodeEventPump.requireFormat(CodeEvents.formatVersion());
    }

    @Test
    void hotMethodIsMappedAtTheAddressesJcmdReports() throws Exception {
        List<JdkTools.CodelistEntry> codelist = JdkTools.codelist();
        CodeMap map = LiveCodeEvents.drained();
        List<JitMethod> ours = jitMethods(map, "hotLoop");
        List<JdkTools.CodelistEntry> jcmds = codelist.stream()
                .filter(e -> e.method().equals(HOT_CLASS + ".hotLoop(I)I"))
                .collect(Collectors.toList());
        assertFalse(jcmds.isEmpty(), "jcmd lists no compiled hotLoop: " + codelist.size() + " entries");
        assertTrue(jcmds.stream().anyMatch(e -> e.level() == 4), "hotLoop not C2-compiled per jcmd: " + jcmds);
        for (JdkTools.CodelistEntry jcmd : jcmds) {
            Optional<JitMethod> match =
                    ours.stream().filter(j -> j.start() == jcmd.codeBegin()).findFirst();
            assertTrue(match.isPresent(), "jcmd's " + jcmd + " is not in the code map: " + ours);
            assertEquals(jcmd.codeEnd(), match.get().end(), "end of " + match.get());
            assertEquals("(I)I", match.get().method().signature());
            assertEquals("HotCode.java", match.get().method().sourceFile());
            // And the map finds it by any address inside, now.
            long middle = jcmd.codeBegin() + (jcmd.codeEnd() - jcmd.codeBegin()) / 2;
            assertEquals(match.get(), map.blobAt(middle, System.nanoTime()));
        }
        assertEquals(0, LiveCodeEvents.dropped());
    }

    @Test
    void lineTablesMatchJavap() throws Exception {
        CodeMap map = LiveCodeEvents.drained();
        JavaMethod hotLoop = jitMethods(map, "hotLoop").get(0).method();
        int[][] javap = JdkTools.javapLineTable(HotCode.class, "hotLoop(int)").stream()
                .sorted((a, b) -> Integer.compare(a[0], b[0]))
                .toArray(int[][]::new);
        assertEquals(
                java.util.Arrays.deepToString(javap),
                java.util.Arrays.deepToString(hotLoop.lineTable()),
                "line table of " + hotLoop);
        assertEquals(javap[javap.length - 1][1], hotLoop.lineAt(Integer.MAX_VALUE));
    }

    @Test
    void inlinedCalleeIsNamedWithItsLine() throws Exception {
        List<int[]> calleeLines = JdkTools.javapLineTable(HotCode.class, "hotCallee(int)");
        // C2 compiles hotLoop in the background: on a loaded machine the version with hotCallee inlined may
        // come after the first drain, so make it hotter and look again for a while.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        boolean seen = hotCalleeInlined(LiveCodeEvents.drained(), calleeLines);
        while (!seen && System.nanoTime() < deadline) {
            HotCode.makeHot();
            Thread.sleep(200);
            seen = hotCalleeInlined(LiveCodeEvents.drained(), calleeLines);
        }
        assertTrue(
                seen,
                "no pc of a compiled hotLoop has hotCallee inlined: "
                        + jitMethods(LiveCodeEvents.drained(), "hotLoop"));
    }

    /** Whether some pc of a compiled hotLoop is inside an inlined hotCallee; checks every such pc's frames. */
    private static boolean hotCalleeInlined(CodeMap map, List<int[]> calleeLines) {
        boolean seen = false;
        for (JitMethod jit : jitMethods(map, "hotLoop")) {
            for (long pc : jit.pcs()) {
                List<InlineFrame> frames = jit.frames(pc);
                InlineFrame outermost = frames.get(frames.size() - 1);
                assertEquals(jit.method(), outermost.method(), "outermost frame at " + Long.toHexString(pc));
                assertFalse(outermost.inlined());
                if (frames.size() >= 2 && frames.get(0).method().name().equals("hotCallee")) {
                    InlineFrame callee = frames.get(0);
                    assertTrue(callee.inlined());
                    assertTrue(
                            calleeLines.stream().anyMatch(l -> l[1] == callee.line()),
                            "hotCallee line " + callee.line() + " at bci " + callee.bci() + " not in javap's table");
                    assertEquals("hotLoop", frames.get(1).method().name());
                    seen = true;
                }
            }
        }
        return seen;
    }

    @Test
    void interpreterAndStubsAreMapped() {
        CodeMap map = LiveCodeEvents.drained();
        List<NamedStub> stubs = map.liveBlobs().stream()
                .filter(b -> b instanceof NamedStub)
                .map(b -> (NamedStub) b)
                .collect(Collectors.toList());
        NamedStub interpreter = stubs.stream()
                .filter(s -> s.name().equals("Interpreter"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Interpreter blob among " + stubs.size() + " stubs"));
        assertTrue(interpreter.size() > 4096, "interpreter size " + interpreter.size());
        assertEquals(CodeBlob.LOADED_BEFORE_START, interpreter.loadTimeNanos(), "interpreter came from the replay");
        assertEquals(interpreter, map.blobAt(interpreter.start() + 100, System.nanoTime()));
        assertTrue(stubs.size() > 50, "only " + stubs.size() + " stubs");
    }

    @Test
    void methodCompiledBeforeTheLibraryLoadedComesFromTheReplay() {
        // Precondition from the JDK itself: jcmd listed it compiled before System.load.
        assertTrue(
                LiveCodeEvents.CODELIST_BEFORE_LOAD.stream()
                        .anyMatch(e -> e.method().equals(HOT_CLASS + ".warmedBeforeLoad(I)I")),
                "warm-up did not compile warmedBeforeLoad before the load");
        List<JitMethod> replayed = jitMethods(LiveCodeEvents.drained(), "warmedBeforeLoad").stream()
                .filter(j -> j.loadTimeNanos() == CodeBlob.LOADED_BEFORE_START)
                .collect(Collectors.toList());
        assertFalse(replayed.isEmpty(), "no replayed load of warmedBeforeLoad");
        for (JdkTools.CodelistEntry before : LiveCodeEvents.CODELIST_BEFORE_LOAD) {
            if (before.method().equals(HOT_CLASS + ".warmedBeforeLoad(I)I")) {
                assertTrue(
                        replayed.stream().anyMatch(j -> j.start() == before.codeBegin() && j.end() == before.codeEnd()),
                        "jcmd's " + before + " vs " + replayed);
            }
        }
    }

    @Test
    void drainRefusesHeapAndSmallBuffers() {
        IllegalArgumentException heap = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> CodeEvents.drain(java.nio.ByteBuffer.allocate(CodeMapContract.MAX_RECORD_BYTES)));
        assertTrue(heap.getMessage().contains("direct"), heap.getMessage());
        IllegalArgumentException small = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> CodeEvents.drain(java.nio.ByteBuffer.allocateDirect(4096)));
        assertTrue(small.getMessage().contains("4096"), small.getMessage());
    }

    @Test
    void aLibraryOfAnotherFormatIsRefused() {
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalStateException.class, () -> CodeEventPump.requireFormat(CodeMapContract.FORMAT_VERSION + 1));
        assertTrue(e.getMessage().contains("format " + (CodeMapContract.FORMAT_VERSION + 1)), e.getMessage());
    }
}
