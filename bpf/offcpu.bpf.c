// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel side of offcpu: follows the threads of one process through the scheduler and emits one
 * record per off-CPU episode at or above a threshold, with its kernel stack and user stack.
 *
 * Stacks are decided at switch-in, when the duration is known, never taken on every switch-out:
 * the kernel stack of the (not yet running) thread at switch-in; the user stack there too when the
 * thread switched out shares its address space, else at the first sys_exit of that thread (its
 * user registers and stack are as they were when it blocked).
 * Episodes that did not start in a syscall (preemption, page faults) never reach a sys_exit, so
 * their user stack is walked at switch-out, while the thread is still current.
 *
 * The scheduler hooks come as tp_btf (direct loads from BTF pointers, a trusted `next` for
 * bpf_get_task_stack) and as a raw_tp fallback (probe reads, no kernel stacks); user space
 * autoloads one set. The timer hooks read no arguments and are raw_tp only.
 *
 * Every hook returns at its first test for tasks of other processes (scheduler hooks run for every
 * switch and wakeup of the machine, sys_exit for every syscall): the cheapest facts come first.
 *
 * Parts: user_stack.bpf.h walks user stacks, wakeup_context.bpf.h tells handlers from tasks; this
 * file keeps the per-thread state, the episodes, the totals and the hooks.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include "offcpu.h"
#include "user_stack.bpf.h"
#include "wakeup_context.bpf.h"

char LICENSE[] SEC("license") = "GPL";

/* Set by user space before load. */
const volatile __u32 target_tgid = 0;
const volatile __u64 threshold_ns = 1000000;
/* Duration-weighted sampling period T; 0 = threshold mode. An episode of d < T gets a stack with
 * probability d / T and stands for T; longer ones always, standing for d. At most
 * OFFCPU_MAX_SAMPLING_NS. */
const volatile __u64 sampling_ns = 0;
/* Which thread store the loaded set of hooks uses: task storage (tp_btf) or the hash (raw_tp). */
const volatile bool use_task_storage = true;
/* Ring buffer fill level past which a record forces a wakeup of the poller (batching). */
const volatile __u64 wakeup_bytes = 1 << 20;

/* A thread of the target that is not traced: the agent's ring-buffer drain thread (offcpu_jni.c),
 * which sets it as it starts, so its waits do not show as the application's. */
volatile __u32 ignored_tid = 0;

/* The x86 `syscall` instruction, as little-endian u16: the 2 bytes before a syscall's user ip. */
#define X86_SYSCALL_INSN 0x050f

struct thread_state {
	/* Odd while sched_switch updates totals and the open episode: the iterator retries. x86 keeps
	 * stores in order, so compiler barriers suffice. */
	__u32 seq;
	__u32 fresh;	 /* created by sched_wakeup_new: the first switch-in starts no episode */
	__u64 out_ns;	 /* switch-out time of the current episode; 0 when on CPU */
	__u64 out_clock; /* the run queue's clock at that switch-out (episode_duration) */
	/* When the current episode's thread was woken (sched_waking), for the run-queue part of an
	 * open episode in totals; sched_wakeup_new time for a fresh thread. */
	__u64 wake_ns;
	__u64 wakeup_id; /* waker stack taken for the current episode; 0 when none */
	/* The kernel's run-queue total of the thread (kernel_run_delay) when it last left the CPU. */
	__u64 run_delay_out;
	__u64 exec_out; /* the kernel's CPU time of the thread (se.sum_exec_runtime) at switch-out */
	struct offcpu_thread_totals totals;
	__s64 syscall_nr;
	__u32 state;
	__u32 cpu_out;
	__u32 waker_tid;
	__u32 waker_tgid;
	char waker_comm[16];
	__u32 in_syscall;
	__u32 user_walked; /* episode.user_stack holds the stack walked at this switch-out */
	__u32 pending;	   /* episode waits for its user stack at sys_exit */
	/* User ip and sp at the last switch-out, and at the switch-out of the pending episode: a
	 * syscall's user registers stay as they were until it returns to user mode. */
	__u64 out_ip;
	__u64 out_sp;
	__u64 pending_ip;
	__u64 pending_sp;
	__u32 pad;
	struct offcpu_episode episode;
	/* The thread's last user-stack walks (user_stack_memo.bpf.h): for its episodes, and as a
	 * waker. */
	struct user_stack_memo episode_memo;
	struct user_stack_memo waker_memo;
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct thread_state);
} thread_storage SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8192);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, __u32);
	__type(value, struct thread_state);
} threads SEC(".maps");

/*
 * How many threads whose tid falls in each slot (tid % PENDING_SLOTS) have an episode waiting for
 * its user stack: sys_exit runs for every syscall of the process, and one array load lets it skip
 * the hash lookup for all but those threads (and the rare thread sharing a slot with one).
 */
#define PENDING_SLOTS 16384
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, PENDING_SLOTS);
	__type(key, __u32);
	__type(value, __u32);
} pending_slots SEC(".maps");

/*
 * How many episodes of the target wait for their user stack in all: sys_exit runs for every
 * syscall of every process on the machine, and with none pending (a hand-off between threads of
 * the target walks at switch-in, see on_switch_in) one load of this global returns at once.
 */
volatile __u32 pending_episodes = 0;

