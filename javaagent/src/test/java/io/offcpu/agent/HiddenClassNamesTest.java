package io.offcpu.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@link HiddenClassNames} on names as the agent's two sources gave them in the demo's recording (JDK 17):
 * the interpreter's Symbol and the JIT code map's JVMTI signature of the same lambda. Without an
 * Instrumentation (as here) no mirror hash can be added; LambdaNamesIT checks the names against the JVM's.
 */
class HiddenClassNamesTest {
    @Test
    void bothSourcesSpellALambdaTheSameWay() {
        String interpreted = HiddenClassNames.forJfr("io/offcpu/samples/ParkSample$$Lambda$233+0x00007fbc8009e770");
        String compiled = HiddenClassNames.forJfr("io.offcpu.samples.ParkSample$$Lambda$233.0x00007fbc8009e770");
        assertEquals(interpreted, compiled);
        assertEquals(
                HiddenClassNames.forJfr("java/lang/invoke/LambdaForm$MH+0x00007fbc80009800"),
                HiddenClassNames.forJfr("java.lang.invoke.LambdaForm$MH.0x00007fbc80009800"));
    }

    @Test
    void otherClassesKeepTheirName() {
        assertEquals("java/lang/Thread", HiddenClassNames.forJfr("java/lang/Thread"));
        assertEquals("io.offcpu.samples.SampleRunner", HiddenClassNames.forJfr("io.offcpu.samples.SampleRunner"));
        assertEquals("com/example/Hex0xCafe", HiddenClassNames.forJfr("com/example/Hex0xCafe"));
    }

    @Test
    void classGetNameBecomesTheSymbolsSpelling() {
        assertEquals(
                "io/offcpu/samples/Main$$Lambda$14+0x00007f51dc000c10",
                HiddenClassNames.symbolOf("io.offcpu.samples.Main$$Lambda$14/0x00007f51dc000c10"));
    }
}
