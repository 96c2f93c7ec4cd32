// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * /proc/kallsyms lines ("ffffffff821fb620 T schedule", "ffffffffc0a01000 t foo\t[module]", as
 * kernel/kallsyms.c s_show prints them) to a sorted table with one name per address.
 */
#include "kernel_symbols.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grow_array.h"

#define READ_BUFFER_BYTES (1 << 16)
#define MAX_ADDRESS_DIGITS 16

/* A text symbol as parsed, in file order. */
struct line_symbol {
	uint64_t address;
	uint32_t name_offset; /* into the parser's names */
	uint32_t order;	      /* line order: the last tie-breaker among aliases */
	uint16_t module;
	uint8_t rank; /* aliases at one address: global before local, then fewer leading '_' */
	bool padding; /* __pfx_ of the next kept symbol's name */
};

struct parser {
	struct kernel_symbols *out;
	struct line_symbol *symbols;
	size_t count, capacity;
	char *names;
	size_t names_size, names_capacity;
	size_t module_capacity;
	uint64_t line_number;
	bool out_of_memory;
};

static bool is_space(char c)
{
	return (unsigned char)c <= ' ';
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * The index of the module named by the length bytes at from, added if new. The newest is compared
 * first: a module's lines are together in kallsyms.
 */
static int module_index(struct parser *p, const char *from, size_t length)
{
	struct kernel_symbols *out = p->out;
	char *name;

	for (size_t i = out->module_count; i-- > 0;) {
		if (strlen(out->module_names[i]) == length &&
		    !memcmp(out->module_names[i], from, length))
			return (int)i;
	}
	if (out->module_count >= KERNEL_NO_MODULE)
		return -1;
	if (!grow_array((void **)&out->module_names, &p->module_capacity, out->module_count + 1,
			sizeof(char *), 64))
		return -1;
	name = strndup(from, length);
	if (!name)
		return -1;
	out->module_names[out->module_count] = name;
	return (int)out->module_count++;
}

static int malformed(struct parser *p, const char *line, size_t length)
{
	char shown[120];
	size_t n = length < sizeof(shown) - 1 ? length : sizeof(shown) - 1;

	/* Printable ASCII only: the message becomes a Java string through modified UTF-8. */
	for (size_t i = 0; i < n; i++)
		shown[i] = line[i] >= ' ' && line[i] < 0x7f ? line[i] : '?';
	shown[n] = 0;
	p->out->malformed = true;
	snprintf(p->out->error, sizeof(p->out->error),
		 "line %llu is not 'hexaddress type name [module]': '%s%s'",
		 (unsigned long long)p->line_number, shown, n < length ? "..." : "");
	return -1;
}

static int parse_line(struct parser *p, const char *line, size_t length)
{
	const char *end = line + length, *first_space, *second_space, *name, *name_end, *tab;
	uint64_t address = 0;
	int module = -1;
	uint32_t underscores = 0;
	char type;
	struct line_symbol *s;

	p->line_number++;
	for (name = line; name < end && is_space(*name); name++)
		;
	if (name == end)
		return 0; /* blank */
	first_space = memchr(line, ' ', length);
	second_space = first_space ? memchr(first_space + 1, ' ', end - first_space - 1) : NULL;
	if (!first_space || first_space == line || second_space != first_space + 2 ||
	    first_space - line > MAX_ADDRESS_DIGITS)
		return malformed(p, line, length);
	for (const char *c = line; c < first_space; c++) {
		int digit = hex_digit(*c);

		if (digit < 0)
			return malformed(p, line, length);
		address = address << 4 | (uint64_t)digit;
	}
	p->out->lines++;
	p->out->any_nonzero |= address != 0;
	type = first_space[1];
	if (type != 't' && type != 'T' && type != 'w' && type != 'W')
		return 0;
	name = second_space + 1;
	tab = memchr(name, '\t', end - name);
	name_end = tab ? tab : end;
	if (tab) {
		const char *tail = tab + 1, *tail_end = end;

		while (tail < tail_end && is_space(*tail))
			tail++;
		while (tail_end > tail && is_space(tail_end[-1]))
			tail_end--;
		if (tail_end - tail >= 2 && *tail == '[' && tail_end[-1] == ']') {
			module = module_index(p, tail + 1, tail_end - tail - 2);
			if (module < 0)
				goto out_of_memory;
		}
	}
	if (p->names_size + (name_end - name) + 1 > UINT32_MAX || p->count >= UINT32_MAX ||
	    !grow_array((void **)&p->symbols, &p->capacity, p->count + 1, sizeof(*p->symbols),
			1 << 17) ||
	    !grow_array((void **)&p->names, &p->names_capacity,
			p->names_size + (name_end - name) + 1, 1, 4 << 20))
		goto out_of_memory;
	while (name + underscores < name_end && underscores < 127 && name[underscores] == '_')
		underscores++;
	s = &p->symbols[p->count++];
	s->address = address;
	s->name_offset = (uint32_t)p->names_size;
	s->order = (uint32_t)(p->count - 1);
	s->module = module < 0 ? KERNEL_NO_MODULE : (uint16_t)module;
	s->rank = (type == 'T' || type == 'W' ? 0 : 128) | underscores;
	memcpy(p->names + p->names_size, name, name_end - name);
	p->names[p->names_size + (name_end - name)] = 0;
	p->names_size += (name_end - name) + 1;
	return 0;
out_of_memory:
	snprintf(p->out->error, sizeof(p->out->error),
		 "out of memory for kernel symbols (line %llu)",
		 (unsigned long long)p->line_number);
	return -1;
}

/* Parses the complete lines of buffer[0, length) and returns how many bytes it consumed, or -1. */
static ssize_t parse_lines(struct parser *p, const char *buffer, size_t length, bool last)
{
	size_t from = 0;
	const char *newline;

	while ((newline = memchr(buffer + from, '\n', length - from))) {
		if (parse_line(p, buffer + from, newline - (buffer + from)))
			return -1;
		from = newline - buffer + 1;
	}
	if (last && from < length) {
		if (parse_line(p, buffer + from,
			       length - from)) /* the last line without a newline */
			return -1;
		from = length;
	}
	return (ssize_t)from;
}

static int compare_by_address(const void *x, const void *y)
{
	const struct line_symbol *a = x, *b = y;

	if (a->address != b->address)
		return a->address < b->address ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

/* Sorts by address, keeps the preferred alias of each address, and moves the names into one pool. */
/*
 * Since Linux 6.2 an x86 kernel built with CONFIG_CALL_PADDING names the padding before every function
 * f "__pfx_f" (the SYM_FUNC_START prefix symbols of arch/x86/include/asm/linkage.h): nearly half of the
 * text symbols and of their name bytes. Such a name is kept as f's name with KERNEL_PADDING_NAME set.
 */
static const char PADDING_PREFIX[] = "__pfx_";
#define PADDING_PREFIX_LENGTH (sizeof(PADDING_PREFIX) - 1)

static bool is_padding_of(const char *name, const char *next)
{
	return !strncmp(name, PADDING_PREFIX, PADDING_PREFIX_LENGTH) &&
	       !strcmp(name + PADDING_PREFIX_LENGTH, next);
}

/* Sorts by address, keeps the preferred alias of each address, and moves the names into one pool. */
static int build(struct parser *p)
{
	struct kernel_symbols *out = p->out;
	struct line_symbol *kept_symbols = p->symbols;
	size_t n = p->count, kept = 0, names_size = 0;
	bool sorted = true;

	for (size_t i = 1; i < n && sorted; i++)
		sorted = p->symbols[i - 1].address <= p->symbols[i].address;
	if (!sorted)
		qsort(p->symbols, n, sizeof(*p->symbols), compare_by_address);
	/* Keep the best of each run of one address, in place. */
	for (size_t i = 0; i < n;) {
		size_t best = i, j = i + 1;

		for (; j < n && p->symbols[j].address == p->symbols[i].address; j++)
			if (p->symbols[j].rank < p->symbols[best].rank)
				best = j; /* runs are in line order: a tie keeps the earlier line */
		p->symbols[kept++] = p->symbols[best];
		i = j;
	}
	/* Backwards, so that a padding symbol only ever borrows a name that is in the pool itself. */
	for (size_t i = kept; i-- > 0;) {
		struct line_symbol *s = &kept_symbols[i];

		s->padding = i + 1 < kept && !kept_symbols[i + 1].padding &&
			     is_padding_of(p->names + s->name_offset,
					   p->names + kept_symbols[i + 1].name_offset);
		if (!s->padding)
			names_size += strlen(p->names + s->name_offset) + 1;
	}
	out->addresses = malloc((kept ? kept : 1) * sizeof(*out->addresses));
	out->name_offsets = malloc((kept ? kept : 1) * sizeof(*out->name_offsets));
	out->modules = malloc((kept ? kept : 1) * sizeof(*out->modules));
	out->names = malloc(names_size ? names_size : 1);
	if (!out->addresses || !out->name_offsets || !out->modules || !out->names ||
	    names_size > KERNEL_PADDING_NAME) {
		snprintf(out->error, sizeof(out->error), "out of memory for %zu kernel symbols",
			 kept);
		return -1;
	}
	for (size_t i = kept; i-- > 0;) {
		const struct line_symbol *s = &kept_symbols[i];
		size_t length = strlen(p->names + s->name_offset) + 1;

		out->addresses[i] = s->address;
		out->modules[i] = s->module;
		if (s->padding) {
			out->name_offsets[i] = out->name_offsets[i + 1] | KERNEL_PADDING_NAME;
			continue;
		}
		out->name_offsets[i] = (uint32_t)out->names_size;
		memcpy(out->names + out->names_size, p->names + s->name_offset, length);
		out->names_size += length;
	}
	out->count = kept;
	return 0;
}

size_t kernel_symbols_name(const struct kernel_symbols *s, size_t index, char *into, size_t size)
{
	uint32_t offset = s->name_offsets[index];

	if (offset & KERNEL_PADDING_NAME)
		return (size_t)snprintf(into, size, "%s%s", PADDING_PREFIX,
					s->names + (offset & ~KERNEL_PADDING_NAME));
	return (size_t)snprintf(into, size, "%s", s->names + offset);
}

static int finish(struct parser *p, int result)
{
	if (!result)
		result = build(p);
	free(p->symbols);
	free(p->names);
	if (result) {
		char error[sizeof(p->out->error)];

		bool malformed = p->out->malformed;

		memcpy(error, p->out->error, sizeof(error));
		kernel_symbols_free(p->out);
		memcpy(p->out->error, error, sizeof(error));
		p->out->malformed = malformed;
	}
	return result;
}

int kernel_symbols_read(int fd, struct kernel_symbols *symbols)
{
	struct parser p = { .out = symbols };
	size_t capacity = READ_BUFFER_BYTES, filled = 0;
	char *buffer = malloc(capacity);
	int result = 0;

	memset(symbols, 0, sizeof(*symbols));
	if (!buffer) {
		snprintf(symbols->error, sizeof(symbols->error), "out of memory for a read buffer");
		return -1;
	}
	for (;;) {
		ssize_t n = read(fd, buffer + filled, capacity - filled), used;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(symbols->error, sizeof(symbols->error), "read failed: %s",
				 strerror(errno));
			result = -1;
			break;
		}
		filled += (size_t)n;
		used = parse_lines(&p, buffer, filled, n == 0);
		if (used < 0) {
			result = -1;
			break;
		}
		if (n == 0)
			break;
		filled -= (size_t)used;
		memmove(buffer, buffer + used, filled);
		if (filled == capacity) { /* a line longer than the buffer */
			char *grown = realloc(buffer, capacity * 2);

			if (!grown) {
				snprintf(symbols->error, sizeof(symbols->error),
					 "out of memory for a line of %zu bytes", filled);
				result = -1;
				break;
			}
			buffer = grown;
			capacity *= 2;
		}
	}
	free(buffer);
	return finish(&p, result);
}

int kernel_symbols_parse(const char *text, size_t length, struct kernel_symbols *symbols)
{
	struct parser p = { .out = symbols };

	memset(symbols, 0, sizeof(*symbols));
	return finish(&p, parse_lines(&p, text, length, true) < 0 ? -1 : 0);
}

int64_t kernel_symbols_find(const struct kernel_symbols *s, uint64_t address)
{
	size_t low = 0, high = s->count;

	while (low < high) {
		size_t middle = low + (high - low) / 2;

		if (s->addresses[middle] <= address)
			low = middle + 1;
		else
			high = middle;
	}
	if (low == 0 || address - s->addresses[low - 1] >= KERNEL_MAX_FUNCTION_BYTES)
		return -1;
	return (int64_t)low - 1;
}

void kernel_symbols_free(struct kernel_symbols *s)
{
	for (size_t i = 0; i < s->module_count; i++)
		free(s->module_names[i]);
	free(s->module_names);
	free(s->addresses);
	free(s->name_offsets);
	free(s->modules);
	free(s->names);
	memset(s, 0, sizeof(*s));
}
