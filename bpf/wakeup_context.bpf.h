/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Whether a wakeup is the current task's doing or a handler's that ran on it: a timer callback (marked
 * by the hooks in offcpu.bpf.c), an interrupt or a softirq (told from the stack it runs on). A wakeup
 * from a handler is no task's doing, whatever task the handler interrupted. Included once, by
 * offcpu.bpf.c.
 */
#ifndef OFFCPU_WAKEUP_CONTEXT_BPF_H
#define OFFCPU_WAKEUP_CONTEXT_BPF_H

#define WAKEUP_CONTEXT_TIMER 1
#define WAKEUP_CONTEXT_IRQ 2 /* a hardirq, softirq, IPI or irq_work handler */

/* Per CPU: how many timer callbacks the CPU is inside (an hrtimer's may interrupt a timer-wheel one). */
struct wakeup_context {
	__u32 depth;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct wakeup_context);
} wakeup_context SEC(".maps");

/*
 * Whether the current task is doing what runs now, not an interrupt or softirq handler that hit it.
 * x86_64 runs a hardirq that interrupts kernel code, and every softirq (served on interrupt exit or
 * from local_bh_enable), on the CPU's IRQ stack, and NMIs and exceptions on stacks of their own; a
 * hardirq that interrupts user code runs on the task's stack, above the interrupt frame at its top,
 * whose orig_ax the entry code set to -1 (a syscall's holds its number, a page fault's its error
 * code; exceptions without one, such as int3, also set -1: their rare wakeups count as an
 * interrupt's). ksoftirqd serves softirqs on its own stack: it is then the waker, a kernel thread. Spares
 * hooks on every interrupt and softirq of every process on the machine (under bench/http.sh ~75,000
 * softirq entry and exit pairs a second, ~80 ns each).
 */
static __always_inline bool task_runs_itself(void)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(task);
	__u64 here = (__u64)&task; /* an address in this program's frame */
	__u64 low = (__u64)task->stack;
	/* The interrupt or syscall frame sits at the top of the task's stack (task_pt_regs). */
	__u64 high = (__u64)regs + sizeof(*regs);

	if (here < low || here >= high)
		return false;
	return !(task->mm && (regs->cs & 3) == 3 && (long)regs->orig_ax == -1);
}

static __always_inline struct wakeup_context *this_cpu_context(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&wakeup_context, &zero);
}

static __always_inline int enter_context(void)
{
	struct wakeup_context *context = this_cpu_context();

	if (context)
		context->depth++;
	return 0;
}

/*
 * The handler a wakeup on this CPU comes from (WAKEUP_CONTEXT_*), 0 when the current task itself is
 * the waker: a timer callback (hooked), else an interrupt or softirq (see task_runs_itself).
 */
static __always_inline __u32 wakeup_context_kind(void)
{
	struct wakeup_context *context = this_cpu_context();

	if (context && context->depth)
		return WAKEUP_CONTEXT_TIMER;
	return task_runs_itself() ? 0 : WAKEUP_CONTEXT_IRQ;
}

static __always_inline int exit_context(void)
{
	struct wakeup_context *context = this_cpu_context();

	if (context && context->depth)
		context->depth--;
	return 0;
}

/* No handler is running when the CPU switches tasks: this heals a depth left by an entry hook
 * attached a moment before its exit hook. */
static __always_inline void leave_all_contexts(void)
{
	struct wakeup_context *context = this_cpu_context();

	if (context)
		context->depth = 0;
}

#endif /* OFFCPU_WAKEUP_CONTEXT_BPF_H */