static __always_inline void mark_pending(__u32 tid, bool pending)
{
	__u32 slot = tid % PENDING_SLOTS;
	__u32 *count = bpf_map_lookup_elem(&pending_slots, &slot);

	if (count)
		__sync_fetch_and_add(count, pending ? 1 : -1);
	__sync_fetch_and_add(&pending_episodes, pending ? 1 : -1);
}

static __always_inline bool maybe_pending(__u32 tid)
{
	__u32 slot = tid % PENDING_SLOTS;
	__u32 *count = bpf_map_lookup_elem(&pending_slots, &slot);

	return count && *count;
}

/* Zeroed template for inserting a new thread (too big for the BPF stack). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct thread_state);
} thread_template SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 8 << 20); /* resized by user space before load */
} events SEC(".maps");

/*
 * Per CPU: where an episode or a wakeup is packed (see offcpu.h) on its way to the ring buffer,
 * since bpf_ringbuf_reserve takes only a constant size and bpf_ringbuf_output copies a bounded
 * variable one. A slot per kind: an interrupt while sys_exit packs an episode may take a waker's
 * stack (sched_waking) on the same CPU.
 */
#define PACKING_EPISODE 0
#define PACKING_WAKEUP 1
struct packed_record {
	__u8 bytes[sizeof(struct offcpu_episode)];
};
_Static_assert(sizeof(struct offcpu_wakeup) <= sizeof(struct packed_record), "a packed wakeup fits "
									     "the packing buffer");
/* output_packed sets record_size through struct offcpu_record_header. */
_Static_assert(__builtin_offsetof(struct offcpu_episode, record_size) ==
		       __builtin_offsetof(struct offcpu_record_header, record_size),
	       "episodes begin with it");
_Static_assert(__builtin_offsetof(struct offcpu_wakeup, record_size) ==
		       __builtin_offsetof(struct offcpu_record_header, record_size),
	       "wakeups begin with it");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, struct packed_record);
} packing SEC(".maps");

/* Per CPU: the waker's stacks at full size while they are taken (too big for the BPF stack). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct offcpu_wakeup);
} wakeup_buffer SEC(".maps");

/* Wakeup ids: one per waker stack taken (rare: only for episodes already past the threshold). */
__u64 next_wakeup_id = 0;

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, OFFCPU_COUNTER_COUNT);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

/*
 * Every hook comes as tp_btf, whose arguments are BTF pointers the program may load from
 * directly (a plain CO-RE relocated load, also through the pointers they hold: the JIT makes each
 * such load fault-safe, with no helper call), and as a raw_tp fallback that must copy through
 * bpf_probe_read_kernel, a helper call per field. `trusted` is a constant in each caller, so the
 * compiler keeps one path. `field` may be nested (se.sum_exec_runtime).
 */
#define READ(trusted, ptr, field) ((trusted) ? (ptr)->field : BPF_CORE_READ(ptr, field))

/*
 * The scheduler's clock of the run queue a task is on, the clock schedstat's run_delay is measured with
 * (sched_info_enqueue/arrive/depart); it completes the wait in progress in kernel_run_delay. Not
 * bpf_ktime_get_ns: when a wakeup preempts the running task (an idle CPU, say), the scheduler skips
 * its next clock update (wakeup_preempt -> rq_clock_skip_update), so run_delay does not count the
 * 1-5 us from the wakeup to the switch; measured with ktime, a thread sleeping 1 ms at a time showed
 * 3% more run-queue time than schedstat. The hooks run under that rq's lock, where the clock is the
 * value the scheduler uses. The run queue is found through the task's CFS run queue (JVM threads are
 * CFS tasks; the per-CPU `runqueues` symbol is not in this kernel's kallsyms, so no ksym).
 */
static __always_inline __u64 rq_clock(struct task_struct *task, bool trusted)
{
	if (trusted)
		return task->se.cfs_rq->rq->clock;
	return BPF_CORE_READ(task, se.cfs_rq, rq, clock);
}

/* Farther apart than this, the two clocks are not both right (CPUs whose scheduler clocks are not
 * synchronized): the episode is timed by the monotonic clock alone. */
#define CLOCK_DISAGREEMENT_NS 1000000ULL

/*
 * An episode's length on the run-queue clock, the clock the kernel's own accounting of the thread
 * uses: its CPU time (sum_exec_runtime) runs from the clock at one switch-in to the clock at the next
 * switch-out. When a wakeup preempts the running task the scheduler skips the clock update of the
 * switch that follows (see rq_clock), so the preempted task stops being charged, and the woken one
 * starts, at the wakeup; the tracepoint comes later by the rest of the interrupt or syscall. Timed by
 * bpf_ktime_get_ns, each such switch moved that gap from the preempted thread's off-CPU time to the
 * woken thread's: a clean-clone CI run on a loaded host measured spinners -1.5% and hand-off threads
 * +2.7% against schedstat over 6.8 s, ~3.5 us per switch. Start times stay on the monotonic clock
 * (System.nanoTime's, for the recording's timestamps).
 */
static __always_inline __u64 episode_duration(struct thread_state *state, __u64 now, __u64 clock)
{
	__u64 monotonic = now - state->out_ns;
	__u64 scheduler = clock - state->out_clock;

	if (clock < state->out_clock || scheduler > monotonic + CLOCK_DISAGREEMENT_NS ||
	    scheduler + CLOCK_DISAGREEMENT_NS < monotonic)
		return monotonic;
	return scheduler;
}

