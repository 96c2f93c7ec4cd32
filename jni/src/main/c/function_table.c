// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* ELF64 symbol tables (System V gABI, "Symbol Table") to a sorted, deduplicated function table. */
#define _GNU_SOURCE /* qsort_r */
#include "function_table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf_reader.h"
#include "grow_array.h"

#define SYMBOL_MIN_SIZE 24 /* Elf64_Sym */
#define STT_FUNC 2
#define STT_GNU_IFUNC 10
#define STB_GLOBAL 1
#define STB_WEAK 2
#define SHN_UNDEF 0
#define SHN_LORESERVE 0xff00
#define SHN_ABS 0xfff1

struct function_candidate {
	uint64_t value;
	uint64_t size;
	uint32_t name_offset; /* into the builder's names */
	uint32_t name_length;
	uint32_t underscores; /* leading '_' of the name */
	uint32_t order;	      /* when it was added: the last tie-breaker */
	uint8_t binding_rank; /* global 0, weak 1, local 2 */
};

static uint8_t binding_rank(uint8_t binding)
{
	return binding == STB_GLOBAL ? 0 : binding == STB_WEAK ? 1 : 2;
}

static bool add(struct function_table_builder *b, uint64_t value, uint64_t size, uint8_t binding,
		const char *name, size_t length)
{
	struct function_candidate *c;
	uint32_t underscores = 0;

	/* Offsets are 32-bit: a pool above 4 GiB is no symbol table a real file has. */
	if (b->names_size + length + 1 > UINT32_MAX || b->count >= UINT32_MAX)
		return false;
	if (!grow_array((void **)&b->symbols, &b->capacity, b->count + 1, sizeof(*b->symbols),
			1024) ||
	    !grow_array((void **)&b->names, &b->names_capacity, b->names_size + length + 1, 1,
			1024))
		return false;
	while (underscores < length && name[underscores] == '_')
		underscores++;
	c = &b->symbols[b->count];
	c->value = value;
	c->size = size;
	c->name_offset = (uint32_t)b->names_size;
	c->name_length = (uint32_t)length;
	c->underscores = underscores;
	c->order = (uint32_t)b->count;
	c->binding_rank = binding_rank(binding);
	memcpy(b->names + b->names_size, name, length);
	b->names[b->names_size + length] = 0;
	b->names_size += length + 1;
	b->count++;
	return true;
}

static bool is_function(const uint8_t *symbol)
{
	uint8_t type = symbol[4] & 0xf;
	uint16_t section = (uint16_t)elf_le(symbol + 6, 2);

	/* Undefined symbols name another file's functions; SHN_ABS ones are defined at their value. */
	return (type == STT_FUNC || type == STT_GNU_IFUNC) && section != SHN_UNDEF &&
	       (section < SHN_LORESERVE || section == SHN_ABS) && elf_le(symbol + 8, 8) != 0;
}

static int add_table(struct function_table_builder *b, struct elf_file *elf,
		     const struct elf_section *table)
{
	struct elf_section strings;
	uint8_t *symbols, *names;
	uint64_t entry_size = table->entry_size >= SYMBOL_MIN_SIZE ? table->entry_size
								   : SYMBOL_MIN_SIZE;
	int result = 0;

	if (!elf_section_has_data(table) || table->link == 0 || table->link >= elf->section_count)
		return 0;
	elf_section_at(elf, table->link, &strings);
	symbols = elf_read_section(elf, table);
	names = symbols ? elf_read_section(elf, &strings) : NULL;
	if (!symbols || !names) {
		result = -1;
		goto out;
	}
	/* Entry 0 is the reserved undefined symbol. */
	for (uint64_t at = entry_size; at <= table->size && table->size - at >= SYMBOL_MIN_SIZE;
	     at += entry_size) {
		const uint8_t *symbol = symbols + at;
		uint64_t name = elf_le(symbol, 4);
		uint64_t names_size = elf_section_has_data(&strings) ? strings.size : 0;

		if (!is_function(symbol) || name >= names_size)
			continue;
		/* names has a NUL past its end: a name that runs off the table stops there. */
		if (!add(b, elf_le(symbol + 8, 8), elf_le(symbol + 16, 8), symbol[4] >> 4,
			 (const char *)names + name,
			 strnlen((const char *)names + name, names_size - name))) {
			snprintf(elf->error, sizeof(elf->error),
				 "%s: out of memory for its symbols", elf->path);
			result = -1;
			goto out;
		}
		if (entry_size > table->size - at)
			break;
	}
out:
	free(symbols);
	free(names);
	return result;
}

