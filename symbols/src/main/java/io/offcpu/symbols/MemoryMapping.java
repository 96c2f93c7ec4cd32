package io.offcpu.symbols;

/**
 * One line of {@code /proc/<pid>/maps}: the address range {@code [start, end)}, permissions such as
 * {@code r-xp}, the offset in the mapped file, the device, the inode (0 for anonymous memory) and the
 * path ({@code ""} for anonymous memory, {@code [heap]}, {@code [vdso]} and similar for special ones).
 */
public record MemoryMapping(
        long start, long end, String perms, long fileOffset, String device, long inode, String path) {

    private static final String DELETED_SUFFIX = " (deleted)";

    // Written out: a record's generated equals/hashCode bootstrap through invokedynamic (ObjectMethods) on first
    // use, which was the largest single cost of that kind in the agent's start-up in the profiled JVM.
    @Override
    public boolean equals(Object o) {
        return o instanceof MemoryMapping m
                && start == m.start
                && end == m.end
                && fileOffset == m.fileOffset
                && inode == m.inode
                && perms.equals(m.perms)
                && device.equals(m.device)
                && path.equals(m.path);
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(start);
        h = 31 * h + Long.hashCode(end);
        h = 31 * h + Long.hashCode(fileOffset);
        h = 31 * h + Long.hashCode(inode);
        h = 31 * h + perms.hashCode();
        h = 31 * h + device.hashCode();
        return 31 * h + path.hashCode();
    }

    public boolean contains(long address) {
        return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0;
    }

    public boolean isExecutable() {
        return perms.length() > 2 && perms.charAt(2) == 'x';
    }

    /** Backed by a regular file: has an inode and an absolute path (not {@code [vdso]}, not anonymous). */
    public boolean isFileBacked() {
        return inode != 0 && path.startsWith("/");
    }

    /** The file was unlinked after it was mapped; its contents are then only reachable via map_files. */
    public boolean isDeleted() {
        return path.endsWith(DELETED_SUFFIX);
    }

    /** The path without the {@code " (deleted)"} marker. */
    public String filePath() {
        return isDeleted() ? path.substring(0, path.length() - DELETED_SUFFIX.length()) : path;
    }

    /** The last path component, e.g. {@code libc.so.6}; used as the library name in frames. */
    public String fileName() {
        String file = filePath();
        int slash = file.lastIndexOf('/');
        return slash >= 0 ? file.substring(slash + 1) : file;
    }

    public long sizeBytes() {
        return end - start;
    }
}
