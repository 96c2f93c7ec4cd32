/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A thread's last user-stack walk, kept so an identical stack is not walked again. A thread that
 * blocks or wakes another over and over (a hand-off, a worker taking from a queue) has the same
 * stack each time, and a walk costs a table search and one or two user reads per frame (~8 us for
 * the ~17 frames of a parked Java thread, measured with bpf_stats). Checking it is one bulk read.
 *
 * Exact, not a guess by registers: the walk is a function of its start registers (ip, sp, bp), of
 * the stack words it read, and of what it looked up elsewhere: the unwind tables and interpreter
 * range user space writes (tables_generation changes with each of those writes), and, for each ip
 * outside those tables, the frame size HotSpot's code heaps give it (0: none, walked by frame
 * pointer). An nmethod is freed only once no activation of it is left, but another may later be
 * compiled at the same address with another frame size, so those ips and sizes are looked up again
 * at each reuse (USER_MEMO_CODE of them at most). So the memo keeps every stack word the walk read
 * (offset from sp, value) and each code-heap answer; a later walk from the same registers, under the
 * same tables generation, whose stack holds the same words at those offsets and whose code heaps
 * answer the same, would step the same way through the same frames and read the same Method* and
 * bcp: the memo's result is used instead. A walk that read outside the first USER_MEMO_SPAN bytes
 * above sp, read more than USER_MEMO_SLOTS words or asked the code heaps about more than
 * USER_MEMO_CODE ips, or had a read fail (a page not present now may be present later) leaves no
 * memo.
 * Included once, by user_stack.bpf.h.
 */
#ifndef OFFCPU_USER_STACK_MEMO_BPF_H
#define OFFCPU_USER_STACK_MEMO_BPF_H

/*
 * The stack part of an episode or a wakeup record: user_stack, then interpreted, laid out alike in
 * both (offcpu.h; checked in user_stack.bpf.h), so one walker writes either through this type.
 */
struct user_frames {
	__u64 user_stack[OFFCPU_MAX_USER_FRAMES];
	struct offcpu_interpreted_frame interpreted[OFFCPU_MAX_INTERPRETED_FRAMES];
};

/* 99.5% of the hand-off benchmark's walks spanned less than 4 KB of stack (JDK 17). */
#define USER_MEMO_SPAN 4096
/* A parked Java thread's walk reads ~35 words (return address and saved rbp per frame, and the
 * Method*, bcp and sender sp of interpreted frames). A power of two: indices are masked with it. */
#define USER_MEMO_SLOTS 128
/* Java frames and stubs of that walk, whose ip the code heaps were asked about: ~6. */
#define USER_MEMO_CODE 16

/* Bumped by user space before and after it writes the mappings, unwind rows, interpreter range or
 * code heaps (odd while writing): a memo holds only for the generation it was walked under. */
volatile __u64 tables_generation = 0;

struct user_stack_memo {
	__u32 valid;	/* the fields below describe a walk that may be reused */
	__u32 unusable; /* set while walking: the walk cannot be memoized (see above) */
	__u64 generation;
	__u64 ip, sp, bp; /* registers the walk started from */
	__u32 span;	  /* bytes above sp covering every word read */
	__u16 slot_count;
	__u16 truncated; /* the walk hit OFFCPU_MAX_USER_FRAMES */
	__u16 user_frames;
	__u16 interpreted_frames;
	__u16 bp_initial; /* while walking: rbp still holds the value the walk started with */
	__u16 bp_matters; /* the walk used that value: a reuse needs the same start rbp */
	__u16 code_count;
	__u16 pad[3];
	__u64 code_ip[USER_MEMO_CODE];	       /* ips the code heaps were asked about */
	__s32 code_frame_size[USER_MEMO_CODE]; /* and their answers */
	__u16 slot_offset[USER_MEMO_SLOTS];    /* byte offset above sp */
	__u64 slot_value[USER_MEMO_SLOTS];
	struct user_frames frames; /* the walk's result */
};

/* Per CPU: the stack bytes a memo is checked against, one slot per kind of walk (an interrupt's
 * wakeup may check a waker's memo while the CPU checks an episode's). */
#define MEMO_EPISODE 0
#define MEMO_WAKER 1
struct memo_stack_copy {
	__u8 bytes[USER_MEMO_SPAN];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, struct memo_stack_copy);
} memo_stack_copy SEC(".maps");

