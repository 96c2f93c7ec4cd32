/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The one contract between the kernel side (offcpu.bpf.c) and user space (jni/ and Java).
 * Fixed-width types and explicit padding only: the Java side reads these records from a direct
 * ByteBuffer in native byte order (episodes and wakeups packed, see below). Java never copies a
 * value from here by hand: the build generates io.offcpu.jni.KernelContract from this header
 * (jni/generator/java_contract.c), every offset, size, flag and counter index.
 * Bump OFFCPU_ABI_VERSION on any change; the Java side refuses a library of another version.
 */
#ifndef OFFCPU_H
#define OFFCPU_H

#define OFFCPU_ABI_VERSION 4

/* bpf_get_task_stack is capped by kernel.perf_event_max_stack (127); 64 covers every blocking
 * path seen here (deepest: block I/O under fsync, ~40 frames) and keeps records small. */
#define OFFCPU_MAX_KERNEL_FRAMES 64
#define OFFCPU_MAX_USER_FRAMES 128
#define OFFCPU_MAX_INTERPRETED_FRAMES 32
#define OFFCPU_MAX_MAPPINGS 1024
#define OFFCPU_MAX_UNWIND_ROWS (1 << 20)
/* The longest duration-weighted sampling period: the draw scales a 32-bit random number by T in
 * 64 bits ((rand * T) >> 32 < d), which holds for T up to 2^32 ns (about 4.29 s). */
#define OFFCPU_MAX_SAMPLING_NS (1ull << 32)
/* HotSpot has at most three code heaps (non-nmethods, profiled, non-profiled); room to spare. */
#define OFFCPU_MAX_CODE_HEAPS 8

#define OFFCPU_RECORD_EPISODE 1
#define OFFCPU_RECORD_THREAD_TOTALS 2
#define OFFCPU_RECORD_WAKEUP 3

/*
 * What an episode's (and a wakeup's) flags say: X(name, bit). Each X-list here is the only place
 * its entries are written down: C gets enum constants from it, and the build generates the Java
 * constants from it (jni/generator/java_contract.c), so adding an entry is one line here.
 */
#define OFFCPU_FLAGS(X)                                                             \
	X(KERNEL_STACK_TRUNCATED, 0)                                                \
	X(USER_STACK_TRUNCATED, 1)                                                  \
	X(NO_USER_STACK, 2) /* thread exited before its user stack was walked */    \
	X(MERGED, 3)	    /* several re-blocks in one syscall, one record */      \
	X(KERNEL_STACK_FAILED, 4)                                                   \
	X(USER_STACK_FAILED, 5) /* walk stopped early: unreadable or no rule */     \
	X(IN_SYSCALL, 6)	/* blocked inside a syscall: syscall_nr is valid */ \
	X(SAMPLED, 7)		/* chosen by duration-weighted sampling: see weight_ns */

enum offcpu_flag {
#define OFFCPU_FLAG_ENUM(name, bit) OFFCPU_FLAG_##name = 1u << (bit),
	OFFCPU_FLAGS(OFFCPU_FLAG_ENUM)
#undef OFFCPU_FLAG_ENUM
};

/* The per-CPU counters, indexed in this order; user space sums over CPUs. */
#define OFFCPU_COUNTERS(X)                                                                    \
	X(SWITCH_OUTS)	       /* target threads leaving a CPU */                             \
	X(EPISODES)	       /* target threads coming back (complete episodes seen) */      \
	X(EMITTED)	       /* records written to the ring buffer */                       \
	X(DROPPED)	       /* records lost: ring buffer full */                           \
	X(STACKS_FAILED)       /* kernel or user stacks that could not be taken whole */      \
	X(UNSEEN_START)	       /* switch-ins whose switch-out happened before attach */       \
	X(MERGED)	       /* re-blocks folded into a pending episode */                  \
	X(STATE_FULL)	       /* threads not tracked: per-thread map full */                 \
	X(STACKS_TRUNCATED)    /* emitted records whose kernel or user stack hit its cap */   \
	X(WAKEUPS)	       /* waker stacks written to the ring buffer */                  \
	X(WAKEUPS_DROPPED)     /* waker stacks lost: ring buffer full */                      \
	X(EXIT_TOTALS_DROPPED) /* final totals of exiting threads lost: ring buffer full */   \
	X(SAMPLED_OUT)	       /* episodes shorter than the sampling period not chosen */     \
	X(NEW_THREADS) /* threads created while tracing (first run after sched_wakeup_new) */ \
	X(SWITCH_INS_MISSED) /* returns to a CPU no sched_switch reported: closed from the kernel's counters */

