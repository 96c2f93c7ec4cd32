/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The process's C heap. The agent's start-up frees much more than it keeps (libbpf parses the kernel's
 * whole BTF to relocate the programs; kallsyms and .eh_frame are parsed; the JIT's arenas come and go
 * while it compiles the agent's own code), and glibc keeps freed memory in its arenas, resident in the
 * application's RSS for its whole life, until malloc_trim gives the pages back (the JVM's own
 * `jcmd <pid> System.trim_native_heap` calls the same function).
 */
#ifndef OFFCPU_NATIVE_HEAP_H
#define OFFCPU_NATIVE_HEAP_H

#include <stdbool.h>

/* Returns the freed pages of every malloc arena to the kernel; whether any were released. */
bool native_heap_trim(void);

#endif
