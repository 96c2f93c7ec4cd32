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
import io.offcpu.jni.Episode;
import io.offcpu.jni.StackRecordView;
import io.offcpu.symbols.KernelSymbol;
import io.offcpu.symbols.KernelSymbols;
import io.offcpu.symbols.NativeSymbol;
import io.offcpu.symbols.NativeSymbolizer;
import io.offcpu.util.LongObjectMap;
import java.util.ArrayList;
import java.util.List;
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

    /** A record's stacks, innermost first, named as the code was at {@code timeNanos}. */
    List<Frame> frames(StackRecordView record, long timeNanos) {
        return frames(record.kernelStack(), record.userStack(), record.interpretedFrameList(), timeNanos);
    }

    private List<Frame> frames(long[] kernelStack, long[] userStack, Episode.InterpretedFrame[] noted, long timeNanos) {
        List<Frame> frames = new ArrayList<>(kernelStack.length + userStack.length);
        addKernelFrames(kernelStack, frames);
        addUserFrames(userStack, noted, timeNanos, frames);
        return frames;
    }

    /** Forgets native frames, whose addresses may now belong to other files (maps changed). */
    void mappingsChanged() {
        nativeFrames.clear();
    }

    /** Forgets interpreted frames, whose Method* may now name other methods (classes were unloaded). */
    void classesUnloaded() {
        interpreted.classesUnloaded();
    }

    private void addKernelFrames(long[] stack, List<Frame> frames) {
        for (long address : stack) {
            Frame frame = cached(kernelFrames, address, kernelFrameOf);
            if (frames.isEmpty() && KernelStackNames.isTracingFrame(frame.methodName())) {
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

    private void addUserFrames(long[] stack, Episode.InterpretedFrame[] noted, long time, List<Frame> frames) {
        Frame[] interpretedByIndex = interpreted.resolve(stack.length, noted);
        for (int i = 0; i < stack.length; i++) {
            if (interpretedByIndex[i] != null) {
                frames.add(interpretedByIndex[i]);
                continue;
            }
            long address = stack[i];
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
        return symbol.map(StackSymbolizer::nativeFrame)
                .orElse(Frame.symbol("", "[unknown 0x" + Long.toHexString(address) + "]", FrameType.NATIVE));
    }

    private static Frame nativeFrame(NativeSymbol symbol) {
        FrameType type = LIBJVM.equals(symbol.library()) ? FrameType.CPP : FrameType.NATIVE;
        String name = symbol.function() != null
                ? CxxNames.demangle(symbol.function())
                : "[" + symbol.library() + "+0x" + Long.toHexString(symbol.offset()) + "]";
        return Frame.symbol("", name, type);
    }

    /**
     * The frames of {@code address} in {@code blob}, made once per address and blob: a preempted thread's or a
     * waker's stack is new each time, but most of its return addresses were seen before.
     */
    private Frame[] codeFrames(CodeBlob blob, long address) {
        CodeFrames known = codeFrames.get(address);
        if (known != null && known.blob() == blob) {
            return known.frames();
        }
        List<Frame> made = new ArrayList<>(4);
        addCodeBlobFrames(blob, address, made);
        if (codeFrames.size() >= ADDRESS_CACHE_LIMIT) {
            codeFrames.clear();
        }
        Frame[] frames = made.toArray(new Frame[0]);
        codeFrames.put(address, new CodeFrames(blob, frames));
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
