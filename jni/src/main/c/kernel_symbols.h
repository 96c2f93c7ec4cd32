/*
 * Kernel text symbols from /proc/kallsyms (types t, T, w, W; loaded modules and BPF programs carry a
 * "\t[module]" suffix) sorted by address, for io.offcpu.symbols.KernelSymbols through JNI. Parsed here
 * because the agent reads them at start-up in the profiled JVM: ~120k text symbols, which in Java cost
 * ~140 ms of the start thread, ~8.5 MB of the application's heap and C2 compilations of the loops.
 *
 * Compact: one address, one name offset and one module index per distinct address (~14 bytes) and
 * one pool of the kept names; aliases at an address are parsed and dropped, and a padding symbol
 * (__pfx_f, half of a 6.x kernel's text symbols) shares f's name: ~1.5 MB of names instead of ~3 MB.
 */
#ifndef OFFCPU_KERNEL_SYMBOLS_H
#define OFFCPU_KERNEL_SYMBOLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Past the last symbol of a region an address is unattributable; kernel functions are far smaller. */
#define KERNEL_MAX_FUNCTION_BYTES (1u << 20)
#define KERNEL_NO_MODULE UINT16_MAX
/* In name_offsets: the name is "__pfx_" followed by the name at the offset (kernel_symbols.c). */
#define KERNEL_PADDING_NAME (1u << 31)

struct kernel_symbols {
	size_t count;
	uint64_t *addresses;	/* ascending */
	uint32_t *name_offsets; /* into names, NUL-terminated; see KERNEL_PADDING_NAME */
	uint16_t *modules; /* index into module_names, or KERNEL_NO_MODULE for the core kernel */
	char *names;
	size_t names_size;
	char **module_names;
	size_t module_count;
	uint64_t lines; /* symbol lines of every type: with any_nonzero, tells hidden addresses apart */
	bool any_nonzero; /* false when kptr_restrict (or a reader without CAP_SYSLOG) zeroes them all */
	bool malformed;	 /* the failure was a line that is not kallsyms (else I/O or memory) */
	char error[256]; /* why parsing failed */
};

/*
 * Reads kallsyms text from fd to its end. Returns 0 (the table may be empty: see lines, any_nonzero),
 * or -1 with error set: a read error, no memory, or a malformed line ("line N is not ...").
 */
int kernel_symbols_read(int fd, struct kernel_symbols *symbols);

/* The same from text in memory (tests). */
int kernel_symbols_parse(const char *text, size_t length, struct kernel_symbols *symbols);

/*
 * Writes name `index` NUL-terminated into `into` (as snprintf: truncated to size) and returns its
 * length; a size above the length means it is whole.
 */
size_t kernel_symbols_name(const struct kernel_symbols *symbols, size_t index, char *into,
			   size_t size);

/* The index of the function at or before address within KERNEL_MAX_FUNCTION_BYTES, or -1. */
int64_t kernel_symbols_find(const struct kernel_symbols *symbols, uint64_t address);

void kernel_symbols_free(struct kernel_symbols *symbols);

#endif
