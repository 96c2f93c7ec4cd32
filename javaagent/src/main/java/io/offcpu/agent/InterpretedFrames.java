package io.offcpu.agent;

import io.offcpu.jfr.Frame;
import io.offcpu.jfr.FrameType;
import io.offcpu.jni.Episode;
import io.offcpu.jni.HotSpotMethods;
import io.offcpu.jni.HotSpotMethods.ResolvedMethod;

/**
 * Names the interpreted frames of an episode from the Method* the walker noted, right when the
 * episode is decoded (a class may be unloaded later, and its Method* reused).
 */
final class InterpretedFrames {
    private boolean unsupported;

    /** Frames by user-stack index; null where the frame was not interpreted or not resolvable. */
    Frame[] resolve(Episode episode) {
        return resolve(episode.userStack().length, episode.interpretedFrames());
    }

    /** Frames by user-stack index for a stack of {@code userFrames} frames and the frames noted in it. */
    Frame[] resolve(int userFrames, Episode.InterpretedFrame[] noted) {
        Frame[] byIndex = new Frame[userFrames];
        if (noted.length == 0 || unsupported) {
            return byIndex;
        }
        long[] methods = new long[noted.length];
        long[] bcps = new long[noted.length];
        for (int i = 0; i < noted.length; i++) {
            methods[i] = noted[i].method();
            bcps[i] = noted[i].bytecodePointer();
        }
        ResolvedMethod[] resolved = HotSpotMethods.resolve(methods, bcps);
        if (resolved == null) {
            unsupported = true;
            return byIndex;
        }
        for (int i = 0; i < noted.length; i++) {
            int index = noted[i].frameIndex();
            if (resolved[i] != null && index >= 0 && index < byIndex.length) {
                ResolvedMethod m = resolved[i];
                byIndex[index] = new Frame(HiddenClassNames.forJfr(m.className()), m.methodName(), m.signature(), FrameType.INTERPRETED,
                        m.lineNumber(), m.bytecodeIndex());
            }
        }
        return byIndex;
    }
}
