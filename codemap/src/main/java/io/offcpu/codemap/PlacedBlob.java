package io.offcpu.codemap;

/** A code blob and the time it left the code cache ({@code Long.MAX_VALUE} while it is there). */
final class PlacedBlob {
    final CodeBlob blob;
    long unloadTimeNanos = Long.MAX_VALUE;

    PlacedBlob(CodeBlob blob) {
        this.blob = blob;
    }

    long start() {
        return blob.start();
    }

    boolean live() {
        return unloadTimeNanos == Long.MAX_VALUE;
    }

    boolean presentAt(long timeNanos) {
        return blob.loadTimeNanos() <= timeNanos && timeNanos < unloadTimeNanos;
    }
}
