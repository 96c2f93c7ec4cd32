package io.offcpu.agent;

import io.offcpu.codemap.CodeBlob;
import io.offcpu.codemap.CodeMap;
import io.offcpu.codemap.InlineFrame;
import io.offcpu.codemap.JavaMethod;
import io.offcpu.codemap.JitMethod;
import io.offcpu.codemap.NamedStub;
import io.offcpu.jfr.Frame;
import io.offcpu.jfr.FrameType;
import io.offcpu.jni.CxxNames;
import io.offcpu.jni.StackRecordView;
import io.offcpu.symbols.KernelSymbol;
import io.offcpu.symbols.KernelSymbols;
import io.offcpu.symbols.NativeSymbol;
import io.offcpu.symbols.NativeSymbolizer;
import io.offcpu.util.LongObjectMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Turns an episode's raw stacks into frames, innermost first: kernel frames (from kallsyms),
 * then user frames resolved against, in turn, the code map of this JVM at the episode's time
 * (JIT methods with their inlined callees, stubs), the interpreter (Method* noted by the walker),
 * and the ELF symbols of mapped files (native and C++ frames).
 */
final class StackSymbolizer {
    private static final String LIBJVM = "libjvm.so";

    /** Frames by address: stacks repeat, and symbolizing one address costs two binary searches. */
    private static final int ADDRESS_CACHE_LIMIT = 1 << 16;

    private final KernelSymbols kernel;
    private final NativeSymbolizer natives;
    private final LongObjectMap<Frame> kernelFrames = new LongObjectMap<>();
    private final LongObjectMap<Frame> nativeFrames = new LongObjectMap<>();
    private final LongObjectMap<CodeFrames> codeFrames = new LongObjectMap<>();
    /** Native frames by mangled function name, for libjvm (C++ frames) and other libraries. */
    private final Map<String, Frame> cppFunctionFrames = new HashMap<>();

    private final Map<String, Frame> nativeFunctionFrames = new HashMap<>();
    private final LongFunction<Frame> kernelFrameOf = this::kernelFrame;
    private final LongFunction<Frame> nativeFrameOf = this::nativeFrame;
    private final CodeMap code;
    private final InterpretedFrames interpreted;

    /** The frames of an address in code {@code blob}: the same for as long as that blob is the code there. */
    private record CodeFrames(CodeBlob blob, Frame[] frames) {}

    StackSymbolizer(KernelSymbols kernel, NativeSymbolizer natives, CodeMap code, InterpretedFrames interpreted) {
        this.kernel = kernel;
        this.natives = natives;
        this.code = code;
        this.interpreted = interpreted;
    }

    /**
     * A record's stacks, innermost first, named as the code was at {@code timeNanos}, into {@code out} (cleared
     * first). Read straight from the record: a stack whose addresses (and interpreted locations) were all seen
     * before allocates nothing, as frames are kept per address.
     */
    void frames(StackRecordView record, long timeNanos, FrameBuffer out) {
        out.clear();
        addKernelFrames(record, out);
        addUserFrames(record, timeNanos, out);
    }

    /** Forgets native frames, whose addresses may now belong to other files (maps changed). */
    void mappingsChanged() {
        nativeFrames.clear();
    }

    /** Forgets interpreted frames, whose Method* may now name other methods (classes were unloaded). */
    void classesUnloaded() {
        interpreted.classesUnloaded();
    }

    private void addKernelFrames(StackRecordView record, FrameBuffer frames) {
        for (int k = 0; k < record.kernelFrames(); k++) {
            Frame frame = cached(kernelFrames, record.kernelAddress(k), kernelFrameOf);
            if (frames.size() == 0 && KernelStackNames.isTracingFrame(frame.methodName())) {
                continue; // the BPF program's own frames, when a kernel hands them to us
            }
            frames.add(frame);
        }
    }

    private Frame kernelFrame(long address) {
        Optional<KernelSymbol> symbol = kernel.lookup(address);
        String name = symbol.map(KernelStackNames::name).orElse("[kernel 0x" + Long.toHexString(address) + "]");
        return Frame.symbol("", name, FrameType.KERNEL);
    }