/*
 * The kernel's run-queue total of a task (sched_info.run_delay, schedstat's second field), with the
 * wait in progress: sched_switch fires before sched_info_arrive adds rq_clock - last_queued, and
 * a wait that migrated has its earlier queues' parts in run_delay already. Reading the kernel's own
 * counter rather than timing wakeups makes every thread's total exact, whatever the CPUs' clocks do.
 */
static __always_inline __u64 kernel_run_delay(struct task_struct *task, bool trusted)
{
	__u64 run_delay = READ(trusted, task, sched_info.run_delay);
	__u64 queued = READ(trusted, task, sched_info.last_queued);
	__u64 clock;

	if (!queued)
		return run_delay;
	clock = rq_clock(task, trusted);
	return clock > queued ? run_delay + (clock - queued) : run_delay;
}

static __always_inline void count(__u32 counter)
{
	__u64 *value = bpf_map_lookup_elem(&counters, &counter);

	if (value)
		*value += 1;
}

static __always_inline bool is_target(struct task_struct *task, bool trusted)
{
	return READ(trusted, task, tgid) == target_tgid && READ(trusted, task, pid) != ignored_tid;
}

/* Linux 5.14 renamed task_struct::state to __state (commit 2f064a59a11f). */
struct task_struct___pre_5_14 {
	long state;
} __attribute__((preserve_access_index));

static __always_inline __u32 task_state(struct task_struct *task, bool trusted)
{
	if (bpf_core_field_exists(task->__state))
		return READ(trusted, task, __state);
	return READ(trusted, (struct task_struct___pre_5_14 *)task, state);
}

/* Walks the user stack of an episode of the thread whose state this is, from its saved registers. */
static __always_inline void walk_user_regs(struct pt_regs *pt, bool trusted,
					   struct thread_state *state)
{
	struct user_regs regs = {
		.ip = READ(trusted, pt, ip),
		.sp = READ(trusted, pt, sp),
		.bp = READ(trusted, pt, bp),
	};

	WALK_USER_STACK(regs, &state->episode, &state->episode_memo, MEMO_EPISODE);
}

/* n, or max when larger: a compare the verifier follows, so it can bound the copies below. */
static __always_inline __u32 at_most(__u32 n, __u32 max)
{
	return n > max ? max : n;
}

/*
 * Writes a record to the ring buffer packed (see offcpu.h): its header, then the used entries of
 * its three stacks, back to back in a per-CPU buffer, and sets its record_size. Returns
 * bpf_ringbuf_output's result. The clamped counts keep every copy inside the buffer for the
 * verifier; the kernel side never fills more than the maximum.
 */
static __always_inline long output_packed(__u32 slot, const void *header, __u32 header_size,
					  const __u64 *kernel_stack, __u32 kernel_frames,
					  const __u64 *user_stack, __u32 user_frames,
					  const struct offcpu_interpreted_frame *interpreted,
					  __u32 interpreted_frames, __u64 flags)
{
	struct packed_record *packed = bpf_map_lookup_elem(&packing, &slot);
	__u32 kernel_bytes = at_most(kernel_frames, OFFCPU_MAX_KERNEL_FRAMES) * sizeof(__u64);
	__u32 user_bytes = at_most(user_frames, OFFCPU_MAX_USER_FRAMES) * sizeof(__u64);
	__u32 interpreted_bytes = at_most(interpreted_frames, OFFCPU_MAX_INTERPRETED_FRAMES) *
				  sizeof(struct offcpu_interpreted_frame);
	__u32 size = header_size;

	if (!packed)
		return -1;
	bpf_probe_read_kernel(packed->bytes, header_size, header);
	bpf_probe_read_kernel(packed->bytes + size, kernel_bytes, kernel_stack);
	size += kernel_bytes;
	bpf_probe_read_kernel(packed->bytes + size, user_bytes, user_stack);
	size += user_bytes;
	bpf_probe_read_kernel(packed->bytes + size, interpreted_bytes, interpreted);
	size += interpreted_bytes;
	((struct offcpu_record_header *)packed->bytes)->record_size = size;
	return bpf_ringbuf_output(&events, packed->bytes, size, flags);
}

/* An episode or a wakeup (same stack fields) into the ring buffer through packing slot `slot`. */
#define OUTPUT_PACKED(slot, record, flags)                                                        \
	output_packed(slot, record, __builtin_offsetof(typeof(*(record)), kernel_stack),          \
		      (record)->kernel_stack, (record)->kernel_frames, (record)->user_stack,      \
		      (record)->user_frames, (record)->interpreted, (record)->interpreted_frames, \
		      flags)

static __always_inline void emit(struct offcpu_episode *episode)
{
	__u64 flags = BPF_RB_NO_WAKEUP;

	if (bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) >= wakeup_bytes)
		flags = BPF_RB_FORCE_WAKEUP;
	if (OUTPUT_PACKED(PACKING_EPISODE, episode, flags)) {
		count(OFFCPU_COUNTER_DROPPED);
		return;
	}
	count(OFFCPU_COUNTER_EMITTED);
	if (episode->flags & (OFFCPU_FLAG_KERNEL_STACK_FAILED | OFFCPU_FLAG_USER_STACK_FAILED))
		count(OFFCPU_COUNTER_STACKS_FAILED);
	if (episode->flags &
	    (OFFCPU_FLAG_KERNEL_STACK_TRUNCATED | OFFCPU_FLAG_USER_STACK_TRUNCATED))
		count(OFFCPU_COUNTER_STACKS_TRUNCATED);
}