enum offcpu_counter {
#define OFFCPU_COUNTER_ENUM(name) OFFCPU_COUNTER_##name,
	OFFCPU_COUNTERS(OFFCPU_COUNTER_ENUM)
#undef OFFCPU_COUNTER_ENUM
		OFFCPU_COUNTER_COUNT
};

/* Kernel-state buckets of off-CPU time in struct offcpu_thread_totals. */
#define OFFCPU_BUCKET_SLEEPING 0	/* S, and any other sleep that is not D */
#define OFFCPU_BUCKET_UNINTERRUPTIBLE 1 /* D */
#define OFFCPU_BUCKET_PREEMPTED 2	/* still runnable at switch-out: preempted or yielded */
#define OFFCPU_BUCKETS 3

#define OFFCPU_TOTALS_EXITED (1u << 0) /* the thread's last totals, written when it exited */

/*
 * A user frame that ran in HotSpot's template interpreter. Its Method* and bytecode pointer sit
 * in the frame at rbp - 3 * 8 and rbp - 8 * 8 (x86_64 frame layout of JDK 17 and 25,
 * frame_x86.hpp: interpreter_frame_method_offset = -3, interpreter_frame_bcp_offset = -8);
 * user space resolves them in-process through the JVM's VMStructs.
 */
struct offcpu_interpreted_frame {
	__u32 frame_index; /* index into user_stack */
	__u32 pad;
	__u64 method; /* Method* */
	__u64 bcp;    /* bytecode pointer, 0 when unreadable */
};

/* How every record in the ring buffer begins: the reader steps from one record to the next by it. */
struct offcpu_record_header {
	__u32 record_type; /* OFFCPU_RECORD_* */
	__u32 record_size; /* bytes from this header to the next record's */
};

/*
 * Episode and wakeup records are as long as their stacks. Each struct below is the record as the
 * kernel side collects it, with every stack array at full size; in the ring buffer the record is
 * its header (every field before kernel_stack), then only the entries the header counts, with no
 * gap and in this order:
 *
 *	__u64 kernel_stack[kernel_frames];
 *	__u64 user_stack[user_frames];
 *	struct offcpu_interpreted_frame interpreted[interpreted_frames];
 *
 * so user_stack and interpreted are NOT at their offsetof() in a record read from the ring buffer.
 * record_size is the header plus 8 * (kernel_frames + user_frames) + 24 * interpreted_frames, a
 * multiple of 8 since both headers are. A typical record is a few hundred bytes, not the ~2.4 KB
 * of the full struct, so the ring buffer holds several times more before it drops any.
 */
#define OFFCPU_EPISODE_HEADER_SIZE __builtin_offsetof(struct offcpu_episode, kernel_stack)
#define OFFCPU_WAKEUP_HEADER_SIZE __builtin_offsetof(struct offcpu_wakeup, kernel_stack)

/*
 * One episode: a stretch of one thread off the CPU, from switch-out to switch-in.
 * Times are CLOCK_MONOTONIC nanoseconds (bpf_ktime_get_ns), the base of System.nanoTime().
 * Packed in the ring buffer: see above.
 */
