/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The user-stack walker of offcpu.bpf.c: steps through the current task's user frames by the
 * .eh_frame rules of the libraries (tables in `mappings` and `unwind_rows`), by the fixed frame
 * size of compiled Java code (found through HotSpot's code heaps, `code_cache`), else by frame
 * pointers, and notes the Method* and bytecode pointer of interpreted frames. User space writes
 * the tables and the .bss values below before the programs attach. Included once, by offcpu.bpf.c.
 */
#ifndef OFFCPU_USER_STACK_BPF_H
#define OFFCPU_USER_STACK_BPF_H

#include "user_stack_memo.bpf.h"

/* Written by user space at run time through the mmapped .bss. */
volatile __u32 mapping_count = 0;
/* HotSpot's template interpreter code (the "Interpreter" blob of the code map); 0 until known. */
volatile __u64 interpreter_start = 0;
volatile __u64 interpreter_end = 0;
/* HotSpot's code heaps and the layout of their blocks; heap_count is 0 until known. */
volatile struct offcpu_code_cache code_cache = {};

#define INTERPRETER_METHOD_OFFSET (-3 * 8)
#define INTERPRETER_BCP_OFFSET (-8 * 8)
/* interpreter_frame_sender_sp_offset = -1 (frame_x86.hpp, JDK 17 and 25): the caller's SP before
 * a c2i adapter pushed the interpreter's arguments; a compiled caller's frame size counts from it. */
#define INTERPRETER_SENDER_SP_OFFSET (-1 * 8)
/* No code lives in the first page: a smaller "return address" is the end of the stack. */
#define PAGE_SIZE_MIN 4096

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, OFFCPU_MAX_MAPPINGS);
	__type(key, __u32);
	__type(value, struct offcpu_mapping);
} mappings SEC(".maps");

/* Mmapable: user space writes a library's rows with one memcpy (jni/src/main/c/offcpu_jni.c). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, OFFCPU_MAX_UNWIND_ROWS);
	__type(key, __u32);
	__type(value, struct offcpu_unwind_row);
} unwind_rows SEC(".maps");

/*
 * Mapping containing ip, by binary search over the sorted mappings; -1 when none.
 * Global (not inlined) so the verifier checks it once, not per caller and loop iteration.
 */
__noinline int find_mapping(__u64 ip)
{
	__u32 low = 0, high = mapping_count;

	if (high > OFFCPU_MAX_MAPPINGS)
		high = OFFCPU_MAX_MAPPINGS;
	for (int i = 0; i < 11 && low < high; i++) {
		__u32 mid = low + (high - low) / 2;
		struct offcpu_mapping *m = bpf_map_lookup_elem(&mappings, &mid);

		if (!m)
			return -1;
		if (ip < m->start)
			high = mid;
		else if (ip >= m->end)
			low = mid + 1;
		else
			return mid;
	}
	return -1;
}

/* Index of the last row whose pc <= elf_pc among [first, first + count); -1 when none. */
__noinline int find_row(__u64 elf_pc, __u32 first, __u32 count)
{
	__u32 low = first, high = first + count;
	int found = -1;

	for (int i = 0; i < 21 && low < high; i++) {
		__u32 mid = low + (high - low) / 2;
		struct offcpu_unwind_row *row = bpf_map_lookup_elem(&unwind_rows, &mid);

		if (!row)
			return -1;
		if (row->pc <= elf_pc) {
			found = mid;
			low = mid + 1;
		} else {
			high = mid;
		}
	}
	return found;
}

/* A segment map byte: the segment is not in any block. */
#define SEGMAP_FREE 0xff
/* Hops back through a segment map: HotSpot fills a block's bytes 0, 1, ..., 0xfe, 1, 2, ..., so a
 * block of n segments takes n / 254 + 1 hops (1 MB of 64-byte segments: 65); joined free blocks
 * reused before HotSpot defragments the map can take more, and are then walked by frame pointers. */
#define SEGMAP_MAX_HOPS 128
/* A frame larger than this is garbage read while HotSpot rewrote the block (C2 bails out long
 * before a frame that size). */