/* Reads `words` stack words at addr, noting each in the memo (may be NULL). */
static __always_inline long read_stack_noted(struct user_stack_memo *memo, void *dst, __u32 words,
					     __u64 addr)
{
	long err = bpf_probe_read_user(dst, words * sizeof(__u64), (void *)addr);

	if (!memo)
		return err;
	if (err) {
		memo->unusable = 1;
		return err;
	}
	for (__u32 k = 0; k < words && k < 2; k++) {
		__u64 offset = addr + k * sizeof(__u64) - memo->sp;
		__u16 n = memo->slot_count;

		/* Below sp the offset wraps to a huge value and fails the test as well. */
		if (offset > USER_MEMO_SPAN - sizeof(__u64) || n >= USER_MEMO_SLOTS) {
			memo->unusable = 1;
			return err;
		}
		memo->slot_offset[n & (USER_MEMO_SLOTS - 1)] = offset;
		memo->slot_value[n & (USER_MEMO_SLOTS - 1)] = ((__u64 *)dst)[k & 1];
		memo->slot_count = n + 1;
		if (offset + sizeof(__u64) > memo->span)
			memo->span = offset + sizeof(__u64);
	}
	return err;
}

/*
 * The walk is about to use rbp. Code without frame pointers (glibc, most of libjvm) keeps anything
 * in rbp, which differs from one call to the next, and its .eh_frame rules never read it: the start
 * rbp only counts when a step uses it before a value read from the stack replaces it.
 */
static __always_inline void memo_uses_bp(struct user_stack_memo *memo)
{
	if (memo && memo->bp_initial)
		memo->bp_matters = 1;
}

/* rbp now holds a value read from the stack, which the memo notes. */
static __always_inline void memo_bp_restored(struct user_stack_memo *memo)
{
	if (memo)
		memo->bp_initial = 0;
}

/* Notes the code heaps' answer for ip (find_compiled_frame_size), to ask again at a reuse. */
static __always_inline void memo_note_code(struct user_stack_memo *memo, __u64 ip, int frame_size)
{
	__u16 n;

	if (!memo)
		return;
	n = memo->code_count;
	if (n >= USER_MEMO_CODE) {
		memo->unusable = 1;
		return;
	}
	memo->code_ip[n & (USER_MEMO_CODE - 1)] = ip;
	memo->code_frame_size[n & (USER_MEMO_CODE - 1)] = frame_size;
	memo->code_count = n + 1;
}

/* Starts noting a walk from these registers; returns the tables generation it runs under. */
static __always_inline __u64 memo_begin(struct user_stack_memo *memo, __u64 ip, __u64 sp, __u64 bp)
{
	__u64 generation = tables_generation;

	memo->valid = 0;
	memo->unusable = generation & 1;
	memo->generation = generation;
	memo->ip = ip;
	memo->sp = sp;
	memo->bp = bp;
	memo->span = 0;
	memo->slot_count = 0;
	memo->bp_initial = 1;
	memo->bp_matters = 0;
	memo->code_count = 0;
	return generation;
}

/* Whether a walk from these registers would read what the memo's walk read. */
static __always_inline bool memo_holds(struct user_stack_memo *memo, __u32 kind, __u64 ip, __u64 sp,
				       __u64 bp)
{
	struct memo_stack_copy *copy;
	__u32 span = memo->span;

	if (!memo->valid || memo->generation != tables_generation || memo->ip != ip ||
	    memo->sp != sp || (memo->bp_matters && memo->bp != bp))
		return false;
	copy = bpf_map_lookup_elem(&memo_stack_copy, &kind);
	if (!copy || span > USER_MEMO_SPAN || bpf_probe_read_user(copy->bytes, span, (void *)sp))
		return false;
	for (int i = 0; i < USER_MEMO_SLOTS; i++) {
		__u32 offset;

		if (i >= memo->slot_count)
			break;
		/* Bounded for the verifier; memo_note never stores a larger one. */
		offset = memo->slot_offset[i] & (USER_MEMO_SPAN - 1);
		if (offset > USER_MEMO_SPAN - sizeof(__u64))
			return false;
		if (*(__u64 *)(copy->bytes + offset) != memo->slot_value[i])
			return false;
	}
	return true;
}

#endif /* OFFCPU_USER_STACK_MEMO_BPF_H */
