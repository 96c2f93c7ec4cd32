package io.offcpu.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /** The regular expression that addressSeparator stands in for is the oracle. */
    @Test
    void findsTheAddressWhereTheExpressionDoes() {
        Pattern hidden = Pattern.compile("(.*)[+./](0x[0-9a-f]+)");
        List<String> names = List.of(
                "io/offcpu/samples/ParkSample$$Lambda$233+0x00007fbc8009e770",
                "io.offcpu.samples.ParkSample$$Lambda$233.0x00007fbc8009e770",
                "io.offcpu.samples.Main$$Lambda$14/0x00007f51dc000c10",
                "java/lang/invoke/LambdaForm$MH+0x00007fbc80009800",
                "Outer$$Lambda.0x000000006d0dc458",
                "a+0x1",
                "+0x1",
                "a+0x",
                "a+0X1",
                "a+0x1g",
                "a+0x1F",
                "a+0x1.b",
                "a.0x1+0x2",
                "a+0x1/0x",
                "a/0x1+",
                "0x1",
                "com/example/Hex0xCafe",
                "com/example/Hex+0xcafe",
                "line\nbreak+0x1",
                "java/lang/Thread",
                "");
        for (String name : names) {
            Matcher m = hidden.matcher(name);
            int expected = m.matches() ? m.end(1) : -1;
            assertEquals(expected, HiddenClassNames.addressSeparator(name), name);
        }
    }
}