#define MAX_COMPILED_FRAME_BYTES (1 << 20)

/* Bytes of a block read at once: its header's `used` byte and the blob's _frame_size both lie within
 * them on JDK 17 (16 + 28) and 25, so a compiled frame costs one read less (each
 * bpf_probe_read_user is a helper call with its own fault handling); a layout that does not fit is
 * read field by field. */
#define BLOCK_PREFIX 64

/* Segment-map bytes read at once, ending at an ip's segment: a hop is at most 0xfe, so the block of
 * any ip in a block of fewer than 255 segments (16 KB of 64-byte segments) starts within them. */
#define SEGMAP_WINDOW 256

/*
 * Hops back from *segment to the start of its block within one read, into window, of the
 * SEGMAP_WINDOW map bytes that end there, instead of one read per hop (each bpf_probe_read_user is a
 * helper call with its own fault handling; a memo's check asks the code heaps about ~7 ips). Returns
 * true with *segment the block's first segment and *hop 0, or *hop SEGMAP_FREE (no block); false when
 * the read failed or the hops leave the window: then *segment is where the hops got to, to go on
 * from one by one.
 */
static __always_inline bool hop_in_window(__u8 *window, __u64 segmap, __u64 *segment, __u8 *hop)
{
	__u64 first = *segment >= SEGMAP_WINDOW - 1 ? *segment - (SEGMAP_WINDOW - 1) : 0;
	__u32 at = *segment - first;

	if (bpf_probe_read_user(window, SEGMAP_WINDOW, (void *)(segmap + first)))
		return false;
	/* The first hop lands on the block's first segment unless the block spans more than the window;
	 * the rest of a longer chain goes byte by byte. */
	for (int i = 0; i < 3; i++) {
		__u8 h = window[at & (SEGMAP_WINDOW - 1)];

		if (h == 0 || h == SEGMAP_FREE) {
			*segment = first + at;
			*hop = h;
			return true;
		}
		if (h > at)
			break;
		at -= h;
	}
	*segment = first + at;
	return false;
}

/*
 * Frame size in bytes of the compiled code at ip (see struct offcpu_code_cache); 0 when ip is in
 * no code heap, in a free block, or in a blob without a fixed frame (the interpreter, stubs that
 * keep frame pointers). HotSpot may be rewriting the map or the block meanwhile: every read is a
 * fault-safe probe, and a value torn by a concurrent change ends in 0 or a sane-looking size
 * checked against the limits.
 */
__noinline int find_compiled_frame_size(__u64 ip)
{
	__u32 count = code_cache.heap_count;
	__u32 used_at = code_cache.block_used;
	__u32 frame_size_at = code_cache.blob_offset + code_cache.frame_size;

	for (int h = 0; h < OFFCPU_MAX_CODE_HEAPS && h < count; h++) {
		__u64 low = code_cache.heaps[h].low, segmap = code_cache.heaps[h].segmap;
		__u32 shift = code_cache.heaps[h].log2_segment & 63;
		/* The segment-map window, then the block's prefix: one buffer, as the programs' stacks
		 * together may not pass 512 bytes. */
		__u32 buffer[SEGMAP_WINDOW / 4];
		__u32 *prefix = buffer;
		__u64 segment, block;
		__u8 hop = 0, used = 0;
		__s32 words = 0;

		if (ip < low || ip >= code_cache.heaps[h].high)
			continue;
		segment = (ip - low) >> shift;
		if (!hop_in_window((__u8 *)buffer, segmap, &segment, &hop)) {
			for (int i = 0; i < SEGMAP_MAX_HOPS; i++) {
				if (bpf_probe_read_user(&hop, sizeof(hop),
							(void *)(segmap + segment)))
					return 0;
				if (hop == 0 || hop == SEGMAP_FREE || hop > segment)
					break;
				segment -= hop;
			}
		}
		if (hop != 0)
			return 0;
		block = low + (segment << shift);
		if (used_at < BLOCK_PREFIX && frame_size_at <= BLOCK_PREFIX - 4 &&
		    !(frame_size_at & 3)) {
			if (bpf_probe_read_user(prefix, BLOCK_PREFIX, (void *)block))
				return 0;
			__u32 used_index = used_at, words_index = frame_size_at / 4;

			/* Masked right where used: the verifier needs the stack offsets' bounds. */
			asm volatile("" : "+r"(used_index), "+r"(words_index));
			used = ((__u8 *)prefix)[used_index & (BLOCK_PREFIX - 1)];
			words = prefix[words_index & (BLOCK_PREFIX / 4 - 1)];
		} else if (bpf_probe_read_user(&used, sizeof(used), (void *)(block + used_at)) ||
			   !used ||
			   bpf_probe_read_user(&words, sizeof(words),
					       (void *)(block + frame_size_at))) {
			return 0;
		}
		if (!used || words <= 0 || words > MAX_COMPILED_FRAME_BYTES / 8)
			return 0;
		return words * 8;
	}
	return 0;
}

