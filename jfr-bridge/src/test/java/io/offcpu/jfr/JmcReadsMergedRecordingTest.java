package io.offcpu.jfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmc.common.IMCFrame;
import org.openjdk.jmc.common.IMCStackTrace;
import org.openjdk.jmc.common.IMCThread;
import org.openjdk.jmc.common.item.Attribute;
import org.openjdk.jmc.common.item.IAttribute;
import org.openjdk.jmc.common.item.IItem;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.item.IItemIterable;
import org.openjdk.jmc.common.item.IMemberAccessor;
import org.openjdk.jmc.common.item.ItemFilters;
import org.openjdk.jmc.common.item.ItemToolkit;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.common.unit.UnitLookup;
import org.openjdk.jmc.common.util.IPreferenceValueProvider;
import org.openjdk.jmc.flightrecorder.JfrAttributes;
import org.openjdk.jmc.flightrecorder.JfrLoaderToolkit;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.IRule;
import org.openjdk.jmc.flightrecorder.rules.RuleRegistry;
import org.openjdk.jmc.flightrecorder.rules.util.RulesToolkit;
import org.openjdk.jmc.flightrecorder.stacktrace.FrameSeparator;
import org.openjdk.jmc.flightrecorder.stacktrace.tree.Node;
import org.openjdk.jmc.flightrecorder.stacktrace.tree.StacktraceTreeModel;

/** The merged recording through what JMC runs on a file: its parser, its rules and its flame graph model. */
class JmcReadsMergedRecordingTest {

    @TempDir
    static Path dir;

    static TickClock clock;
    static JvmRecordingFixture jvm;
    static IItemCollection items;

    @BeforeAll
    static void load() throws Exception {
        jvm = JvmRecordingFixture.record(dir.resolve("jvm.jfr"));
        clock = TickClock.fromRecording(jvm.file);
        Path merged = MergedRecordingTest.writeMerged(dir, jvm, clock, jvm.middleNanos);
        items = JfrLoaderToolkit.loadEvents(merged.toFile());
    }

    private static List<IItem> itemsOf(String type) {
        List<IItem> out = new ArrayList<>();
        for (IItemIterable it : items.apply(ItemFilters.type(type))) {
            for (IItem i : it) {
                out.add(i);
            }
        }
        return out;
    }

    private static <T> T get(IAttribute<T> attribute, IItem item) {
        IMemberAccessor<? extends T, IItem> a = attribute.getAccessor(ItemToolkit.getItemType(item));
        assertNotNull(a, attribute.getIdentifier() + " on " + item.getType().getIdentifier());
        return a.getMember(item);
    }

    /** JMC keys threads by osThreadId, which its IMCThread interface does not expose. */
    private static long osThreadId(IMCThread t) throws Exception {
        Field f = t.getClass().getField("osThreadId");
        f.setAccessible(true);
        return ((Number) f.get(t)).longValue();
    }

