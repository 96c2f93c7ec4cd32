package io.offcpu.jfr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.AnnotationElement;
import jdk.jfr.Enabled;
import jdk.jfr.EventFactory;
import jdk.jfr.Name;
import jdk.jfr.ValueDescriptor;

/**
 * Declares our event types ({@code offcpu.OffCpu}, {@code offcpu.Wakeup}, {@code offcpu.Statistics},
 * {@code offcpu.ThreadStatistics}) in the JVM, from the same schema our chunks are written with, so the
 * JVM's own chunks carry their metadata too. Never committed there (and disabled): what they are for is
 * that metadata.
 *
 * <p>Why: JDK 25's {@code jfr view} (and {@code jfr query}) resolve a query against the first metadata
 * event of the file only ({@code jdk.jfr.internal.query.QueryRun#onMetadata}: "Only use first metadata
 * event for now") and then listen for events by type name. In a file that holds the JVM's recording
 * followed by our chunks, the first metadata is the JVM's; unless it declares {@code offcpu.OffCpu},
 * {@code jfr view offcpu.OffCpu} answers "Could not find a view or an event type", while the JVM's types
 * must stay first for the built-in views ({@code hot-methods}, {@code contention-by-site}, ...).
 */
public final class JvmEventTypes {
    /** Fields every jdk.jfr event has, which {@link EventFactory} adds itself. */
    private static final Set<String> IMPLICIT_FIELDS = Set.of("startTime", "duration", "eventThread", "stackTrace");

    private static final Map<String, Class<?>> FIELD_CLASSES = Map.of(
            "long",
            long.class,
            "int",
            int.class,
            "boolean",
            boolean.class,
            "java.lang.String",
            String.class,
            "java.lang.Thread",
            Thread.class);
    /** Keeps the factories, and so the registrations, for the life of the JVM. */
    private static final List<EventFactory> REGISTERED = new ArrayList<>();

    private JvmEventTypes() {}

    /** Registers the types once; later calls do nothing. */
    public static synchronized void register() {
        if (!REGISTERED.isEmpty()) {
            return;
        }
        for (JfrType<?> type : List.of(
                OffCpuSchema.OFF_CPU, OffCpuSchema.WAKEUP, OffCpuSchema.STATISTICS, OffCpuSchema.THREAD_STATISTICS)) {
            List<AnnotationElement> annotations = new ArrayList<>();
            annotations.add(new AnnotationElement(Name.class, type.name));
            annotations.add(new AnnotationElement(Enabled.class, false));
            annotations.addAll(elements(type.annotations()));
            List<ValueDescriptor> fields = new ArrayList<>();
            for (JfrType.Field<?> f : type.fields()) {
                if (IMPLICIT_FIELDS.contains(f.name())) {
                    continue;
                }
                Class<?> fieldClass = FIELD_CLASSES.get(f.type().name);
                if (fieldClass == null || f.array()) {
                    throw new IllegalStateException("field " + type.name + "." + f.name() + " of type " + f.type().name
                            + " has no jdk.jfr counterpart; accepted: " + FIELD_CLASSES.keySet());
                }
                fields.add(new ValueDescriptor(fieldClass, f.name(), elements(f.annotations())));
            }
            EventFactory factory = EventFactory.create(annotations, fields);
            factory.register();
            REGISTERED.add(factory);
        }
    }

    /** Our annotations (jdk.jfr.Label, Description, Category, Timespan, Timestamp, ...) as jdk.jfr's. */
    private static List<AnnotationElement> elements(List<JfrType.Annotation> annotations) {
        List<AnnotationElement> elements = new ArrayList<>();
        for (JfrType.Annotation a : annotations) {
            Class<? extends java.lang.annotation.Annotation> annotationClass = annotationClass(a.type().name);
            if (annotationClass == null) {
                continue;
            }
            List<String> arrayValues = new ArrayList<>();
            Object single = null;
            for (Map.Entry<String, String> v : a.values().entrySet()) {
                if (v.getKey().startsWith("value-")) {
                    arrayValues.add(v.getValue());
                } else if (v.getKey().equals("value")) {
                    single = v.getValue();
                }
            }
            Object value = arrayValues.isEmpty() ? single : arrayValues.toArray(String[]::new);
            elements.add(
                    value == null
                            ? new AnnotationElement(annotationClass)
                            : new AnnotationElement(annotationClass, value));
        }
        return elements;
    }

    /** The jdk.jfr annotation class of that name, or null for our own content types jdk.jfr does not know. */
    @SuppressWarnings("unchecked")
    private static Class<? extends java.lang.annotation.Annotation> annotationClass(String name) {
        try {
            Class<?> c = Class.forName(name, false, JvmEventTypes.class.getClassLoader());
            return c.isAnnotation() ? (Class<? extends java.lang.annotation.Annotation>) c : null;
        } catch (ClassNotFoundException e) {
            return null;
        }
    }
}