struct user_regs {
	__u64 ip;
	__u64 sp;
	__u64 bp;
};

/*
 * Steps from one user frame to its caller: by the .eh_frame rule of the library when it has a
 * table (libraries built without frame pointers, glibc first), by its fixed frame size for compiled
 * Java code (frame pointers or not), else by the frame-pointer chain (libjvm, the interpreter,
 * stubs). Returns false at the end. Every stack word it reads is noted in memo (may be NULL).
 */
static __always_inline bool step_user_frame(struct user_regs *regs, bool is_return_address,
					    struct user_stack_memo *memo)
{
	struct offcpu_mapping *mapping = NULL;
	__u32 index;
	int frame_size = 0, m;

	m = find_mapping(regs->ip);
	if (m >= 0) {
		index = m;
		mapping = bpf_map_lookup_elem(&mappings, &index);
	}
	if (!(mapping && mapping->row_count)) {
		frame_size = find_compiled_frame_size(regs->ip);
		memo_note_code(memo, regs->ip, frame_size);
	}
	if (mapping && mapping->row_count) {
		/* A return address points after the call, possibly past the caller's last rule. */
		__u64 elf_pc = regs->ip - mapping->bias - (is_return_address ? 1 : 0);
		int r = find_row(elf_pc, mapping->first_row, mapping->row_count);
		struct offcpu_unwind_row *row;
		__u64 cfa, return_address;

		if (r < 0)
			return false;
		index = r;
		row = bpf_map_lookup_elem(&unwind_rows, &index);
		if (!row || row->cfa_register == OFFCPU_CFA_UNDEFINED)
			return false;
		if (row->cfa_register != OFFCPU_CFA_RSP)
			memo_uses_bp(memo);
		cfa = (row->cfa_register == OFFCPU_CFA_RSP ? regs->sp : regs->bp) + row->cfa_offset;
		if (read_stack_noted(memo, &return_address, 1, cfa - 8))
			return false;
		if (row->rbp_offset) {
			if (read_stack_noted(memo, &regs->bp, 1, cfa + row->rbp_offset))
				return false;
			memo_bp_restored(memo);
		}
		regs->sp = cfa;
		regs->ip = return_address;
	} else if (frame_size > 0) {
		/* A compiled frame: its caller's SP is this frame's SP plus its fixed size, and every
		 * compiled frame saves the caller's RBP below the return address (HotSpot's
		 * frame::sender_for_compiled_frame), with or without -XX:+PreserveFramePointer. */
		__u64 cfa = regs->sp + frame_size, frame[2]; /* saved rbp, return address */

		if (read_stack_noted(memo, frame, 2, cfa - 16))
			return false;
		regs->sp = cfa;
		regs->bp = frame[0];
		regs->ip = frame[1];
		memo_bp_restored(memo);
	} else {
		__u64 frame[2]; /* saved rbp, return address */
		bool interpreted = regs->ip >= interpreter_start && regs->ip < interpreter_end;
		__u64 sender_sp = 0;

		memo_uses_bp(memo);
		if (regs->bp < regs->sp || (regs->bp & 7))
			return false;
		if (read_stack_noted(memo, frame, 2, regs->bp))
			return false;
		/* An interpreted frame's caller may be compiled code that called it through a c2i
		 * adapter, which moved SP: the caller's own SP is the one the frame saved. */
		if (interpreted && (read_stack_noted(memo, &sender_sp, 1,
						     regs->bp + INTERPRETER_SENDER_SP_OFFSET) ||
				    sender_sp < regs->bp + 16 || (sender_sp & 7)))
			sender_sp = 0;
		regs->sp = sender_sp ? sender_sp : regs->bp + 16;
		regs->bp = frame[0];
		regs->ip = frame[1];
		memo_bp_restored(memo);
	}
	return regs->ip >= PAGE_SIZE_MIN;
}

