package io.offcpu.jfr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * One JFR type of our chunks: what the metadata declares about it and, field by field, how a value of
 * {@code T} is encoded. Keeping both in one place means the field order in the metadata and the order
 * in which values are written cannot drift apart.
 *
 * @param <T> the Java value one instance of this type is written from (Void for primitives and types
 *            we declare but never write)
 */
final class JfrType<T> {

    /** Writes one field of {@code owner}. */
    interface FieldWriter<T> {
        void write(T owner, ConstantPools pools, ByteSink out);
    }

    /** An annotation on a type or field; values are written as metadata attributes. */
    record Annotation(JfrType<?> type, Map<String, String> values) {}

    /** A field: its metadata and its writer. */
    record Field<T>(
            String name,
            JfrType<?> type,
            boolean constantPool,
            boolean array,
            List<Annotation> annotations,
            FieldWriter<T> writer) {}

    final String name;
    final long id;
    /** Position among all our types (OffCpuSchema.allTypes()), for per-type arrays. */
    final int index;

    final String superType;
    final boolean simpleType;
    private final List<Field<T>> fields = new ArrayList<>();
    /** The fields' writers in order, as an array: written for every event, without an iterator. */
    @SuppressWarnings("unchecked")
    private FieldWriter<T>[] writers = new FieldWriter[0];

    private final List<Annotation> annotations = new ArrayList<>();

    JfrType(String name, long id, int index, String superType, boolean simpleType) {
        this.name = name;
        this.id = id;
        this.index = index;
        this.superType = superType;
        this.simpleType = simpleType;
    }

    List<Field<T>> fields() {
        return Collections.unmodifiableList(fields);
    }

    List<Annotation> annotations() {
        return Collections.unmodifiableList(annotations);
    }

    JfrType<T> annotate(Annotation... as) {
        annotations.addAll(List.of(as));
        return this;
    }

    /** A field stored inline, written by {@code writer} (primitives, strings). */
    JfrType<T> field(String fieldName, JfrType<?> type, FieldWriter<T> writer, Annotation... as) {
        return add(new Field<>(fieldName, type, false, false, List.of(as), writer));
    }

    private JfrType<T> add(Field<T> field) {
        fields.add(field);
        writers = Arrays.copyOf(writers, writers.length + 1);
        writers[writers.length - 1] = field.writer();
        return this;
    }

    /** A reference into the constant pool of {@code poolType}; a null value is written as key 0. */
    <V> JfrType<T> poolField(String fieldName, JfrType<V> poolType, Function<T, V> value, Annotation... as) {
        FieldWriter<T> writer = (owner, pools, out) -> out.putVarLong(pools.key(poolType, value.apply(owner)));
        return add(new Field<>(fieldName, poolType, true, false, List.of(as), writer));
    }

    /** Finds (or adds) a field's value in the pools and gives its key. */
    interface KeyOf<T> {
        long key(T owner, ConstantPools pools);
    }

    /**
     * A reference into the constant pool of {@code poolType} whose key {@code keyOf} finds without making the
     * pooled value first (see {@link PoolProbes}).
     */
    JfrType<T> pooledField(String fieldName, JfrType<?> poolType, KeyOf<T> keyOf, Annotation... as) {
        FieldWriter<T> writer = (owner, pools, out) -> out.putVarLong(keyOf.key(owner, pools));
        return add(new Field<>(fieldName, poolType, true, false, List.of(as), writer));
    }

    /**
     * A reference into the constant pool of {@code poolType} given as the key the value already has
     * ({@link ConstantPools#key}); 0 is null. Puts that entry into the chunk being written.
     */
    JfrType<T> keyField(String fieldName, JfrType<?> poolType, ToLongFunction<T> key, Annotation... as) {
        FieldWriter<T> writer = (owner, pools, out) -> {
            long k = key.applyAsLong(owner);
            pools.use(k);
            out.putVarLong(k);
        };
        return add(new Field<>(fieldName, poolType, true, false, List.of(as), writer));
    }

    /**
     * An array of {@code elementType} values written inline (not as constant-pool references): the
     * JDK's stack traces hold their frames this way, and its parser fails on pooled frames.
     */
    <V> JfrType<T> inlineArrayField(
            String fieldName, JfrType<V> elementType, Function<T, List<V>> values, Annotation... as) {
        FieldWriter<T> writer = (owner, pools, out) -> {
            List<V> list = values.apply(owner);
            int size = list.size();
            out.putVarInt(size);
            for (int i = 0; i < size; i++) { // no iterator: pooled lists are random-access
                elementType.writeFields(list.get(i), pools, out);
            }
        };
        return add(new Field<>(fieldName, elementType, false, true, List.of(as), writer));
    }

    /** A field declared in metadata that we always write as a null constant-pool reference. */
    JfrType<T> nullPoolField(String fieldName, JfrType<?> poolType, Annotation... as) {
        return add(
                new Field<>(fieldName, poolType, true, false, List.of(as), (owner, pools, out) -> out.putVarLong(0)));
    }

    void writeFields(T value, ConstantPools pools, ByteSink out) {
        for (FieldWriter<T> writer : writers) {
            writer.write(value, pools, out);
        }
    }

    static Annotation annotation(JfrType<?> type, String... keyValues) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return new Annotation(type, values);
    }

    @Override
    public String toString() {
        return name + "#" + id;
    }
}
