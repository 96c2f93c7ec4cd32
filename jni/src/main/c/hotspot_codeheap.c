// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Frame sizes of the code in HotSpot's code cache, for the BPF walker to step over compiled frames
 * without frame pointers. Walks every CodeHeap block by block the way the Serviceability Agent does
 * (CodeCache::_heaps, CodeHeap::_memory and _log2_segment_size, HeapBlock headers) and reads each
 * used block's CodeBlob: its code range and _frame_size. All layouts come from VMStructs; the two
 * shapes seen are JDK 17 (HeapBlock::Header::_length is a size_t, CodeBlob holds _code_begin and
 * _code_end pointers) and JDK 25 (a uint32_t length, CodeBlob holds _code_offset and _data_offset
 * relative to itself). Compiler threads change the heap while it is read, without any lock of ours:
 * every read goes through process_vm_readv (a freed or bogus address is an error, never a crash)
 * and each blob is checked for sane values before it is listed.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "hotspot_codeheap.h"
#include "hotspot_vmstructs.h"
#include "self_memory.h"

/* A compiled frame larger than this is taken for garbage read mid-update (HotSpot's largest
 * frames are a few KB; C2 refuses methods whose frame would pass ~ 1 MB). */
#define MAX_FRAME_SIZE_BYTES (1u << 20)
#define MAX_HEAPS 8

struct codeheap_layout {
	int resolved; /* 1 ok, -1 this JVM lacks an entry */
	uintptr_t heaps_address;  /* &CodeCache::_heaps */
	long array_len;           /* GrowableArrayBase::_len */
	long array_data;          /* GrowableArray<int>::_data */
	long heap_memory;         /* CodeHeap::_memory (a VirtualSpace) */
	long heap_log2_segment;   /* CodeHeap::_log2_segment_size */
	long space_low_boundary;  /* VirtualSpace::_low_boundary */
	long space_high;          /* VirtualSpace::_high: end of the committed part */
	long block_size;          /* sizeof(HeapBlock): the blob follows it */
	long block_length;        /* HeapBlock::Header::_length, in segments */
	int block_length_bytes;   /* 8 (size_t, JDK 17) or 4 (uint32_t, JDK 25) */
	long block_used;          /* HeapBlock::Header::_used */
	long blob_frame_size;     /* CodeBlob::_frame_size, in words */
	int blob_offsets;         /* 1: _code_offset/_data_offset (JDK 25); 0: _code_begin/_code_end */
	long blob_code_begin;     /* _code_begin or _code_offset */
	long blob_code_end;       /* _code_end or _data_offset */
};

static struct codeheap_layout layout;

static int resolve_layout(void)
{
	const char *length_type;

	if (layout.resolved)
		return layout.resolved;
	layout.resolved = -1;
	layout.heaps_address = (uintptr_t)vmstructs_static_address("CodeCache", "_heaps");
	layout.array_len = vmstructs_field_offset("GrowableArrayBase", "_len");
	layout.array_data = vmstructs_field_offset("GrowableArray<int>", "_data");
	layout.heap_memory = vmstructs_field_offset("CodeHeap", "_memory");
	layout.heap_log2_segment = vmstructs_field_offset("CodeHeap", "_log2_segment_size");
	layout.space_low_boundary = vmstructs_field_offset("VirtualSpace", "_low_boundary");
	layout.space_high = vmstructs_field_offset("VirtualSpace", "_high");
	layout.block_size = vmstructs_type_size("HeapBlock");
	layout.block_length = vmstructs_field_offset("HeapBlock::Header", "_length");
	layout.block_used = vmstructs_field_offset("HeapBlock::Header", "_used");
	layout.blob_frame_size = vmstructs_field_offset("CodeBlob", "_frame_size");
	length_type = vmstructs_field_type("HeapBlock::Header", "_length");
	if (!length_type)
		return -1;
	layout.block_length_bytes = strcmp(length_type, "size_t") == 0 ? 8 : 4;
	layout.blob_code_begin = vmstructs_field_offset("CodeBlob", "_code_begin");
	layout.blob_code_end = vmstructs_field_offset("CodeBlob", "_code_end");
	layout.blob_offsets = 0;
	if (layout.blob_code_begin < 0 || layout.blob_code_end < 0) {
		layout.blob_code_begin = vmstructs_field_offset("CodeBlob", "_code_offset");
		layout.blob_code_end = vmstructs_field_offset("CodeBlob", "_data_offset");
		layout.blob_offsets = 1;
	}
	if (!layout.heaps_address || layout.array_len < 0 || layout.array_data < 0 ||
	    layout.heap_memory < 0 || layout.heap_log2_segment < 0 || layout.space_low_boundary < 0 ||
	    layout.space_high < 0 || layout.block_size <= 0 || layout.block_length < 0 ||
	    layout.block_used < 0 || layout.blob_frame_size < 0 || layout.blob_code_begin < 0 ||
	    layout.blob_code_end < 0)
		return -1;
	layout.resolved = 1;
	return 1;
}