struct offcpu_episode {
	__u32 record_type; /* OFFCPU_RECORD_EPISODE */
	__u32 record_size; /* packed size in the ring buffer (see above), header and stacks */
	__u64 start_ns;	   /* switch-out */
	__u64 duration_ns; /* switch-out to switch-in (merged: first switch-out to last switch-in) */
	__u64 run_queue_ns; /* wakeup to switch-in; the whole episode when preempted */
	__s64 syscall_nr;   /* orig_ax at switch-out when OFFCPU_FLAG_IN_SYSCALL, else -1 */
	__u64 weight_ns; /* off-CPU time this record stands for: the duration, or max(d, T) sampled */
	__u64 wakeup_id; /* the struct offcpu_wakeup with the waker's stack; 0 when none was taken */
	__u32 tid;	 /* kernel task id ("pid" in the kernel, osThreadId in JFR) */
	__u32 tgid;	 /* the process ("tgid" in the kernel, the JVM's pid) */
	__u32 waker_tid; /* task current at sched_waking; 0 when never woken (preempted, timeout) */
	__u32 waker_tgid;
	__u32 state;	     /* prev_state & 0xff at switch-out: 0 runnable (preempted), 1 S, 2 D */
	__u32 cpu_out;	     /* CPU the thread left */
	__u32 cpu_in;	     /* CPU the thread came back on */
	__u32 flags;	     /* OFFCPU_FLAG_* */
	__u16 kernel_frames; /* valid entries in kernel_stack, innermost first */
	__u16 user_frames;   /* valid entries in user_stack, innermost first */
	__u16 interpreted_frames; /* valid entries in interpreted */
	__u16 pad;
	char waker_comm[16]; /* waker's kernel name, for wakers outside this JVM */
	/* End of the header. In the ring buffer only the first kernel_frames, user_frames and
	 * interpreted_frames entries of these follow it, packed (see above). */
	__u64 kernel_stack[OFFCPU_MAX_KERNEL_FRAMES]; /* return addresses, innermost first */
	__u64 user_stack[OFFCPU_MAX_USER_FRAMES];     /* ips, innermost first */
	struct offcpu_interpreted_frame interpreted[OFFCPU_MAX_INTERPRETED_FRAMES];
};

/*
 * Per-thread totals of every episode, however short, counted in the kernel. Read every second by
 * a task iterator over the target's threads (never through the ring buffer, so drops cannot make
 * them wrong), and written once more into the ring buffer when a thread exits.
 * Completed episodes only; the episode in progress at time_ns is described by open_*.
 */
struct offcpu_thread_totals {
	__u32 record_type; /* OFFCPU_RECORD_THREAD_TOTALS */
	__u32 record_size; /* sizeof(struct offcpu_thread_totals) */
	__u32 tid;
	__u32 tgid;
	__u64 time_ns;			  /* when the values were read (CLOCK_MONOTONIC) */
	__u64 off_cpu_ns[OFFCPU_BUCKETS]; /* completed episodes by state at switch-out */
	__u64 run_queue_ns;	    /* completed episodes: wakeup (or preemption) to switch-in */
	__u64 voluntary_switches;   /* switch-outs while not runnable: the kernel's nvcsw */
	__u64 involuntary_switches; /* switch-outs while runnable: the kernel's nivcsw */
	__u64 episodes;		    /* completed episodes whose switch-out was seen */
	__u64 unseen_starts;	    /* switch-ins whose switch-out happened before tracing began */
	__u64 open_since_ns;	    /* switch-out of the episode in progress; 0 when on a CPU */
	__u64 open_runnable_ns; /* when that episode became runnable (woken, or preempted); 0 if not */
	__u32 open_bucket;	/* OFFCPU_BUCKET_* of the episode in progress */
	__u32 flags;		/* OFFCPU_TOTALS_* */
};

/*
 * The stacks of a waker, taken at sched_waking while it wakes a thread whose episode will carry a
 * stack (off-CPU for at least the threshold already); the woken episode has the same wakeup_id.
 * Packed in the ring buffer like an episode (see above).
 */