    private static Frame cached(LongObjectMap<Frame> cache, long address, LongFunction<Frame> symbolize) {
        Frame frame = cache.get(address);
        if (frame == null) {
            if (cache.size() >= ADDRESS_CACHE_LIMIT) {
                cache.clear();
            }
            frame = symbolize.apply(address);
            cache.put(address, frame);
        }
        return frame;
    }

    private void addUserFrames(StackRecordView record, long time, FrameBuffer frames) {
        int userFrames = record.userFrames();
        Frame[] interpretedByIndex = record.interpretedFrames() == 0 ? null : interpreted.resolve(record);
        for (int i = 0; i < userFrames; i++) {
            if (interpretedByIndex != null && interpretedByIndex[i] != null) {
                frames.add(interpretedByIndex[i]);
                continue;
            }
            long address = record.userAddress(i);
            CodeBlob blob = code.blobAt(address, time);
            if (blob != null) {
                for (Frame frame : codeFrames(blob, address)) {
                    frames.add(frame);
                }
                continue;
            }
            // A return address points after its call: look up the call itself.
            frames.add(cached(nativeFrames, i == 0 ? address : address - 1, nativeFrameOf));
        }
    }

    private Frame nativeFrame(long address) {
        Optional<NativeSymbol> symbol = natives.symbolize(address);
        return symbol.isPresent()
                ? nativeFrame(symbol.get())
                : Frame.symbol("", "[unknown 0x" + Long.toHexString(address) + "]", FrameType.NATIVE);
    }

    private Frame nativeFrame(NativeSymbol symbol) {
        boolean cpp = LIBJVM.equals(symbol.library());
        FrameType type = cpp ? FrameType.CPP : FrameType.NATIVE;
        if (symbol.function() == null) {
            return Frame.symbol("", "[" + symbol.library() + "+0x" + Long.toHexString(symbol.offset()) + "]", type);
        }
        // A thread preempted in native code stops at a new address each time, mostly in a function seen before:
        // its frame is made (demangled) once per function.
        Map<String, Frame> byName = cpp ? cppFunctionFrames : nativeFunctionFrames;
        Frame frame = byName.get(symbol.function());
        if (frame == null) {
            if (byName.size() >= ADDRESS_CACHE_LIMIT) {
                byName.clear();
            }
            frame = Frame.symbol("", CxxNames.demangle(symbol.function()), type);
            byName.put(symbol.function(), frame);
        }
        return frame;
    }

    /**
     * The frames of {@code address} in {@code blob}, made once per blob and recorded pc ({@link JitMethod#framesPc};
     * the address itself elsewhere): a preempted thread's or a waker's stack is new each time, but most of its
     * return addresses were seen before, and a preempted thread's pc mostly takes a recorded pc seen before.
     */
    private Frame[] codeFrames(CodeBlob blob, long address) {
        long key = blob instanceof JitMethod jit ? jit.framesPc(address) : address;
        CodeFrames known = codeFrames.get(key);
        if (known != null && known.blob() == blob) {
            return known.frames();
        }
        List<Frame> made = new ArrayList<>(4);
        addCodeBlobFrames(blob, address, made);
        if (codeFrames.size() >= ADDRESS_CACHE_LIMIT) {
            codeFrames.clear();
        }
        Frame[] frames = made.toArray(new Frame[0]);
        codeFrames.put(key, new CodeFrames(blob, frames));
        return frames;
    }

    private static void addCodeBlobFrames(CodeBlob blob, long address, List<Frame> frames) {
        if (blob instanceof JitMethod jit) {
            List<InlineFrame> chain = jit.frames(address);
            if (chain.isEmpty()) {
                frames.add(javaFrame(jit.method(), FrameType.JIT_COMPILED, -1, -1));
            }
            for (InlineFrame f : chain) {
                frames.add(javaFrame(
                        f.method(), f.inlined() ? FrameType.INLINED : FrameType.JIT_COMPILED, f.line(), f.bci()));
            }
        } else if (blob instanceof NamedStub stub) {
            FrameType type = stub.name().equals("Interpreter") ? FrameType.INTERPRETED : FrameType.CPP;
            frames.add(Frame.symbol("", stub.name(), type));
        }
    }

    private static Frame javaFrame(JavaMethod method, FrameType type, int line, int bci) {
        return new Frame(
                HiddenClassNames.forJfr(method.className()), method.name(), method.signature(), type, line, bci);
    }
}
