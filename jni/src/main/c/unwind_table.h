/*
 * The unwind rows of one ELF file for the BPF user-stack walker, built from .eh_frame in C: the same rows,
 * byte for byte, as io.offcpu.symbols.UnwindTable (the Java reference that the readelf cross-checks test;
 * NativeUnwindTableTest holds the two together). Built here because the agent does it at start-up for
 * every mapped library (~270k rows for a JVM, libjvm's 190k first): in Java it cost a second of CPU,
 * compiled by C2 meanwhile, and tens of MB of garbage in the application's heap.
 */
#ifndef OFFCPU_UNWIND_TABLE_H
#define OFFCPU_UNWIND_TABLE_H

#include <stddef.h>
#include <linux/types.h>
#include "offcpu.h"

struct unwind_table {
	struct offcpu_unwind_row *rows; /* sorted by pc; malloc'd, free with unwind_table_free */
	size_t row_count;
	size_t fde_count;     /* FDEs the rows were built from */
	size_t problem_count; /* records of .eh_frame that could not be parsed and were left out */
	char error[256];      /* why the file has no table, when unwind_table_build fails */
};

/*
 * Builds the table of the ELF file at path. Returns 0 (a file without .eh_frame has 0 rows), or -1 with
 * table->error naming the file and what is wrong with it.
 */
int unwind_table_build(const char *path, struct unwind_table *table);

void unwind_table_free(struct unwind_table *table);

#endif
