package io.offcpu.jni;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** The records of a batch as {@link EpisodeDecoder#decode(ByteBuffer, int, EpisodeDecoder.RecordSink)} hands them over, in order. */
final class DecodedRecords {
    private DecodedRecords() {}

    static List<Object> of(ByteBuffer batch, int length) {
        List<Object> decoded = new ArrayList<>();
        EpisodeDecoder.decode(batch, length, new EpisodeDecoder.RecordSink() {
            @Override
            public void episode(Episode episode) {
                decoded.add(episode);
            }

            @Override
            public void threadTotals(ThreadTotals totals) {
                decoded.add(totals);
            }

            @Override
            public void wakeup(Wakeup wakeup) {
                decoded.add(wakeup);
            }
        });
        return decoded;
    }
}