/* Largest field end we read from a block: its header plus the CodeBlob fields. */
static size_t block_read_size(void)
{
	long end = layout.block_size;
	long fields[] = { layout.blob_frame_size + 4, layout.blob_code_begin + 8,
			  layout.blob_code_end + 8 };

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (layout.block_size + fields[i] > end)
			end = layout.block_size + fields[i];
	return (size_t)end;
}

/* Appends the blob of one used block, when it has a fixed frame size and sane values. */
static void note_blob(uintptr_t blob, const uint8_t *fields, uintptr_t block_end,
		      struct offcpu_jit_range *out, int capacity, int *count)
{
	int32_t frame_words;
	uintptr_t begin, end;

	memcpy(&frame_words, fields + layout.blob_frame_size, 4);
	if (layout.blob_offsets) {
		int32_t code_offset, data_offset;

		memcpy(&code_offset, fields + layout.blob_code_begin, 4);
		memcpy(&data_offset, fields + layout.blob_code_end, 4);
		begin = blob + (uintptr_t)(intptr_t)code_offset;
		end = blob + (uintptr_t)(intptr_t)data_offset;
	} else {
		memcpy(&begin, fields + layout.blob_code_begin, 8);
		memcpy(&end, fields + layout.blob_code_end, 8);
	}
	if (frame_words <= 0 || (uint64_t)frame_words * 8 > MAX_FRAME_SIZE_BYTES)
		return;
	if (begin <= blob || end <= begin || end > block_end || end - begin > UINT32_MAX)
		return;
	if (*count >= capacity)
		return;
	out[*count].start = begin;
	out[*count].length = (uint32_t)(end - begin);
	out[*count].frame_size = (uint32_t)frame_words * 8;
	(*count)++;
}

static int by_start(const void *a, const void *b)
{
	uint64_t x = ((const struct offcpu_jit_range *)a)->start;
	uint64_t y = ((const struct offcpu_jit_range *)b)->start;

	return x < y ? -1 : x > y;
}

/* Bytes of the code heap read per process_vm_readv: one call covers hundreds of blocks. */
#define CHUNK_BYTES (256u << 10)

int codeheap_frame_sizes(struct offcpu_jit_range *out, int capacity)
{
	uintptr_t heaps_array, heap_list, heaps[MAX_HEAPS];
	int32_t heap_count;
	size_t read_size;
	uint8_t *chunk;
	int count = 0;

	if (resolve_layout() < 0)
		return -1;
	read_size = block_read_size();
	if (read_size > 256)
		return -1;
	if (self_read_pointer(layout.heaps_address, &heaps_array) ||
	    self_read(heaps_array + layout.array_len, &heap_count, 4) ||
	    self_read_pointer(heaps_array + layout.array_data, &heap_list) || heap_count <= 0 ||
	    heap_count > MAX_HEAPS || self_read(heap_list, heaps, heap_count * sizeof(uintptr_t)))
		return -1;
	chunk = malloc(CHUNK_BYTES);
	if (!chunk)
		return -1;
	for (int h = 0; h < heap_count; h++) {
		uintptr_t memory = heaps[h] + layout.heap_memory, low, high, at;
		uintptr_t chunk_start = 0, chunk_end = 0; /* [chunk_start, chunk_end) is in chunk */
		int32_t log2_segment;

		if (self_read_pointer(memory + layout.space_low_boundary, &low) ||
		    self_read_pointer(memory + layout.space_high, &high) ||
		    self_read(heaps[h] + layout.heap_log2_segment, &log2_segment, 4) ||
		    log2_segment < 3 || log2_segment > 16 || high <= low)
			continue;
		/* Blocks tile the committed part: each header says how many segments it spans. */
		for (at = low; at + read_size <= high;) {
			uint64_t segments = 0;
			const uint8_t *block;
			uintptr_t next;

			if (at < chunk_start || at + read_size > chunk_end) {
				size_t n = high - at < CHUNK_BYTES ? high - at : CHUNK_BYTES;

				if (self_read(at, chunk, n))
					break;
				chunk_start = at;
				chunk_end = at + n;
			}
			block = chunk + (at - chunk_start);
			memcpy(&segments, block + layout.block_length, layout.block_length_bytes);
			next = at + (segments << log2_segment);
			if (segments == 0 || next <= at || next > high)
				break; /* torn by a concurrent change: what was read so far stays */
			if (block[layout.block_used])
				note_blob(at + layout.block_size, block + layout.block_size, next, out,
					  capacity, &count);
			at = next;
		}
	}
	free(chunk);
	qsort(out, count, sizeof(*out), by_start);
	return count;
}