static __always_inline __u32 bucket_of(__u32 state)
{
	if (state == 0)
		return OFFCPU_BUCKET_PREEMPTED;
	return (state & 2) ? OFFCPU_BUCKET_UNINTERRUPTIBLE : OFFCPU_BUCKET_SLEEPING;
}

/* Brackets an update of totals and the open episode, for the iterator's consistent copy. */
static __always_inline void begin_update(struct thread_state *state)
{
	state->seq++;
	asm volatile("" ::: "memory");
}

static __always_inline void end_update(struct thread_state *state)
{
	asm volatile("" ::: "memory");
	state->seq++;
}

/*
 * A thread's state: in the task's own local storage where the hook has a BTF task pointer (an
 * O(1) pointer walk, freed with the task), else in a hash map by tid (raw_tp fallback). Every hook
 * of one loaded set uses the same store.
 */
static __always_inline struct thread_state *thread_state_of(struct task_struct *task, __u32 tid,
							    bool create, bool trusted)
{
	struct thread_state *state;
	__u32 zero = 0;

	if (trusted) {
		state = bpf_task_storage_get(&thread_storage, task, NULL,
					     create ? BPF_LOCAL_STORAGE_GET_F_CREATE : 0);
		if (!state && create)
			count(OFFCPU_COUNTER_STATE_FULL);
		return state;
	}
	state = bpf_map_lookup_elem(&threads, &tid);
	if (state || !create)
		return state;
	state = bpf_map_lookup_elem(&thread_template, &zero);
	if (!state)
		return NULL;
	/* EEXIST from a concurrent insert is fine: the lookup below finds it. */
	bpf_map_update_elem(&threads, &tid, state, BPF_NOEXIST);
	state = bpf_map_lookup_elem(&threads, &tid);
	if (!state)
		count(OFFCPU_COUNTER_STATE_FULL);
	return state;
}

/*
 * The thread left the CPU at out_ns, came back without any sched_switch reporting it, and leaves
 * again now. Seen on this machine's kernel: switches out of some tasks (PID 1's runtime threads)
 * never fire the tracepoint, so the thread switched in next goes unseen (about one switch in
 * 15,000). The kernel's own counters close the episode: of the time since out_ns the thread ran
 * exec - exec_out, the rest it was off the CPU; its run-queue part is the run_delay growth.
 */
static __always_inline void close_unseen_return(struct thread_state *state, __u64 now,
						__u64 run_delay, __u64 exec)
{
	__u64 ran = exec > state->exec_out ? exec - state->exec_out : 0;
	__u64 since = now - state->out_ns;

	state->totals.off_cpu_ns[bucket_of(state->state) & (OFFCPU_BUCKETS - 1)] +=
		since > ran ? since - ran : 0;
	if (run_delay > state->run_delay_out)
		state->totals.run_queue_ns += run_delay - state->run_delay_out;
	state->totals.episodes++;
	count(OFFCPU_COUNTER_SWITCH_INS_MISSED);
}

static __always_inline void on_switch_out(bool preempt, struct task_struct *prev, __u64 now,
					  __u64 clock, bool trusted)
{
	/* At sched_switch prev is the current task; its tp_btf pointer spares a helper call. */
	struct task_struct *current = trusted ? prev : bpf_get_current_task_btf();
	__u32 tid = READ(trusted, prev, pid);
	struct thread_state *state = thread_state_of(prev, tid, true, trusted);
	struct pt_regs *regs;
	__u64 ip, run_delay, exec;
	__u16 insn = 0;
	__u32 raw_state;

	count(OFFCPU_COUNTER_SWITCH_OUTS);
	if (!state)
		return;
	raw_state = task_state(prev, trusted);
	run_delay = kernel_run_delay(prev, trusted);
	exec = READ(trusted, prev, se.sum_exec_runtime);
	begin_update(state);
	if (state->out_ns)
		close_unseen_return(state, now, run_delay, exec);
	state->exec_out = exec;
	/* The kernel counts a switch as voluntary (nvcsw) when the task was not preempted and had set
	 * a sleep state (__schedule); a task still runnable, e.g. woken before it slept or yielding,
	 * counts as involuntary (nivcsw). */
	if (!preempt && raw_state)
		state->totals.voluntary_switches++;
	else
		state->totals.involuntary_switches++;
	state->out_ns = now;
	state->out_clock = clock;
	state->wake_ns = 0;
	state->fresh = 0;
	/* A preempted task reports as runnable whatever its __state says (see
	 * __trace_sched_switch_state); the low byte holds the TASK_* sleep bits. */
	state->state = preempt ? 0 : raw_state & 0xff;
	state->run_delay_out = run_delay;
	end_update(state);
	state->wakeup_id = 0;
	state->waker_tid = 0;
	state->waker_tgid = 0;
	state->waker_comm[0] = 0;
	state->cpu_out = bpf_get_smp_processor_id();

	/*
	 * In a syscall, orig_ax holds its number; but a page fault stores its error code there
	 * (below 128 but for the SGX bit), so for small numbers also require the 2 bytes before the
	 * user ip to be the syscall instruction. The common futex (202) needs no user read.
	 */
	regs = (struct pt_regs *)bpf_task_pt_regs(current);
	state->syscall_nr = regs->orig_ax;
	if (state->syscall_nr >= 0 && state->syscall_nr < 128) {
		ip = regs->ip;
		bpf_probe_read_user(&insn, sizeof(insn), (void *)(ip - 2));
		state->in_syscall = insn == X86_SYSCALL_INSN;
	} else {
		state->in_syscall = state->syscall_nr >= 0;
	}
	if (!state->in_syscall)
		state->syscall_nr = -1;

	/*
	 * A thread preempted in a syscall may already be past its sys_exit (in exit_to_user_mode_loop,
	 * orig_ax still set): its pending episode would then wait for the next syscall's sys_exit and
	 * take that one's stack. The user registers tell: a pending episode whose ip and sp are not the
	 * thread's now belongs to a syscall that has returned, so it goes out without a user stack
	 * (walking every preempted thread here instead cost a stack walk per involuntary switch).
	 */
	state->out_ip = regs->ip;
	state->out_sp = regs->sp;
	if (state->pending &&
	    (state->pending_ip != state->out_ip || state->pending_sp != state->out_sp)) {
		state->pending = 0;
		mark_pending(tid, false);
		state->episode.flags |= OFFCPU_FLAG_NO_USER_STACK;
		state->episode.user_frames = 0;
		state->episode.interpreted_frames = 0;
		emit(&state->episode);
	}
	state->user_walked = 0;
	if (!state->in_syscall && !state->pending) {
		state->episode.flags = 0;
		walk_user_regs(regs, true, state);
		state->user_walked = 1;
	}
}

