package io.offcpu.agent;

import io.offcpu.jni.StackRecordView;
import java.util.Arrays;

/**
 * Gives each distinct raw stack a small id, read straight from the record in the poll batch: its
 * kernel and user return addresses, the Method* and bytecode pointer of its interpreted frames, and
 * whether it was truncated. A stack seen before costs one hash over its words and one comparison;
 * nothing is allocated. The words of every stack are kept, back to back, in one long array.
 *
 * <p>Most stacks new to the table are never seen again: a thread preempted while running stopped at
 * an instruction it will rarely stop at again, and many wakers' stacks are like that. So the table does
 * not grow for them past a working size ({@link #WORKING_STACKS}, {@link #WORKING_WORDS}, reached in the
 * first seconds): when it is full it forgets everything and ids start again from 0 ({@link #clears()}
 * counts this, so holders of per-id data drop theirs), unless more than half of its stacks were seen
 * again since they were added: then the stacks in use need the room, and it grows, up to
 * {@link #maxStacks} stacks and {@link #maxWords} words (past those it forgets everything whatever the
 * use). A steady stream of one-off stacks thus costs no allocation in the profiled JVM's heap once the
 * table is at its working size, and the stacks in use after a clear cost one symbolization each, which
 * allocates nothing when their frames were seen before ({@link StackSymbolizer}).
 */
final class RawStackTable {
    static final int DEFAULT_MAX_STACKS = 1 << 15;
    static final int DEFAULT_MAX_WORDS = 1 << 20;
    /** The size it grows to whatever the use (~0.6 MB): a server's stacks in use fit, with seconds of one-off stacks. */
    static final int WORKING_STACKS = 1 << 11;

    static final int WORKING_WORDS = 1 << 16;
    private static final int INITIAL_STACKS = 256;
    private static final int INITIAL_WORDS = 16 << 10;
    private static final int INTERPRETED_WORDS = 3;

    private final int maxStacks;
    private final int maxWords;
    private int stackCapacity;
    private int[] slots; // id + 1, 0 = empty
    private int[] hashes;
    private int[] offsets;
    /** Per id, whether it was looked up again after it was added. */
    private boolean[] seenAgain;

    private long[] words;
    private int wordCount;
    private int count;
    private int seenAgainCount;
    private long clears;

    RawStackTable() {
        this(DEFAULT_MAX_STACKS, DEFAULT_MAX_WORDS);
    }

    RawStackTable(int maxStacks, int maxWords) {
        this.maxStacks = maxStacks;
        this.maxWords = maxWords;
        this.stackCapacity = Math.min(INITIAL_STACKS, maxStacks);
        this.slots = new int[Integer.highestOneBit(stackCapacity) * 4];
        this.hashes = new int[stackCapacity];
        this.offsets = new int[stackCapacity];
        this.seenAgain = new boolean[stackCapacity];
        this.words = new long[Math.min(INITIAL_WORDS, maxWords)];
    }

    /** How many stacks have ids now. */
    int size() {
        return count;
    }

    /** How many times the table forgot everything: ids handed out before a clear mean other stacks after it. */
    long clears() {
        return clears;
    }

    /** The id of the stack of {@code record}, given on first sight. */
    int idOf(StackRecordView record) {
        long header = header(record);
        int hash = hash(record, header);
        int mask = slots.length - 1;
        int i = hash & mask;
        for (int slot; (slot = slots[i]) != 0; i = (i + 1) & mask) {
            int id = slot - 1;
            if (hashes[id] == hash && sameStack(id, record, header)) {
                if (!seenAgain[id]) {
                    seenAgain[id] = true;
                    seenAgainCount++;
                }
                return id;
            }
        }
        int length = 1 + record.kernelFrames() + record.userFrames() + INTERPRETED_WORDS * record.interpretedFrames();
        if (count == stackCapacity || wordCount + length > words.length) {
            if (!makeRoom(length)) {
                clear();
            }
            return idOf(record);
        }
        int id = add(record, header, hash, length);
        slots[i] = id + 1;
        if (count * 2 > slots.length) {
            rehash(slots.length * 2);
        }
        return id;
    }

