/*
 * Function symbols of ELF files (.symtab and .dynsym) sorted by address, for NativeSymbolizer's lookups
 * (io.offcpu.symbols.FunctionTable holds one through JNI). Built here rather than in Java because the
 * agent builds them in the profiled JVM when a library is first symbolized (libjvm: ~57k symbols): in
 * Java that was ~9 MB of the application's heap and C2 compilations of the parsing loops.
 *
 * Where several names share an address (aliases such as __nanosleep/nanosleep) one is kept: global
 * before weak before local, then the fewest leading underscores, then the shortest, then by bytes, then
 * the first added; its size is the largest of theirs.
 */
#ifndef OFFCPU_FUNCTION_TABLE_H
#define OFFCPU_FUNCTION_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * How far past the end of a symbol (or past the start of a size-0 symbol, typical for assembly) an
 * address is still attributed to it: covers alignment padding and hand-written stubs without sizes,
 * while addresses in larger gaps (stripped local functions) stay unnamed instead of misattributed.
 */
#define FUNCTION_SIZELESS_REACH_BYTES 4096
#define FUNCTION_PADDING_REACH_BYTES 64

struct function_candidate;

/* Collects the symbols of one or more files; function_table_build sorts them and chooses among aliases. */
struct function_table_builder {
	struct function_candidate *symbols;
	size_t count, capacity;
	char *names; /* NUL-terminated names, one after the other */
	size_t names_size, names_capacity;
};

struct function_table {
	size_t count;
	uint64_t *starts;	/* ELF virtual addresses, ascending */
	uint64_t *sizes;	/* 0 when the symbol has no size */
	uint32_t *name_offsets; /* into names, NUL-terminated */
	char *names;
	size_t names_size;
};

/*
 * Adds the function symbols (STT_FUNC and STT_GNU_IFUNC, defined, non-zero address) of the file's
 * .symtab and .dynsym. Returns 0, or -1 with error naming the file and what is wrong with it (the
 * builder then holds what it had before).
 */
int function_table_add_file(struct function_table_builder *builder, const char *path, char *error,
			    size_t error_size);

/* Moves what the builder collected into table (sorted, one symbol per address); frees the builder. */
int function_table_build(struct function_table_builder *builder, struct function_table *table);

void function_table_builder_free(struct function_table_builder *builder);

/* The index of the function containing the ELF virtual address, or -1. */
int64_t function_table_find(const struct function_table *table, uint64_t address);

void function_table_free(struct function_table *table);

#endif
