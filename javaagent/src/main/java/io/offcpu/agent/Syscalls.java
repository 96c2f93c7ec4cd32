package io.offcpu.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Names of x86_64 syscall numbers, from the table in syscalls-x86_64.txt. */
final class Syscalls {
    /** Names by number (x86_64 numbers its syscalls densely below 512): looked up without boxing. */
    private static final String[] NAMES = load();

    private Syscalls() {}

    /** The syscall's name, "syscall 999" for an unknown number, "" when not in a syscall. */
    static String name(long number) {
        if (number < 0) {
            return "";
        }
        String name = number < NAMES.length ? NAMES[(int) number] : null;
        return name != null ? name : "syscall " + number;
    }

    private static String[] load() {
        String[] names = new String[0];
        try (InputStream in = Syscalls.class.getResourceAsStream("syscalls-x86_64.txt");
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    String[] parts = line.split(" ");
                    int number = Integer.parseInt(parts[0]);
                    if (number >= names.length) {
                        names = Arrays.copyOf(names, Math.max(number + 1, 2 * names.length));
                    }
                    names[number] = parts[1];
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }
}
