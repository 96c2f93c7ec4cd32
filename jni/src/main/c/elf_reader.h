/*
 * The one ELF64 reader of the native library (the unwind tables and the function symbol tables both read
 * through it). Only 64-bit little-endian files are accepted. Every file is treated as possibly hostile:
 * each offset and size taken from it is checked against the file's size before anything is allocated or
 * read, and a bad one gives an error naming the file, never a read out of bounds.
 */
#ifndef OFFCPU_ELF_READER_H
#define OFFCPU_ELF_READER_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#define ELF_EM_X86_64 62
#define ELF_SHT_SYMTAB 2
#define ELF_SHT_NOBITS 8
#define ELF_SHT_DYNSYM 11

struct elf_file {
	int fd;
	uint64_t file_size;
	const char *path; /* not copied: valid while the file is open */
	uint16_t type;	  /* ET_EXEC, ET_DYN, ... */
	uint16_t machine;
	uint32_t section_count; /* 0 when the file has no section headers */
	uint32_t section_entry_size;
	uint8_t *section_headers;    /* section_count * section_entry_size bytes */
	char *section_names;	     /* .shstrtab, NUL-terminated at section_names_size */
	uint64_t section_names_size; /* 0 when there is no .shstrtab */
	char error[256];	     /* why the last call failed */
};

struct elf_section {
	uint32_t index;
	const char *name; /* "" when unnamed; points into the elf_file */
	uint32_t type;
	uint64_t address; /* ELF virtual address, 0 if not allocated */
	uint64_t offset;
	uint64_t size;
	uint32_t link;
	uint64_t entry_size;
};

/*
 * Opens the file and reads its ELF header, section headers and section names. Returns 0, or -1 with
 * elf->error set (the file is then closed: no elf_close needed).
 */
int elf_open(struct elf_file *elf, const char *path);

void elf_close(struct elf_file *elf);

/* Section `index` (< section_count). */
void elf_section_at(const struct elf_file *elf, uint32_t index, struct elf_section *out);

/* The first section named `name`; false when there is none. */
bool elf_section_named(const struct elf_file *elf, const char *name, struct elf_section *out);

/* NOBITS sections (.bss, or code sections in a separate debug file) have no bytes in the file. */
bool elf_section_has_data(const struct elf_section *section);

/*
 * The section's bytes in a malloc'd buffer with one NUL byte past the end (so a string table's last
 * string is terminated), or NULL with elf->error set (truncated file, section above 2 GiB, no memory).
 */
uint8_t *elf_read_section(struct elf_file *elf, const struct elf_section *section);

/* Little-endian unsigned value of n (1..8) bytes: ELF64 LE fields, unaligned. */
uint64_t elf_le(const uint8_t *p, int n);

#endif
