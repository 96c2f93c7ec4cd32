// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* ELF64 little-endian headers and sections (System V gABI, "Object Files"), bounds-checked. */
#include "elf_reader.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ELF_HEADER_SIZE 64
#define SECTION_HEADER_MIN_SIZE 64
/* A section read whole into memory; the Java reader had the same ceiling (one byte[]). */
#define MAX_SECTION_BYTES ((uint64_t)INT32_MAX)

static int fail(struct elf_file *elf, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	vsnprintf(elf->error, sizeof(elf->error), format, args);
	va_end(args);
	return -1;
}

uint64_t elf_le(const uint8_t *p, int n)
{
	uint64_t v = 0;

	for (int i = n - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* Reads [offset, offset + length) of the file, which must lie inside it. */
static bool read_at(const struct elf_file *elf, void *into, uint64_t length, uint64_t offset)
{
	uint64_t done = 0;

	if (offset > elf->file_size || length > elf->file_size - offset)
		return false;
	while (done < length) {
		ssize_t n =
			pread(elf->fd, (char *)into + done, length - done, (off_t)(offset + done));

		if (n <= 0)
			return false;
		done += (uint64_t)n;
	}
	return true;
}

/* A malloc'd copy of the range plus a NUL byte, or NULL when the range is outside the file. */
static uint8_t *read_range(struct elf_file *elf, uint64_t offset, uint64_t length, const char *what)
{
	uint8_t *data;

	if (offset > elf->file_size || length > elf->file_size - offset) {
		fail(elf,
		     "%s: truncated or corrupt ELF file, wanted %llu bytes of %s at offset %llu "
		     "but the "
		     "file has %llu",
		     elf->path, (unsigned long long)length, what, (unsigned long long)offset,
		     (unsigned long long)elf->file_size);
		return NULL;
	}
	data = malloc(length + 1);
	if (!data) {
		fail(elf, "%s: out of memory for %llu bytes of %s", elf->path,
		     (unsigned long long)length, what);
		return NULL;
	}
	if (!read_at(elf, data, length, offset)) {
		fail(elf, "%s: cannot read %s: %s", elf->path, what,
		     errno ? strerror(errno) : "short read");
		free(data);
		return NULL;
	}
	data[length] = 0;
	return data;
}

static int read_section_headers(struct elf_file *elf, const uint8_t *header)
{
	uint64_t offset = elf_le(header + 40, 8);
	uint32_t entry_size = (uint32_t)elf_le(header + 58, 2);
	uint32_t count = (uint32_t)elf_le(header + 60, 2);
	uint32_t names_index = (uint32_t)elf_le(header + 62, 2);
	struct elf_section names;

	/* No (usable) section headers: a file that has only segments has no sections to read. */
	if (!count || entry_size < SECTION_HEADER_MIN_SIZE || !offset)
		return 0;
	elf->section_headers =
		read_range(elf, offset, (uint64_t)entry_size * count, "section headers");
	if (!elf->section_headers)
		return -1;
	elf->section_count = count;
	elf->section_entry_size = entry_size;
	if (names_index >= count)
		return 0;
	elf_section_at(elf, names_index, &names);
	if (!elf_section_has_data(&names))
		return 0;
	elf->section_names = (char *)read_range(elf, names.offset, names.size, "section names");
	if (!elf->section_names)
		return -1;
	elf->section_names_size = names.size;
	return 0;
}

int elf_open(struct elf_file *elf, const char *path)
{
	uint8_t header[ELF_HEADER_SIZE];
	struct stat st;

	memset(elf, 0, sizeof(*elf));
	elf->path = path;
	elf->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (elf->fd < 0)
		return fail(elf, "cannot open %s: %s", path, strerror(errno));
	if (fstat(elf->fd, &st)) {
		fail(elf, "cannot stat %s: %s", path, strerror(errno));
		goto error;
	}
	elf->file_size = (uint64_t)st.st_size;
	if (!read_at(elf, header, sizeof(header), 0) || memcmp(header,
							       "\x7f"
							       "ELF",
							       4)) {
		fail(elf, "%s is not an ELF file (no \\x7fELF magic)", path);
		goto error;
	}
	if (header[4] != 2 || header[5] != 1) {
		fail(elf,
		     "%s is not a 64-bit little-endian ELF file (EI_CLASS=%d, EI_DATA=%d); only "
		     "ELF64 "
		     "LE (x86_64) is supported",
		     path, header[4], header[5]);
		goto error;
	}
	elf->type = (uint16_t)elf_le(header + 16, 2);
	elf->machine = (uint16_t)elf_le(header + 18, 2);
	if (read_section_headers(elf, header))
		goto error;
	return 0;
error:
	elf_close(elf);
	return -1;
}

void elf_close(struct elf_file *elf)
{
	if (elf->fd >= 0)
		close(elf->fd);
	elf->fd = -1;
	free(elf->section_headers);
	free(elf->section_names);
	elf->section_headers = NULL;
	elf->section_names = NULL;
	elf->section_count = 0;
	elf->section_names_size = 0;
}

void elf_section_at(const struct elf_file *elf, uint32_t index, struct elf_section *out)
{
	const uint8_t *s = elf->section_headers + (size_t)index * elf->section_entry_size;
	uint64_t name = elf_le(s, 4);

	out->index = index;
	out->name = elf->section_names && name < elf->section_names_size ? elf->section_names + name
									 : "";
	out->type = (uint32_t)elf_le(s + 4, 4);
	out->address = elf_le(s + 16, 8);
	out->offset = elf_le(s + 24, 8);
	out->size = elf_le(s + 32, 8);
	out->link = (uint32_t)elf_le(s + 40, 4);
	out->entry_size = elf_le(s + 56, 8);
}

bool elf_section_named(const struct elf_file *elf, const char *name, struct elf_section *out)
{
	for (uint32_t i = 0; i < elf->section_count; i++) {
		elf_section_at(elf, i, out);
		if (!strcmp(out->name, name))
			return true;
	}
	return false;
}

bool elf_section_has_data(const struct elf_section *section)
{
	return section->type != ELF_SHT_NOBITS && section->size > 0;
}

uint8_t *elf_read_section(struct elf_file *elf, const struct elf_section *section)
{
	char what[80];

	snprintf(what, sizeof(what), "section %.60s", section->name);
	if (!elf_section_has_data(section))
		return calloc(1, 1);
	if (section->size > MAX_SECTION_BYTES) {
		fail(elf, "%s: %s is %llu bytes; sections above 2 GiB are not supported", elf->path,
		     what, (unsigned long long)section->size);
		return NULL;
	}
	return read_range(elf, section->offset, section->size, what);
}