/* Whether the code heaps still give each ip the memo's walk asked about the same frame size. */
static __always_inline bool code_answers_hold(struct user_stack_memo *memo)
{
	for (int i = 0; i < USER_MEMO_CODE; i++) {
		if (i >= memo->code_count)
			break;
		if (find_compiled_frame_size(memo->code_ip[i]) != memo->code_frame_size[i])
			return false;
	}
	return true;
}

/* Copies the used part of a walk's user stack and interpreted frames (bounded for the verifier). */
static __always_inline void copy_user_frames(struct user_frames *to, const struct user_frames *from,
					     __u32 user_frames, __u32 interpreted_frames)
{
	if (user_frames > OFFCPU_MAX_USER_FRAMES)
		user_frames = OFFCPU_MAX_USER_FRAMES;
	if (interpreted_frames > OFFCPU_MAX_INTERPRETED_FRAMES)
		interpreted_frames = OFFCPU_MAX_INTERPRETED_FRAMES;
	bpf_probe_read_kernel(to->user_stack, user_frames * sizeof(__u64), from->user_stack);
	bpf_probe_read_kernel(to->interpreted, interpreted_frames * sizeof(to->interpreted[0]),
			      from->interpreted);
}

/* A user-stack walk in progress: the registers of the frame it has reached, and its counts. */
struct user_walk {
	struct user_regs regs;
	__u16 user_frames;	  /* entries written to user_stack */
	__u16 interpreted_frames; /* entries written to interpreted */
	__u32 truncated;	  /* the walk stopped at OFFCPU_MAX_USER_FRAMES, not at the end */
};

/* Notes the Method* and bytecode pointer of the frame reached when it runs in the interpreter. */
static __always_inline void note_interpreted_frame(struct user_walk *walk, struct user_frames *out,
						   struct user_stack_memo *memo, __u32 index)
{
	struct offcpu_interpreted_frame *frame;
	__u16 n = walk->interpreted_frames;

	if (walk->regs.ip < interpreter_start || walk->regs.ip >= interpreter_end ||
	    n >= OFFCPU_MAX_INTERPRETED_FRAMES)
		return;
	frame = &out->interpreted[n & (OFFCPU_MAX_INTERPRETED_FRAMES - 1)];
	frame->frame_index = index;
	memo_uses_bp(memo);
	if (read_stack_noted(memo, &frame->method, 1, walk->regs.bp + INTERPRETER_METHOD_OFFSET))
		return;
	if (read_stack_noted(memo, &frame->bcp, 1, walk->regs.bp + INTERPRETER_BCP_OFFSET))
		frame->bcp = 0;
	walk->interpreted_frames = n + 1;
}

/*
 * One frame of a walk: records the frame reached (its ip, and its Method* and bcp when interpreted)
 * and steps to its caller. Returns false at the end of the stack.
 *
 * Global (non-static, __noinline), like walk_user_stack, for the verifier's sake: it checks a
 * global function once per program, on its own, knowing only its arguments' types, and a call to
 * one costs the caller's check a few instructions. Inlined into the walk's loop, this body (two
 * table searches, up to four user reads, each with its memo bookkeeping) was checked again in each
 * of the OFFCPU_MAX_USER_FRAMES iterations, with every branch state it left, and the whole loop
 * again at each call site (docs/ARCHITECTURE.md, "What the verifier costs").
 */
