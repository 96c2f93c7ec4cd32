/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Whether a CPU is running a timer, interrupt or softirq handler: a wakeup from one is no task's
 * doing, whatever task the handler interrupted. The hooks that keep the count are in offcpu.bpf.c.
 * Included once, by offcpu.bpf.c.
 */
#ifndef OFFCPU_WAKEUP_CONTEXT_BPF_H
#define OFFCPU_WAKEUP_CONTEXT_BPF_H

#define WAKEUP_CONTEXT_TIMER 1
#define WAKEUP_CONTEXT_IRQ 2
#define WAKEUP_CONTEXT_SOFTIRQ 3

/*
 * Per CPU: how many timer, interrupt and softirq handlers the CPU is inside (they nest: a timer
 * callback runs inside the timer softirq, an interrupt may arrive in a softirq), and the kind of
 * the last one entered. 0 deep: the current task is the waker.
 */
struct wakeup_context {
	__u32 depth;
	__u32 kind; /* WAKEUP_CONTEXT_* */
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct wakeup_context);
} wakeup_context SEC(".maps");

static __always_inline struct wakeup_context *this_cpu_context(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&wakeup_context, &zero);
}

static __always_inline int enter_context(__u32 kind)
{
	struct wakeup_context *context = this_cpu_context();

	if (context) {
		context->depth++;
		context->kind = kind;
	}
	return 0;
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