static __always_inline void fill_episode(struct thread_state *state, struct task_struct *next,
					 __u32 tid, __u64 start, __u64 duration, __u64 run_queue,
					 __u64 weight)
{
	struct offcpu_episode *episode = &state->episode;
	long bytes;

	episode->record_type = OFFCPU_RECORD_EPISODE;
	episode->record_size = 0; /* set when packed */
	episode->start_ns = start;
	episode->duration_ns = duration;
	episode->run_queue_ns = run_queue;
	episode->syscall_nr = state->syscall_nr;
	episode->weight_ns = weight;
	episode->wakeup_id = state->wakeup_id;
	episode->tid = tid;
	episode->tgid = target_tgid;
	episode->waker_tid = state->waker_tid;
	episode->waker_tgid = state->waker_tgid;
	__builtin_memcpy(episode->waker_comm, state->waker_comm, sizeof(episode->waker_comm));
	episode->state = state->state;
	episode->cpu_out = state->cpu_out;
	episode->cpu_in = bpf_get_smp_processor_id();
	if (!state->user_walked) {
		episode->flags = 0;
		episode->user_frames = 0;
		episode->interpreted_frames = 0;
	}
	if (state->in_syscall)
		episode->flags |= OFFCPU_FLAG_IN_SYSCALL;
	if (weight > duration)
		episode->flags |= OFFCPU_FLAG_SAMPLED;

	episode->kernel_frames = 0;
	if (next) {
		bytes = bpf_get_task_stack(next, episode->kernel_stack,
					   sizeof(episode->kernel_stack), 0);
		if (bytes > 0)
			episode->kernel_frames = bytes / sizeof(__u64);
		else
			episode->flags |= OFFCPU_FLAG_KERNEL_STACK_FAILED;
		if (episode->kernel_frames == OFFCPU_MAX_KERNEL_FRAMES)
			episode->flags |= OFFCPU_FLAG_KERNEL_STACK_TRUNCATED;
	} else {
		episode->flags |= OFFCPU_FLAG_KERNEL_STACK_FAILED;
	}
}

/*
 * Run-queue time of the episode ending now: the growth of the kernel's own run-queue total since
 * the thread left the CPU. It is the wakeup (or preemption) to switch-in by the run queues' clocks,
 * with a wait that moved between CPUs counted per queue, as schedstat counts it.
 */
static __always_inline __u64 rq_delta(struct thread_state *state, struct task_struct *next,
				      bool trusted)
{
	__u64 now = kernel_run_delay(next, trusted);

	return now > state->run_delay_out ? now - state->run_delay_out : 0;
}

/*
 * Whether the user memory of `next` is readable now, at its switch-in: sched_switch fires in
 * __schedule before context_switch, so the address space loaded is still prev's, and
 * bpf_probe_read_user reads only the current task's (nmi_uaccess_okay). Threads of one process
 * share it. The idle task and kernel threads have no mm.
 */
static __always_inline bool user_memory_readable(struct task_struct *prev, struct task_struct *next)
{
	struct mm_struct *mm = next->mm;

	return mm && prev->mm == mm;
}