__noinline int walk_user_frame(struct user_walk *walk, struct user_frames *out,
			       struct user_stack_memo *memo)
{
	__u16 index;

	if (!walk || !out)
		return false;
	index = walk->user_frames;
	if (index >= OFFCPU_MAX_USER_FRAMES)
		return false;
	out->user_stack[index & (OFFCPU_MAX_USER_FRAMES - 1)] = walk->regs.ip;
	walk->user_frames = index + 1;
	note_interpreted_frame(walk, out, memo, index);
	return step_user_frame(&walk->regs, index > 0, memo);
}

/*
 * Walks the current task's user stack from walk->regs into out, noting the Method* and bytecode
 * pointer of every interpreted frame, and leaves the counts in walk. With a memo (may be NULL),
 * takes the memo's result when it holds for this stack (see user_stack_memo.bpf.h), else walks and
 * leaves a new memo; memo_kind names the per-CPU buffer the check uses (MEMO_*). Global, like
 * walk_user_frame: checked once per program, whatever its number of call sites.
 */
__noinline int walk_user_stack(struct user_walk *walk, struct user_frames *out,
			       struct user_stack_memo *memo, __u32 memo_kind)
{
	__u64 generation = 0;

	if (!walk || !out)
		return 0;
	if (memo && memo_holds(memo, memo_kind, walk->regs.ip, walk->regs.sp, walk->regs.bp) &&
	    code_answers_hold(memo)) {
		copy_user_frames(out, &memo->frames, memo->user_frames, memo->interpreted_frames);
		walk->user_frames = memo->user_frames;
		walk->interpreted_frames = memo->interpreted_frames;
		walk->truncated = memo->truncated;
		return 0;
	}
	if (memo)
		generation = memo_begin(memo, walk->regs.ip, walk->regs.sp, walk->regs.bp);
	walk->user_frames = 0;
	walk->interpreted_frames = 0;
	walk->truncated = 1;
	for (int i = 0; i < OFFCPU_MAX_USER_FRAMES; i++) {
		if (!walk_user_frame(walk, out, memo)) {
			walk->truncated = 0;
			break;
		}
	}
	if (!memo || memo->unusable || tables_generation != generation)
		return 0;
	copy_user_frames(&memo->frames, out, walk->user_frames, walk->interpreted_frames);
	memo->user_frames = walk->user_frames;
	memo->interpreted_frames = walk->interpreted_frames;
	memo->truncated = walk->truncated;
	memo->valid = 1;
	return 0;
}

/* Episodes and wakeups keep their stacks alike: user_stack, then interpreted, with no gap. */
_Static_assert(__builtin_offsetof(struct offcpu_episode, interpreted) -
			       __builtin_offsetof(struct offcpu_episode, user_stack) ==
		       __builtin_offsetof(struct user_frames, interpreted),
	       "an episode's stacks are a struct user_frames");
_Static_assert(__builtin_offsetof(struct offcpu_wakeup, interpreted) -
			       __builtin_offsetof(struct offcpu_wakeup, user_stack) ==
		       __builtin_offsetof(struct user_frames, interpreted),
	       "a wakeup's stacks are a struct user_frames");

/*
 * Walks the user stack from the struct user_regs `from` into an episode or a wakeup record (the
 * same stack fields: user_stack, interpreted, user_frames, interpreted_frames, flags).
 */
#define WALK_USER_STACK(from, record, memo, memo_kind)                                    \
	do {                                                                              \
		struct user_walk walk_ = { .regs = (from) };                              \
                                                                                          \
		walk_user_stack(&walk_, (struct user_frames *)(record)->user_stack, memo, \
				memo_kind);                                               \
		(record)->user_frames = walk_.user_frames;                                \
		(record)->interpreted_frames = walk_.interpreted_frames;                  \
		if (walk_.truncated)                                                      \
			(record)->flags |= OFFCPU_FLAG_USER_STACK_TRUNCATED;              \
	} while (0)

#endif /* OFFCPU_USER_STACK_BPF_H */
