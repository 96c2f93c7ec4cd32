// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Where this JVM's compiled code lives, for the BPF walker to find a compiled frame's size from
 * its return address (struct offcpu_code_cache): the code heaps (CodeCache::_heaps, each one's
 * reserved memory CodeHeap::_memory, segment map CodeHeap::_segmap and _log2_segment_size) and the
 * layout of a heap block (HeapBlock header, then the CodeBlob and its _frame_size). All of it
 * comes from VMStructs, in the JDK 17 and JDK 25 shapes alike. The heaps are reserved once at
 * start-up and never move, so this is read once; every read goes through process_vm_readv, so a
 * JVM whose tables say something unexpected gives an error, never a crash.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <string.h>
#include "hotspot_codeheap.h"
#include "hotspot_vmstructs.h"
#include "self_memory.h"

struct codeheap_layout {
	uintptr_t heaps_address; /* &CodeCache::_heaps: a GrowableArray<CodeHeap*>* */
	long array_len;		 /* GrowableArrayBase::_len */
	long array_data;	 /* GrowableArray<int>::_data (any element type: same layout) */
	long heap_memory;	 /* CodeHeap::_memory, a VirtualSpace */
	long heap_segmap;	 /* CodeHeap::_segmap, a VirtualSpace */
	long heap_log2_segment;	 /* CodeHeap::_log2_segment_size */
	long space_low;		 /* VirtualSpace::_low_boundary */
	long space_high;	 /* VirtualSpace::_high_boundary */
	long block_size;	 /* sizeof(HeapBlock): the blob follows it */
	long block_used;	 /* HeapBlock::Header::_used */
	long blob_frame_size;	 /* CodeBlob::_frame_size, in words */
};

static int resolve_layout(struct codeheap_layout *layout)
{
	layout->heaps_address = (uintptr_t)vmstructs_static_address("CodeCache", "_heaps");
	layout->array_len = vmstructs_field_offset("GrowableArrayBase", "_len");
	layout->array_data = vmstructs_field_offset("GrowableArray<int>", "_data");
	layout->heap_memory = vmstructs_field_offset("CodeHeap", "_memory");
	layout->heap_segmap = vmstructs_field_offset("CodeHeap", "_segmap");
	layout->heap_log2_segment = vmstructs_field_offset("CodeHeap", "_log2_segment_size");
	layout->space_low = vmstructs_field_offset("VirtualSpace", "_low_boundary");
	layout->space_high = vmstructs_field_offset("VirtualSpace", "_high_boundary");
	layout->block_size = vmstructs_type_size("HeapBlock");
	layout->block_used = vmstructs_field_offset("HeapBlock::Header", "_used");
	layout->blob_frame_size = vmstructs_field_offset("CodeBlob", "_frame_size");
	if (!layout->heaps_address || layout->array_len < 0 || layout->array_data < 0 ||
	    layout->heap_memory < 0 || layout->heap_segmap < 0 || layout->heap_log2_segment < 0 ||
	    layout->space_low < 0 || layout->space_high < 0 || layout->block_size <= 0 ||
	    layout->block_used < 0 || layout->blob_frame_size < 0)
		return -1;
	return 0;
}

int codeheap_describe(struct offcpu_code_cache *out)
{
	struct codeheap_layout layout;
	uintptr_t heaps_array, heap_list, heaps[OFFCPU_MAX_CODE_HEAPS];
	int32_t heap_count;

	memset(out, 0, sizeof(*out));
	if (resolve_layout(&layout) || self_read_pointer(layout.heaps_address, &heaps_array) ||
	    self_read(heaps_array + layout.array_len, &heap_count, 4) ||
	    self_read_pointer(heaps_array + layout.array_data, &heap_list) || heap_count <= 0 ||
	    heap_count > OFFCPU_MAX_CODE_HEAPS ||
	    self_read(heap_list, heaps, heap_count * sizeof(uintptr_t)))
		return -1;
	for (int h = 0; h < heap_count; h++) {
		struct offcpu_code_heap *heap = &out->heaps[h];
		uintptr_t memory = heaps[h] + layout.heap_memory, low, high, segmap;
		int32_t log2_segment;

		if (self_read_pointer(memory + layout.space_low, &low) ||
		    self_read_pointer(memory + layout.space_high, &high) ||
		    self_read_pointer(heaps[h] + layout.heap_segmap + layout.space_low, &segmap) ||
		    self_read(heaps[h] + layout.heap_log2_segment, &log2_segment, 4) ||
		    log2_segment < 3 || log2_segment > 16 || high <= low || !segmap)
			return -1;
		heap->low = low;
		heap->high = high;
		heap->segmap = segmap;
		heap->log2_segment = (uint32_t)log2_segment;
	}
	out->block_used = (uint32_t)layout.block_used;
	out->blob_offset = (uint32_t)layout.block_size;
	out->frame_size = (uint32_t)layout.blob_frame_size;
	out->heap_count = (uint32_t)heap_count;
	return 0;
}