/* Untrusted `next` (raw_tp): no kernel stack, and the user stack always waits for sys_exit. */
static __always_inline void on_switch_in(struct task_struct *prev, struct task_struct *next,
					 __u32 tid, __u64 now, __u64 clock, bool trusted)
{
	struct thread_state *state = thread_state_of(next, tid, false, trusted);
	__u64 start, duration, run_queue, weight;

	if (state && !state->out_ns && state->fresh) {
		/* First run of a thread created while tracing: its run-queue wait since
		 * sched_wakeup_new is run-queue time (the kernel's run_delay counts it too). */
		begin_update(state);
		state->totals.run_queue_ns += rq_delta(state, next, trusted);
		state->fresh = 0;
		state->wake_ns = 0;
		end_update(state);
		return;
	}
	if (!state || !state->out_ns) {
		count(OFFCPU_COUNTER_UNSEEN_START);
		state = thread_state_of(next, tid, true, trusted);
		if (state) {
			begin_update(state);
			state->totals.unseen_starts++;
			end_update(state);
		}
		return;
	}
	count(OFFCPU_COUNTER_EPISODES);
	start = state->out_ns;
	duration = episode_duration(state, now, clock);
	run_queue = rq_delta(state, next, trusted);
	begin_update(state);
	state->totals.off_cpu_ns[bucket_of(state->state) & (OFFCPU_BUCKETS - 1)] += duration;
	state->totals.run_queue_ns += run_queue;
	state->totals.episodes++;
	state->out_ns = 0;
	end_update(state);

	if (state->pending) {
		/* Blocked again in the same syscall before returning to user space: the last wakeup
		 * is the one that ended the wait. Merged parts are always kept, so they weigh what
		 * they last. */
		state->episode.duration_ns = now - state->episode.start_ns;
		state->episode.run_queue_ns += run_queue;
		state->episode.weight_ns += duration;
		state->episode.flags |= OFFCPU_FLAG_MERGED;
		state->episode.waker_tid = state->waker_tid;
		state->episode.waker_tgid = state->waker_tgid;
		__builtin_memcpy(state->episode.waker_comm, state->waker_comm,
				 sizeof(state->episode.waker_comm));
		if (state->wakeup_id)
			state->episode.wakeup_id = state->wakeup_id;
		count(OFFCPU_COUNTER_MERGED);
		return;
	}
	if (sampling_ns) {
		if (duration < sampling_ns &&
		    (((__u64)bpf_get_prandom_u32() * sampling_ns) >> 32) >= duration) {
			count(OFFCPU_COUNTER_SAMPLED_OUT);
			return;
		}
		weight = duration < sampling_ns ? sampling_ns : duration;
	} else {
		if (duration < threshold_ns)
			return;
		weight = duration;
	}
	fill_episode(state, trusted ? next : NULL, tid, start, duration, run_queue, weight);
	if (state->in_syscall && !state->user_walked && trusted &&
	    user_memory_readable(prev, next)) {
		/* Switched in from a thread of its own process (a hand-off between two threads):
		 * its user registers are still those it blocked with (task_pt_regs, saved at the
		 * syscall's entry), so its stack is walked now, and the episode needs no sys_exit. */
		walk_user_regs((struct pt_regs *)bpf_task_pt_regs(next), true, state);
		emit(&state->episode);
	} else if (state->in_syscall && !state->user_walked) {
		state->pending = 1;
		state->pending_ip = state->out_ip;
		state->pending_sp = state->out_sp;
		mark_pending(tid, true);
	} else {
		emit(&state->episode);
	}
}

static __always_inline void on_sched_switch(bool preempt, struct task_struct *prev,
					    struct task_struct *next, bool trusted)
{
	bool prev_is_target = is_target(prev, trusted);
	bool next_is_target = is_target(next, trusted);
	__u64 now, clock;

	leave_all_contexts();
	if (!prev_is_target && !next_is_target)
		return;
	now = bpf_ktime_get_ns();
	/* Both are on this CPU's run queue; a thread of the target is a CFS task, whose cfs_rq leads
	 * to it (the idle task's may not). */
	clock = rq_clock(prev_is_target ? prev : next, trusted);
	if (prev_is_target)
		on_switch_out(preempt, prev, now, clock, trusted);
	if (next_is_target)
		on_switch_in(prev, next, READ(trusted, next, pid), now, clock, trusted);
}

/*
 * The waker's stacks, taken only when the woken thread has been off the CPU for at least the
 * threshold (or the sampling period) already: its episode will carry a stack for sure, so every
 * waker stack has an episode to link to, and short hand-offs cost nothing. Only wakers of this
 * process: the unwind tables describe its mappings only.
 */
static __always_inline void maybe_take_waker_stack(void *ctx, struct thread_state *state,
						   __u32 woken_tid, __u64 now)
{
	__u64 since = state->pending ? state->episode.start_ns : state->out_ns;
	__u64 needed = sampling_ns ? sampling_ns : threshold_ns;
	struct thread_state *waker;
	struct task_struct *current;
	struct offcpu_wakeup *wakeup;
	struct pt_regs *regs;
	__u32 zero = 0;
	long bytes;

	if (now - since < needed)
		return;
	wakeup = bpf_map_lookup_elem(&wakeup_buffer, &zero);
	if (!wakeup)
		return;
	wakeup->record_type = OFFCPU_RECORD_WAKEUP;
	wakeup->record_size = 0; /* set when packed */
	wakeup->wakeup_id = __sync_fetch_and_add(&next_wakeup_id, 1) + 1;
	wakeup->time_ns = now;
	wakeup->waker_tid = state->waker_tid;
	wakeup->waker_tgid = state->waker_tgid;
	wakeup->woken_tid = woken_tid;
	wakeup->cpu = bpf_get_smp_processor_id();
	wakeup->flags = 0;
	wakeup->pad = 0;
	wakeup->pad2 = 0;
	bytes = bpf_get_stack(ctx, wakeup->kernel_stack, sizeof(wakeup->kernel_stack), 0);
	if (bytes > 0) {
		wakeup->kernel_frames = bytes / sizeof(__u64);
	} else {
		wakeup->kernel_frames = 0;
		wakeup->flags |= OFFCPU_FLAG_KERNEL_STACK_FAILED;
	}
	if (wakeup->kernel_frames == OFFCPU_MAX_KERNEL_FRAMES)
		wakeup->flags |= OFFCPU_FLAG_KERNEL_STACK_TRUNCATED;
	current = bpf_get_current_task_btf();
	regs = (struct pt_regs *)bpf_task_pt_regs(current);
	/* The waker's own state, for its memo: a thread that wakes others over and over mostly
	 * does so from one stack. None yet (it never left a CPU while traced): walked without. */
	waker = thread_state_of(current, state->waker_tid, false, true);
	{
		struct user_regs user = { .ip = regs->ip, .sp = regs->sp, .bp = regs->bp };

		WALK_USER_STACK(user, wakeup, waker ? &waker->waker_memo : NULL, MEMO_WAKER);
	}
	if (OUTPUT_PACKED(PACKING_WAKEUP, wakeup, BPF_RB_NO_WAKEUP)) {
		/* No episode may name a wakeup that never arrived; a later waking may try again. */
		count(OFFCPU_COUNTER_WAKEUPS_DROPPED);
		return;
	}
	state->wakeup_id = wakeup->wakeup_id;
	count(OFFCPU_COUNTER_WAKEUPS);
}