    @Test
    void parserLoadsOurEventsWithThreadsStacksAndTimes() throws Exception {
        List<IItem> offCpu = itemsOf("offcpu.OffCpu");
        assertEquals(3, offCpu.size());
        IItem park = null;
        for (IItem i : offCpu) {
            if (osThreadId(get(JfrAttributes.EVENT_THREAD, i)) == 4242) {
                park = i;
            }
        }
        assertNotNull(park, "no event of osThreadId 4242");
        IMCThread thread = get(JfrAttributes.EVENT_THREAD, park);
        assertEquals("worker-1", thread.getThreadName());
        assertEquals(17L, thread.getThreadId());

        IMCStackTrace stack = get(JfrAttributes.EVENT_STACKTRACE, park);
        List<? extends IMCFrame> frames = stack.getFrames();
        assertEquals(SampleEvents.PARK_STACK.size(), frames.size());
        assertEquals(IMCFrame.Type.KERNEL, frames.get(0).getType());
        assertEquals(IMCFrame.Type.NATIVE, frames.get(2).getType());
        assertEquals(IMCFrame.Type.CPP, frames.get(3).getType());
        assertEquals(IMCFrame.Type.INLINED, frames.get(5).getType());
        assertEquals(IMCFrame.Type.JIT_COMPILED, frames.get(6).getType());
        assertEquals(IMCFrame.Type.INTERPRETED, frames.get(7).getType());
        assertEquals("Parker::park", frames.get(3).getMethod().getMethodName());
        assertEquals(
                "io.offcpu.demo.Worker", frames.get(7).getMethod().getType().getFullName());
        assertEquals(42, frames.get(7).getFrameLineNumber());

        long startEpochNanos = get(JfrAttributes.START_TIME, park).clampedLongValueIn(UnitLookup.EPOCH_NS);
        assertEquals(clock.epochNanosAt(jvm.middleNanos), startEpochNanos, 1_000);
        assertEquals(
                MergedRecordingTest.PARK_NANOS,
                get(JfrAttributes.DURATION, park).clampedLongValueIn(UnitLookup.NANOSECOND));

        List<IItem> markers = itemsOf("offcpu.test.Marker");
        assertEquals(2, markers.size());
        long m1 = get(JfrAttributes.START_TIME, markers.get(0)).clampedLongValueIn(UnitLookup.EPOCH_NS);
        long m2 = get(JfrAttributes.START_TIME, markers.get(1)).clampedLongValueIn(UnitLookup.EPOCH_NS);
        assertTrue(
                Math.min(m1, m2) < startEpochNanos && startEpochNanos < Math.max(m1, m2),
                "JMC places our event at " + startEpochNanos + ", outside the JVM markers " + m1 + ", " + m2);

        assertEquals(1, itemsOf("offcpu.Statistics").size());
    }

    @Test
    void flameGraphModelWeighsStacksByOurWeightField() {
        IAttribute<IQuantity> weight = Attribute.attr("weight", "Weight", UnitLookup.TIMESPAN);
        StacktraceTreeModel model = new StacktraceTreeModel(
                items.apply(ItemFilters.type("offcpu.OffCpu")),
                new FrameSeparator(FrameSeparator.FrameCategorization.METHOD, false),
                false,
                weight);
        Map<String, Double> weightByTopFrame = new HashMap<>();
        for (Node child : model.getRoot().getChildren()) {
            weightByTopFrame.put(child.getFrame().getMethod().getMethodName(), child.getCumulativeWeight());
        }
        // Top-down from the bottom frame: Worker.run (park, weight 2 ms); the truncated sleep stack
        // (weight 4 ms) hangs below JMC's nameless "truncated" node; kworker has no stack.
        assertEquals(2_000_000.0, weightByTopFrame.get("run"), 1e-6, weightByTopFrame.toString());
        assertEquals(4_000_000.0, weightByTopFrame.get(""), 1e-6, weightByTopFrame.toString());
    }

    /** JMC's own evaluation (as its GUI does it): dependencies between rules are fed through. */
    private static List<String> failingRules(IItemCollection recording) throws InterruptedException {
        Map<IRule, Future<IResult>> results = RulesToolkit.evaluateParallel(
                RuleRegistry.getRules(), recording, IPreferenceValueProvider.DEFAULT_VALUES, 2);
        List<String> failures = new ArrayList<>();
        for (Map.Entry<IRule, Future<IResult>> e : results.entrySet()) {
            try {
                assertNotNull(e.getValue().get(), e.getKey().getId());
            } catch (ExecutionException ex) {
                failures.add(e.getKey().getId() + ": " + ex.getCause());
            }
        }
        assertTrue(results.size() > 40, "only " + results.size() + " rules");
        return failures;
    }

    @Test
    void everyJmcRuleEvaluatesWithoutThrowing() throws Exception {
        assertEquals(
                List.of(),
                failingRules(JfrLoaderToolkit.loadEvents(jvm.file.toFile())),
                "rules failing on the JVM's recording alone: the fixture is not a fair baseline");
        assertEquals(List.of(), failingRules(items));
    }
}