int function_table_add_file(struct function_table_builder *builder, const char *path, char *error,
			    size_t error_size)
{
	struct elf_file elf;
	size_t count = builder->count, names_size = builder->names_size;
	int result = 0;

	if (elf_open(&elf, path)) {
		snprintf(error, error_size, "%s", elf.error);
		return -1;
	}
	for (uint32_t i = 0; i < elf.section_count && !result; i++) {
		struct elf_section section;

		elf_section_at(&elf, i, &section);
		if (section.type == ELF_SHT_SYMTAB || section.type == ELF_SHT_DYNSYM)
			result = add_table(builder, &elf, &section);
	}
	if (result) {
		snprintf(error, error_size, "%s", elf.error);
		builder->count = count;
		builder->names_size = names_size;
	}
	elf_close(&elf);
	return result;
}

/* The order of function_table.h: by address, then the preferred alias first. */
static int compare_candidates(const void *x, const void *y, void *names)
{
	const struct function_candidate *a = x, *b = y;
	const char *sort_names = names;
	uint32_t shorter;
	int c;

	if (a->value != b->value)
		return a->value < b->value ? -1 : 1;
	if (a->binding_rank != b->binding_rank)
		return a->binding_rank < b->binding_rank ? -1 : 1;
	if (a->underscores != b->underscores)
		return a->underscores < b->underscores ? -1 : 1;
	if (a->name_length != b->name_length)
		return a->name_length < b->name_length ? -1 : 1;
	shorter = a->name_length;
	c = memcmp(sort_names + a->name_offset, sort_names + b->name_offset, shorter);
	if (c)
		return c;
	return a->order < b->order ? -1 : a->order > b->order;
}

int function_table_build(struct function_table_builder *b, struct function_table *t)
{
	size_t kept = 0, names_size = 0;

	memset(t, 0, sizeof(*t));
	if (b->count)
		qsort_r(b->symbols, b->count, sizeof(*b->symbols), compare_candidates, b->names);
	for (size_t i = 0; i < b->count; i++)
		if (i == 0 || b->symbols[i].value != b->symbols[i - 1].value)
			names_size += b->symbols[i].name_length + 1;
	t->starts = malloc((b->count ? b->count : 1) * sizeof(*t->starts));
	t->sizes = malloc((b->count ? b->count : 1) * sizeof(*t->sizes));
	t->name_offsets = malloc((b->count ? b->count : 1) * sizeof(*t->name_offsets));
	t->names = malloc(names_size ? names_size : 1);
	if (!t->starts || !t->sizes || !t->name_offsets || !t->names) {
		function_table_free(t);
		function_table_builder_free(b);
		return -1;
	}
	for (size_t i = 0; i < b->count; i++) {
		const struct function_candidate *c = &b->symbols[i];

		if (kept > 0 && t->starts[kept - 1] == c->value) {
			if (c->size > t->sizes[kept - 1])
				t->sizes[kept - 1] = c->size;
			continue;
		}
		t->starts[kept] = c->value;
		t->sizes[kept] = c->size;
		t->name_offsets[kept] = (uint32_t)t->names_size;
		memcpy(t->names + t->names_size, b->names + c->name_offset, c->name_length + 1);
		t->names_size += c->name_length + 1;
		kept++;
	}
	t->count = kept;
	function_table_builder_free(b);
	return 0;
}

void function_table_builder_free(struct function_table_builder *b)
{
	free(b->symbols);
	free(b->names);
	memset(b, 0, sizeof(*b));
}

/* The last index whose start is <= address, or -1. */
static int64_t floor_index(const uint64_t *starts, size_t count, uint64_t address)
{
	size_t low = 0, high = count;

	while (low < high) {
		size_t middle = low + (high - low) / 2;

		if (starts[middle] <= address)
			low = middle + 1;
		else
			high = middle;
	}
	return (int64_t)low - 1;
}

int64_t function_table_find(const struct function_table *t, uint64_t address)
{
	int64_t candidate = floor_index(t->starts, t->count, address);
	uint64_t offset, reach;

	/* Walk back over size-0 neighbours so that a sized symbol that contains the address wins. */
	for (int64_t i = candidate; i >= 0 && i > candidate - 4; i--)
		if (t->sizes[i] > 0 && address - t->starts[i] < t->sizes[i])
			return i;
	if (candidate < 0)
		return -1;
	offset = address - t->starts[candidate];
	reach = t->sizes[candidate] == 0 ? FUNCTION_SIZELESS_REACH_BYTES
					 : t->sizes[candidate] + FUNCTION_PADDING_REACH_BYTES;
	return offset < reach ? candidate : -1;
}

void function_table_free(struct function_table *t)
{
	free(t->starts);
	free(t->sizes);
	free(t->name_offsets);
	free(t->names);
	memset(t, 0, sizeof(*t));
}