struct offcpu_wakeup {
	__u32 record_type; /* OFFCPU_RECORD_WAKEUP */
	__u32 record_size; /* packed size in the ring buffer, header and stacks */
	__u64 time_ns;	   /* sched_waking (CLOCK_MONOTONIC) */
	__u64 wakeup_id;   /* 1, 2, ... per session; the woken episode's wakeup_id */
	__u32 waker_tid;   /* the task calling sched_waking, a thread of the target */
	__u32 waker_tgid;
	__u32 woken_tid;
	__u32 cpu;		  /* CPU the waker ran on */
	__u32 flags;		  /* OFFCPU_FLAG_*_STACK_* */
	__u16 kernel_frames;	  /* valid entries in kernel_stack, innermost first */
	__u16 user_frames;	  /* valid entries in user_stack, innermost first */
	__u16 interpreted_frames; /* valid entries in interpreted */
	__u16 pad;
	__u32 pad2;
	/* End of the header; packed in the ring buffer as in an episode. */
	__u64 kernel_stack[OFFCPU_MAX_KERNEL_FRAMES];
	__u64 user_stack[OFFCPU_MAX_USER_FRAMES];
	struct offcpu_interpreted_frame interpreted[OFFCPU_MAX_INTERPRETED_FRAMES];
};

/* How to find the caller's frame at one pc of a library without frame pointers (.eh_frame). */
#define OFFCPU_CFA_RSP 0
#define OFFCPU_CFA_RBP 1
#define OFFCPU_CFA_UNDEFINED 2

struct offcpu_unwind_row {
	__u64 pc;	   /* ELF virtual address where this rule starts to hold */
	__s32 cfa_offset;  /* CFA = cfa_register + cfa_offset; return address at CFA - 8 */
	__s16 rbp_offset;  /* caller's RBP saved at CFA + rbp_offset; 0 = RBP unchanged */
	__u8 cfa_register; /* OFFCPU_CFA_* */
	__u8 pad;
};

/* One executable mapping of the target, sorted by start. row_count 0: walk by frame pointer. */
struct offcpu_mapping {
	__u64 start;
	__u64 end;
	__u64 bias;	 /* ELF virtual address = runtime address - bias */
	__u32 first_row; /* index into the unwind rows map */
	__u32 row_count;
};

/*
 * Where HotSpot's compiled code lives, for the walker to step over a compiled frame by its fixed size,
 * as HotSpot does (frame::sender_for_compiled_frame): CFA = RSP + frame size, return address at
 * CFA - 8, caller's RBP at CFA - 16. The walker finds the blob holding an ip the way
 * CodeHeap::find_blob does: each code heap has a segment map, one byte per segment of code, 0 where
 * a block starts and elsewhere how many segments to step back towards its start (0xff: free); the
 * block starts with a HeapBlock header whose `used` byte says it holds a blob, which follows the
 * header. So code compiled a moment ago is found as surely as old code, with no table to keep.
 * Written once by user space (from VMStructs) before the programs attach.
 */
struct offcpu_code_heap {
	__u64 low;	    /* first byte of the heap's reserved memory (CodeHeap::_memory) */
	__u64 high;	    /* end of its reserved memory */
	__u64 segmap;	    /* first byte of its segment map (CodeHeap::_segmap) */
	__u32 log2_segment; /* CodeHeap::_log2_segment_size */
	__u32 pad;
};

struct offcpu_code_cache {
	__u32 heap_count;  /* written last: 0 until the rest is in place */
	__u32 block_used;  /* offset of HeapBlock::Header::_used in a block */
	__u32 blob_offset; /* sizeof(HeapBlock): where the CodeBlob starts in a block */
	__u32 frame_size;  /* offset of CodeBlob::_frame_size (an int, in words) in the blob */
	struct offcpu_code_heap heaps[OFFCPU_MAX_CODE_HEAPS];
};

#endif /* OFFCPU_H */
