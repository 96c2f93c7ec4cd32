package io.offcpu.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Names of x86_64 syscall numbers, from the table in syscalls-x86_64.txt. */
final class Syscalls {
    private static final Map<Long, String> NAMES = load();

    private Syscalls() {}

    /** The syscall's name, "syscall 999" for an unknown number, "" when not in a syscall. */
    static String name(long number) {
        if (number < 0) {
            return "";
        }
        return NAMES.getOrDefault(number, "syscall " + number);
    }

    private static Map<Long, String> load() {
        Map<Long, String> names = new HashMap<>();
        try (InputStream in = Syscalls.class.getResourceAsStream("syscalls-x86_64.txt");
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    String[] parts = line.split(" ");
                    names.put(Long.parseLong(parts[0]), parts[1]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }
}
