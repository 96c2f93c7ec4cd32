package io.offcpu.codemap;

import io.offcpu.util.SortedArrays;

/**
 * A Java method as JVMTI named it when it was first compiled or inlined: names in JVM form and
 * the line number table, kept because the class may be unloaded since.
 */
public final class JavaMethod {
    private final long id;
    private final String classSignature;
    private final String name;
    private final String signature;
    private final String sourceFile;
    private String className;
    private final int[] startBcis;
    private final int[] lineNumbers;

    /**
     * @param id             the jmethodID
     * @param classSignature e.g. {@code Ljava/lang/Thread;}
     * @param name           e.g. {@code sleep}
     * @param signature      e.g. {@code (J)V}
     * @param sourceFile     e.g. {@code Thread.java}, or "" when the class has none
     * @param startBcis      first bci of each line table entry, in any order
     * @param lineNumbers    the line of each entry
     */
    public JavaMethod(
            long id,
            String classSignature,
            String name,
            String signature,
            String sourceFile,
            int[] startBcis,
            int[] lineNumbers) {
        if (startBcis.length != lineNumbers.length) {
            throw new IllegalArgumentException(
                    "line table has " + startBcis.length + " bcis but " + lineNumbers.length + " line numbers");
        }
        this.id = id;
        this.classSignature = classSignature;
        this.name = name;
        this.signature = signature;
        this.sourceFile = sourceFile;
        // The class file's LineNumberTable is not always in bci order; sort the pairs by bci. Tables are short and
        // mostly sorted already: an insertion sort of copies, no boxed indexes (one method record per compiled
        // method arrives at start-up and after, in the profiled JVM's heap).
        this.startBcis = startBcis.clone();
        this.lineNumbers = lineNumbers.clone();
        for (int i = 1; i < this.startBcis.length; i++) {
            int bci = this.startBcis[i];
            int line = this.lineNumbers[i];
            int j = i - 1;
            for (; j >= 0 && this.startBcis[j] > bci; j--) {
                this.startBcis[j + 1] = this.startBcis[j];
                this.lineNumbers[j + 1] = this.lineNumbers[j];
            }
            this.startBcis[j + 1] = bci;
            this.lineNumbers[j + 1] = line;
        }
    }

    /** A method JVMTI could not name any more (its class was unloaded before it was seen). */
    static JavaMethod unknown(long id) {
        return new JavaMethod(id, "", "0x" + Long.toHexString(id), "", "", new int[0], new int[0]);
    }

    public long id() {
        return id;
    }

    /** JVM form, e.g. {@code Ljava/lang/Thread;}; "" for an unknown method. */
    public String classSignature() {
        return classSignature;
    }

    /**
     * Java form, e.g. {@code java.lang.Thread} or {@code int[]}. Converted once: every frame of every new
     * stack asks. (Racing threads may both convert; they store equal strings.)
     */
    public String className() {
        String converted = className;
        if (converted == null) {
            converted = JvmNames.className(classSignature);
            className = converted;
        }
        return converted;
    }

    public String name() {
        return name;
    }

    /** The method descriptor, e.g. {@code (J)V}. */
    public String signature() {
        return signature;
    }

    /** e.g. {@code Thread.java}, or "" when the class has no SourceFile attribute. */
    public String sourceFile() {
        return sourceFile;
    }

    /** The line of the bytecode at {@code bci}, or -1 if the method has no line table. */
    public int lineAt(int bci) {
        // Several entries at one bci: the last one in bci order.
        int i = SortedArrays.floor(startBcis, bci);
        if (i < 0) {
            return startBcis.length == 0 ? -1 : lineNumbers[0];
        }
        return lineNumbers[i];
    }

    /** Entries of the line table, sorted by start bci: {startBci, line} pairs. */
    public int[][] lineTable() {
        int[][] table = new int[startBcis.length][];
        for (int i = 0; i < table.length; i++) {
            table[i] = new int[] {startBcis[i], lineNumbers[i]};
        }
        return table;
    }

    /** The name written to perf maps and reports: {@code java.lang.Thread::sleep(J)V}. */
    public String displayName() {
        return classSignature.isEmpty() ? name : className() + "::" + name + signature;
    }

    @Override
    public String toString() {
        return displayName();
    }
}