    /**
     * Grows the full part of the table if it is below its working size, or if the stacks in use need the room,
     * and the bounds allow; false if not (mostly one-off stacks: start over at this size).
     */
    private boolean makeRoom(int length) {
        boolean inUse = seenAgainCount * 2 > count;
        if (count == stackCapacity) {
            if (stackCapacity >= maxStacks || !inUse && stackCapacity >= WORKING_STACKS) {
                return false;
            }
            stackCapacity = Math.min(stackCapacity * 2, maxStacks);
            hashes = Arrays.copyOf(hashes, stackCapacity);
            offsets = Arrays.copyOf(offsets, stackCapacity);
            seenAgain = Arrays.copyOf(seenAgain, stackCapacity);
        }
        if (wordCount + length > words.length) {
            if (wordCount + length > maxWords || !inUse && words.length >= WORKING_WORDS) {
                return false;
            }
            words = Arrays.copyOf(words, Math.min(Math.max(words.length * 2, wordCount + length), maxWords));
        }
        return true;
    }

    private int add(StackRecordView record, long header, int hash, int length) {
        int id = count++;
        seenAgain[id] = false;
        hashes[id] = hash;
        offsets[id] = wordCount;
        int w = wordCount;
        words[w++] = header;
        for (int k = 0; k < record.kernelFrames(); k++) {
            words[w++] = record.kernelAddress(k);
        }
        for (int u = 0; u < record.userFrames(); u++) {
            words[w++] = record.userAddress(u);
        }
        for (int f = 0; f < record.interpretedFrames(); f++) {
            words[w++] = record.interpretedIndex(f);
            words[w++] = record.interpretedMethod(f);
            words[w++] = record.interpretedBytecodePointer(f);
        }
        wordCount = w;
        return id;
    }

    private boolean sameStack(int id, StackRecordView record, long header) {
        int w = offsets[id];
        if (words[w++] != header) {
            return false;
        }
        for (int k = 0; k < record.kernelFrames(); k++) {
            if (words[w++] != record.kernelAddress(k)) {
                return false;
            }
        }
        for (int u = 0; u < record.userFrames(); u++) {
            if (words[w++] != record.userAddress(u)) {
                return false;
            }
        }
        for (int f = 0; f < record.interpretedFrames(); f++) {
            if (words[w++] != record.interpretedIndex(f)
                    || words[w++] != record.interpretedMethod(f)
                    || words[w++] != record.interpretedBytecodePointer(f)) {
                return false;
            }
        }
        return true;
    }

    /** The frame counts and the truncation flag in one word (each count fits 16 bits). */
    private static long header(StackRecordView record) {
        return record.kernelFrames()
                | (long) record.userFrames() << 16
                | (long) record.interpretedFrames() << 32
                | (record.stackTruncated() ? 1L << 48 : 0);
    }

    private static int hash(StackRecordView record, long header) {
        long h = mixIn(0x2545F4914F6CDD1DL, header);
        for (int k = 0; k < record.kernelFrames(); k++) {
            h = mixIn(h, record.kernelAddress(k));
        }
        for (int u = 0; u < record.userFrames(); u++) {
            h = mixIn(h, record.userAddress(u));
        }
        for (int f = 0; f < record.interpretedFrames(); f++) {
            h = mixIn(h, record.interpretedIndex(f));
            h = mixIn(h, record.interpretedMethod(f));
            h = mixIn(h, record.interpretedBytecodePointer(f));
        }
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return (int) h;
    }

    private static long mixIn(long h, long word) {
        return (h ^ word) * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
    }

    private void rehash(int capacity) {
        int[] table = new int[capacity];
        int mask = capacity - 1;
        for (int id = 0; id < count; id++) {
            int i = hashes[id] & mask;
            while (table[i] != 0) {
                i = (i + 1) & mask;
            }
            table[i] = id + 1;
        }
        slots = table;
    }

    private void clear() {
        Arrays.fill(slots, 0);
        count = 0;
        seenAgainCount = 0;
        wordCount = 0;
        clears++;
    }
}
