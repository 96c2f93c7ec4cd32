package io.offcpu.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmc.common.IMCFrame;
import org.openjdk.jmc.common.IMCMethod;
import org.openjdk.jmc.common.IMCStackTrace;
import org.openjdk.jmc.common.IMCThread;
import org.openjdk.jmc.common.item.IItem;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.item.IItemIterable;
import org.openjdk.jmc.common.item.IMemberAccessor;
import org.openjdk.jmc.common.item.ItemFilters;
import org.openjdk.jmc.flightrecorder.CouldNotLoadRecordingException;
import org.openjdk.jmc.flightrecorder.JfrAttributes;
import org.openjdk.jmc.flightrecorder.JfrLoaderToolkit;

/**
 * Reads our events with the parser JDK Mission Control runs on ({@code JfrLoaderToolkit.loadEvents}), as
 * JMC sees them: thread by its attribute, stack frames by method. JMC keeps no OS thread id on
 * {@link IMCThread}, so {@link OffCpuEvent#osThreadId()} is -1 here.
 */
public final class JmcRecording {
    private JmcRecording() {}

    public static List<OffCpuEvent> read(Path recording) throws IOException, CouldNotLoadRecordingException {
        IItemCollection ours =
                JfrLoaderToolkit.loadEvents(recording.toFile()).apply(ItemFilters.type(OffCpuRecording.OFF_CPU_EVENT));
        List<OffCpuEvent> events = new ArrayList<>();
        for (IItemIterable items : ours) {
            IMemberAccessor<IMCThread, IItem> threadOf = JfrAttributes.EVENT_THREAD.getAccessor(items.getType());
            IMemberAccessor<IMCStackTrace, IItem> stackOf = JfrAttributes.EVENT_STACKTRACE.getAccessor(items.getType());
            for (IItem item : items) {
                IMCThread thread = threadOf == null ? null : threadOf.getMember(item);
                IMCStackTrace stack = stackOf == null ? null : stackOf.getMember(item);
                events.add(
                        new OffCpuEvent(-1, thread == null ? null : thread.getThreadName(), -1, null, frames(stack)));
            }
        }
        return events;
    }

    private static List<OffCpuEvent.Frame> frames(IMCStackTrace stack) {
        List<OffCpuEvent.Frame> frames = new ArrayList<>();
        if (stack == null) {
            return frames;
        }
        for (IMCFrame frame : stack.getFrames()) {
            IMCMethod method = frame.getMethod();
            String className = method == null || method.getType() == null
                    ? null
                    : method.getType().getFullName();
            String type = schemaName(frame.getType());
            frames.add(new OffCpuEvent.Frame(type, className, method == null ? null : method.getMethodName()));
        }
        return frames;
    }

    /** JMC's frame type in the schema's spelling, so both readers' frames compare alike. */
    private static String schemaName(IMCFrame.Type type) {
        if (type == null) {
            return null;
        } else if (type.equals(IMCFrame.Type.KERNEL)) {
            return "Kernel";
        } else if (type.equals(IMCFrame.Type.NATIVE)) {
            return "Native";
        } else if (type.equals(IMCFrame.Type.CPP)) {
            return "C++";
        } else if (type.equals(IMCFrame.Type.JIT_COMPILED)) {
            return "JIT compiled";
        } else if (type.equals(IMCFrame.Type.INTERPRETED)) {
            return "Interpreted";
        } else if (type.equals(IMCFrame.Type.INLINED)) {
            return "Inlined";
        }
        return type.getName();
    }
}