static __always_inline void on_waking(void *ctx, struct task_struct *task, bool trusted)
{
	struct thread_state *state;
	__u64 id, now;
	__u32 kind;

	if (!is_target(task, trusted))
		return;
	state = thread_state_of(task, READ(trusted, task, pid), false, trusted);
	if (!state || !state->out_ns)
		return;
	/*
	 * The wait in the run queue starts here for an open episode's totals (fill_totals), so no
	 * sched_wakeup hook runs on every wakeup of the process (one more program call, ~130 ns of
	 * it with bpf_stats on: bench/README.md). sched_waking comes before the enqueue that the
	 * kernel's run_delay counts from (try_to_wake_up: trace_sched_waking, select_task_rq,
	 * ttwu_queue); the gap is the same CPU's few instructions, or an IPI to the CPU chosen
	 * (ttwu_queue_wakelist). Only a totals reading that falls in that gap or the wait after it
	 * sees it, as part of the open episode: closed episodes take their run-queue time from the
	 * kernel's run_delay (rq_delta), so no total keeps it. Only the first waking of an episode
	 * counts: a task already woken is TASK_RUNNING, and try_to_wake_up returns before the
	 * tracepoint for it. One aligned store, so the iterator sees the episode woken or not,
	 * either consistent: no begin_update needed.
	 */
	now = bpf_ktime_get_ns();
	if (!state->wake_ns)
		state->wake_ns = now;
	kind = wakeup_context_kind();
	if (kind) {
		state->waker_tid = 0;
		state->waker_tgid = 0;
		if (kind == WAKEUP_CONTEXT_TIMER)
			__builtin_memcpy(state->waker_comm, "[timer]", sizeof("[timer]"));
		else
			__builtin_memcpy(state->waker_comm, "[irq]", sizeof("[irq]"));
		return;
	}
	/* At sched_waking the current task is the waker (sched_wakeup may run elsewhere). */
	id = bpf_get_current_pid_tgid();
	state->waker_tid = (__u32)id;
	state->waker_tgid = id >> 32;
	if (state->waker_tgid != target_tgid) {
		/* A waker of another process is named by its comm; one of the target is named by
		 * user space from its tid (EpisodeConverter), so the copy is spared there. */
		bpf_get_current_comm(state->waker_comm, sizeof(state->waker_comm));
		return;
	}
	state->waker_comm[0] = 0;
	if (trusted && !state->wakeup_id)
		maybe_take_waker_stack(ctx, state, READ(trusted, task, pid), now);
}

/* A new thread waits in the run queue before its first run. (Woken threads: on_waking.) */
static __always_inline void on_wakeup_new(struct task_struct *task, bool trusted)
{
	struct thread_state *state;

	if (!is_target(task, trusted))
		return;
	state = thread_state_of(task, READ(trusted, task, pid), true, trusted);
	if (!state)
		return;
	count(OFFCPU_COUNTER_NEW_THREADS);
	state->fresh = 1;
	state->wake_ns = bpf_ktime_get_ns();
}

static __always_inline void on_sys_exit(struct pt_regs *regs, bool trusted)
{
	struct thread_state *state;
	__u64 id;
	__u32 tid;

	if (!pending_episodes)
		return;
	id = bpf_get_current_pid_tgid();
	tid = (__u32)id;
	if ((id >> 32) != target_tgid || !maybe_pending(tid))
		return;
	state = thread_state_of(bpf_get_current_task_btf(), tid, false, trusted);
	if (!state || !state->pending)
		return;
	state->pending = 0;
	mark_pending(tid, false);
	if (READ(trusted, regs, ip) == state->pending_ip &&
	    READ(trusted, regs, sp) == state->pending_sp) {
		walk_user_regs(regs, trusted, state);
	} else {
		/* Not the syscall the episode blocked in (see on_switch_out). */
		state->episode.flags |= OFFCPU_FLAG_NO_USER_STACK;
		state->episode.user_frames = 0;
		state->episode.interpreted_frames = 0;
	}
	emit(&state->episode);
}

