/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The growth rule of the symbol tables' arrays, shared by kernel_symbols.c and function_table.c. */
#ifndef OFFCPU_GROW_ARRAY_H
#define OFFCPU_GROW_ARRAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>

/*
 * Makes *array (of `element`-byte entries, room for *capacity) hold at least `needed` entries:
 * `initial` at first, then half as much again each time. False, with *array unchanged, when
 * memory runs out.
 */
static inline bool grow_array(void **array, size_t *capacity, size_t needed, size_t element,
			      size_t initial)
{
	size_t wanted = *capacity ? *capacity : initial;
	void *grown;

	if (needed <= *capacity)
		return true;
	while (wanted < needed)
		wanted += (wanted >> 1) + 16;
	grown = realloc(*array, wanted * element);
	if (!grown)
		return false;
	*array = grown;
	*capacity = wanted;
	return true;
}

#endif
