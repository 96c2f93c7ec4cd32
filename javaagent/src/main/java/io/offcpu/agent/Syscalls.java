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
    /** The names of numbers below 1024 by number (x86_64 has fewer than 512): looked up without boxing. */
    private static final String[] SMALL = new String[1024];

    static {
        NAMES.forEach((number, name) -> {
            if (number >= 0 && number < SMALL.length) {
                SMALL[number.intValue()] = name;
            }
        });
    }

    private Syscalls() {}

    /** The syscall's name, "syscall 999" for an unknown number, "" when not in a syscall. */
    static String name(long number) {
        if (number < 0) {
            return "";
        }
        String name = number < SMALL.length ? SMALL[(int) number] : NAMES.get(number);
        return name != null ? name : "syscall " + number;
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