/* Completes a totals record in place from the thread's state: header, time, open episode. */
static __always_inline void fill_totals(struct offcpu_thread_totals *totals,
					struct thread_state *state, __u32 tid, __u64 now)
{
	totals->record_type = OFFCPU_RECORD_THREAD_TOTALS;
	totals->record_size = sizeof(*totals);
	totals->tid = tid;
	totals->tgid = target_tgid;
	totals->time_ns = now;
	totals->open_since_ns = state->out_ns;
	totals->open_bucket = bucket_of(state->state);
	if (!state->out_ns)
		totals->open_runnable_ns = 0;
	else if (state->state == 0)
		totals->open_runnable_ns = state->out_ns;
	else
		totals->open_runnable_ns = state->wake_ns;
	totals->flags = 0;
}

static __always_inline void on_exit(struct task_struct *task, bool trusted)
{
	struct thread_state *state;
	__u32 tid;

	if (!is_target(task, trusted))
		return;
	tid = READ(trusted, task, pid);
	state = thread_state_of(task, tid, false, trusted);
	if (!state)
		return;
	if (state->pending) {
		mark_pending(tid, false);
		state->episode.flags |= OFFCPU_FLAG_NO_USER_STACK;
		state->episode.user_frames = 0;
		state->episode.interpreted_frames = 0;
		emit(&state->episode);
	}
	/* Its last totals: the iterator will not see this thread again. */
	fill_totals(&state->totals, state, tid, bpf_ktime_get_ns());
	state->totals.flags = OFFCPU_TOTALS_EXITED;
	if (bpf_ringbuf_output(&events, &state->totals, sizeof(state->totals), BPF_RB_NO_WAKEUP))
		count(OFFCPU_COUNTER_EXIT_TOTALS_DROPPED);
	if (trusted)
		bpf_task_storage_delete(&thread_storage, task);
	else
		bpf_map_delete_elem(&threads, &tid);
}

SEC("tp_btf/sched_switch")
int BPF_PROG(offcpu_switch_btf, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	on_sched_switch(preempt, prev, next, true);
	return 0;
}

SEC("raw_tp/sched_switch")
int BPF_PROG(offcpu_switch_raw, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	on_sched_switch(preempt, prev, next, false);
	return 0;
}

SEC("tp_btf/sched_waking")
int BPF_PROG(offcpu_waking_btf, struct task_struct *task)
{
	on_waking(ctx, task, true);
	return 0;
}

SEC("raw_tp/sched_waking")
int BPF_PROG(offcpu_waking_raw, struct task_struct *task)
{
	on_waking(ctx, task, false);
	return 0;
}

SEC("tp_btf/sched_wakeup_new")
int BPF_PROG(offcpu_wakeup_new_btf, struct task_struct *task)
{
	on_wakeup_new(task, true);
	return 0;
}

SEC("raw_tp/sched_wakeup_new")
int BPF_PROG(offcpu_wakeup_new_raw, struct task_struct *task)
{
	on_wakeup_new(task, false);
	return 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(offcpu_exit_btf, struct task_struct *task)
{
	on_exit(task, true);
	return 0;
}

SEC("raw_tp/sched_process_exit")
int BPF_PROG(offcpu_exit_raw, struct task_struct *task)
{
	on_exit(task, false);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(offcpu_sys_exit_btf, struct pt_regs *regs, long ret)
{
	on_sys_exit(regs, true);
	return 0;
}

SEC("raw_tp/sys_exit")
int BPF_PROG(offcpu_sys_exit_raw, struct pt_regs *regs, long ret)
{
	on_sys_exit(regs, false);
	return 0;
}

/*
 * Per-thread totals for user space: a task iterator (attached with the target's pid, so it visits
 * only its threads) writes one struct offcpu_thread_totals per tracked thread. The copy retries
 * while sched_switch is halfway through an update on another CPU.
 */
SEC("iter/task")
int offcpu_thread_totals(struct bpf_iter__task *ctx)
{
	struct seq_file *seq = ctx->meta->seq;
	struct task_struct *task = ctx->task;
	struct offcpu_thread_totals totals;
	struct thread_state *state;
	__u32 tid;

	if (!task || task->tgid != target_tgid || task->pid == ignored_tid)
		return 0;
	tid = task->pid;
	state = use_task_storage ? bpf_task_storage_get(&thread_storage, task, NULL, 0)
				 : bpf_map_lookup_elem(&threads, &tid);
	if (!state)
		return 0;
	for (int attempt = 0; attempt < 8; attempt++) {
		__u32 before = *(volatile __u32 *)&state->seq;

		asm volatile("" ::: "memory");
		totals = state->totals;
		fill_totals(&totals, state, tid, bpf_ktime_get_ns());
		asm volatile("" ::: "memory");
		if (!(before & 1) && before == *(volatile __u32 *)&state->seq)
			break;
	}
	bpf_seq_write(seq, &totals, sizeof(totals));
	return 0;
}

/*
 * Wakeups from timer callbacks run on whatever task the CPU happened to be running: these hooks mark
 * them, so that a timeout is told as such and that task is not reported as the waker. Interrupts and
 * softirqs need no hooks (task_runs_itself in wakeup_context.bpf.h).
 */
SEC("raw_tp/hrtimer_expire_entry")
int BPF_PROG(offcpu_hrtimer_entry)
{
	return enter_context();
}

SEC("raw_tp/hrtimer_expire_exit")
int BPF_PROG(offcpu_hrtimer_exit)
{
	return exit_context();
}

SEC("raw_tp/timer_expire_entry")
int BPF_PROG(offcpu_timer_entry)
{
	return enter_context();
}

SEC("raw_tp/timer_expire_exit")
int BPF_PROG(offcpu_timer_exit)
{
	return exit_context();
}
