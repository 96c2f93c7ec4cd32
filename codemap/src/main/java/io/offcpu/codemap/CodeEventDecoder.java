package io.offcpu.codemap;

import static io.offcpu.codemap.CodeMapContract.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Decodes the records that {@code CodeEvents.drain} wrote (layout in codemap.h). */
public final class CodeEventDecoder {
    private CodeEventDecoder() {}

    /** Decodes bytes [0, length) of {@code buffer}. */
    public static List<CodeEvent> decode(ByteBuffer buffer, int length) {
        List<CodeEvent> events = new ArrayList<>();
        decode(buffer, length, events::add);
        return events;
    }

    /**
     * Decodes bytes [0, length) of {@code buffer}, read in native byte order with absolute
     * indexes (the buffer's position, limit and order are left alone); returns the records decoded.
     *
     * @throws IllegalArgumentException on a record whose size or type is impossible
     */
    public static int decode(ByteBuffer buffer, int length, Consumer<? super CodeEvent> sink) {
        // The pump's buffer is in native order already: a view per drain would be garbage in the application's heap.
        ByteBuffer in = buffer.order() == ByteOrder.nativeOrder()
                ? buffer
                : buffer.duplicate().order(ByteOrder.nativeOrder());
        int offset = 0;
        int records = 0;
        while (offset < length) {
            if (length - offset < HEADER_SIZE) {
                throw bad(offset, "only " + (length - offset) + " bytes left for an 8-byte header");
            }
            int type = in.getShort(offset + HEADER_TYPE) & 0xffff;
            int flags = in.getShort(offset + HEADER_FLAGS) & 0xffff;
            int size = in.getInt(offset + HEADER_SIZE_FIELD);
            if (size < HEADER_SIZE || size % 8 != 0 || size > length - offset) {
                throw bad(
                        offset,
                        "record size " + size + " (type " + type + ") is not a multiple of 8 within the "
                                + (length - offset) + " bytes left");
            }
            sink.accept(
                    switch (type) {
                        case TYPE_METHOD -> method(in, offset, size);
                        case TYPE_COMPILED_LOAD -> compiledLoad(in, offset, size, flags);
                        case TYPE_COMPILED_UNLOAD -> {
                            need(offset, size, UNLOAD_SIZE);
                            yield new CodeEvent.CompiledUnload(
                                    in.getLong(offset + UNLOAD_TIMESTAMP),
                                    in.getLong(offset + UNLOAD_METHOD_ID),
                                    in.getLong(offset + UNLOAD_CODE_START));
                        }
                        case TYPE_DYNAMIC_CODE -> {
                            need(offset, size, DYNAMIC_SIZE);
                            int nameLength = in.getInt(offset + DYNAMIC_NAME_LEN);
                            notNegative(offset, nameLength);
                            need(offset, size, DYNAMIC_SIZE + (long) nameLength);
                            yield new CodeEvent.DynamicCode(
                                    in.getLong(offset + DYNAMIC_TIMESTAMP),
                                    JvmNames.modifiedUtf8(in, offset + DYNAMIC_SIZE, nameLength),
                                    in.getLong(offset + DYNAMIC_CODE_START),
                                    in.getInt(offset + DYNAMIC_CODE_SIZE),
                                    (flags & FLAG_REPLAYED) != 0);
                        }
                        default -> throw bad(offset, "unknown record type " + type + "; known are 1 to 4");
                    });
            offset += size;
            records++;
        }
        return records;
    }

    private static CodeEvent method(ByteBuffer in, int offset, int size) {
        need(offset, size, METHOD_SIZE);
        int lineCount = in.getInt(offset + METHOD_LINE_COUNT);
        int classLength = in.getInt(offset + METHOD_CLASS_SIGNATURE_LEN);
        int nameLength = in.getInt(offset + METHOD_NAME_LEN);
        int signatureLength = in.getInt(offset + METHOD_SIGNATURE_LEN);
        int sourceLength = in.getInt(offset + METHOD_SOURCE_FILE_LEN);
        notNegative(offset, lineCount, classLength, nameLength, signatureLength, sourceLength);
        need(
                offset,
                size,
                METHOD_SIZE
                        + (long) lineCount * LINE_SIZE
                        + (long) classLength
                        + nameLength
                        + signatureLength
                        + sourceLength);
        int[] bcis = new int[lineCount];
        int[] lines = new int[lineCount];
        int at = offset + METHOD_SIZE;
        for (int i = 0; i < lineCount; i++, at += LINE_SIZE) {
            bcis[i] = in.getInt(at + LINE_START_BCI);
            lines[i] = in.getInt(at + LINE_NUMBER);
        }
        String classSignature = JvmNames.modifiedUtf8(in, at, classLength);
        at += classLength;
        String name = JvmNames.modifiedUtf8(in, at, nameLength);
        at += nameLength;
        String signature = JvmNames.modifiedUtf8(in, at, signatureLength);
        at += signatureLength;
        String sourceFile = JvmNames.modifiedUtf8(in, at, sourceLength);
        return new CodeEvent.Method(new JavaMethod(
                in.getLong(offset + METHOD_ID), classSignature, name, signature, sourceFile, bcis, lines));
    }

    private static CodeEvent compiledLoad(ByteBuffer in, int offset, int size, int flags) {
        need(offset, size, LOAD_SIZE);
        int pcCount = in.getInt(offset + LOAD_PC_COUNT);
        notNegative(offset, pcCount);
        need(offset, size, LOAD_SIZE + (long) pcCount * PC_SIZE);
        // The chains are copied, not decoded: most compiled methods never appear in a stack (InlineRecords).
        return new CodeEvent.CompiledLoad(
                in.getLong(offset + LOAD_TIMESTAMP),
                in.getLong(offset + LOAD_METHOD_ID),
                in.getLong(offset + LOAD_CODE_START),
                in.getInt(offset + LOAD_CODE_SIZE),
                (flags & FLAG_REPLAYED) != 0,
                (flags & FLAG_TRUNCATED) != 0,
                InlineRecords.copiedFrom(in, offset + LOAD_SIZE, size - LOAD_SIZE, pcCount));
    }

    private static void need(int offset, int size, long bytes) {
        if (bytes > size) {
            throw bad(offset, "record of " + size + " bytes would need " + bytes);
        }
    }

    /** Counts and lengths are u32 in C; above 2^31 they cannot fit a record of at most 1 MiB. */
    private static void notNegative(int offset, int... counts) {
        for (int count : counts) {
            if (count < 0) {
                throw bad(offset, "count or length " + Integer.toUnsignedString(count) + " is larger than a record");
            }
        }
    }

    private static IllegalArgumentException bad(int offset, String what) {
        return new IllegalArgumentException("offcpu: bad code-map record at byte " + offset + ": " + what);
    }
}
