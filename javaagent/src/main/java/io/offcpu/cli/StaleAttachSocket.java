package io.offcpu.cli;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Instant;
import java.util.Optional;

/**
 * The attach socket of an earlier process that had the same pid. A JVM killed with SIGKILL leaves its
 * {@code /tmp/.java_pid<pid>}; when the pid comes round again (pid_max is 32768 on many machines, and
 * every thread takes a pid), the JDK's attach client finds that file, takes it for the new JVM's socket and
 * fails with "Connection refused". HotSpot removes such a file when it starts, but cannot when the file
 * belongs to another user (/tmp is sticky), e.g. a root JVM's socket found by a JVM running as nobody.
 * We remove it before attaching, as HotSpot would have, silently as HotSpot does: the JVM then starts its
 * attach listener on the usual signal.
 */
final class StaleAttachSocket {
    private StaleAttachSocket() {}

    /**
     * Removes the target's attach socket when it is older than the target process. Returns an explanation
     * when a stale socket is there and cannot be removed, empty otherwise (nothing stale, or removed).
     */
    static Optional<String> removeFor(long pid) {
        Path socket = path(pid);
        Instant processStart =
                ProcessHandle.of(pid).flatMap(p -> p.info().startInstant()).orElse(null);
        PosixFileAttributes attributes;
        try {
            // Not following a link: a file someone else can plant in /tmp is never followed.
            attributes = Files.readAttributes(socket, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty(); // none, or unreadable: the JDK's attach will say what is wrong
        }
        // A socket is "other" (neither file, directory nor link); anything else is not ours to remove.
        if (processStart == null
                || !attributes.isOther()
                || !attributes.lastModifiedTime().toInstant().isBefore(processStart)) {
            return Optional.empty();
        }
        try {
            Files.delete(socket);
            return Optional.empty();
        } catch (NoSuchFileException raced) {
            return Optional.empty();
        } catch (IOException e) {
            String why = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.toString();
            return Optional.of("cannot attach to pid " + pid + ": " + shown(pid, socket)
                    + " is the attach socket of an earlier process with the same pid (owned by "
                    + attributes.owner().getName() + ") and cannot be removed (" + why
                    + "): remove it as its owner or as root");
        }
    }

    /** The socket's path as the user knows it: /tmp/... when the target shares our root directory. */
    private static String shown(long pid, Path socket) {
        try {
            if (Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "root"))
                    .toString()
                    .equals("/")) {
                return Path.of("/tmp").resolve(socket.getFileName()).toString();
            }
        } catch (IOException e) {
            // another root, or unreadable: the full path
        }
        return socket.toString();
    }

    /**
     * Where the JDK's attach client looks: the target's /tmp as the target sees it, named with its pid in
     * its own pid namespace.
     */
    static Path path(long pid) {
        return Path.of("/proc", Long.toString(pid), "root", "tmp", ".java_pid" + ProcFiles.namespacePid(pid));
    }
}
