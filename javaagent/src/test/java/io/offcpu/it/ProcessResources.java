package io.offcpu.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What a process holds, as the kernel tells it: open file descriptors, threads, and among the
 * descriptors the BPF programs, maps and links (their /proc/PID/fdinfo carries prog_type,
 * map_type or link_type).
 */
record ProcessResources(long fds, long threads, long bpfPrograms, long bpfMaps, long bpfLinks) {
    static ProcessResources of(long pid) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        long fds;
        long programs = 0;
        long maps = 0;
        long links = 0;
        try (Stream<Path> fdinfo = Files.list(proc.resolve("fdinfo"))) {
            for (Path info : fdinfo.toList()) {
                String text;
                try {
                    text = Files.readString(info);
                } catch (IOException closedMeanwhile) {
                    continue;
                }
                programs += text.contains("\nprog_type:") ? 1 : 0;
                maps += text.contains("\nmap_type:") ? 1 : 0;
                links += text.contains("\nlink_type:") ? 1 : 0;
            }
        }
        try (Stream<Path> fd = Files.list(proc.resolve("fd"))) {
            fds = fd.count();
        }
        long threads;
        try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
            threads = tasks.count();
        }
        return new ProcessResources(fds, threads, programs, maps, links);
    }
}
