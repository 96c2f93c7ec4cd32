/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Reads of this process's own memory that fail instead of crashing: the JVM structures the agent
 * follows (Method*, code heap blocks) may be freed or reused at any moment by the application's
 * threads, so every such read goes through process_vm_readv on ourselves.
 */
#ifndef OFFCPU_SELF_MEMORY_H
#define OFFCPU_SELF_MEMORY_H

#include <stddef.h>
#include <stdint.h>

/* Copies size bytes at address into out; 0 on success, -1 when any byte is unreadable. */
int self_read(uintptr_t address, void *out, size_t size);

static inline int self_read_pointer(uintptr_t address, uintptr_t *out)
{
	return self_read(address, out, sizeof(*out));
}

#endif
