// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Natives of io.offcpu.jni.OffCpuBpf: the libbpf lifecycle of one session (open, set options,
 * load, attach, destroy), ring-buffer polling in batches into a Java-owned direct buffer, and
 * the unwind tables the BPF user-stack walker reads. One JNI crossing per batch, never per record.
 */
/* pthread_setname_np */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <jni.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include "offcpu.h"
#include "offcpu.skel.h"
#include "codemap.h"
#include "hotspot_codeheap.h"
#include "native_heap.h"
#include "unwind_table.h"

#define EXCEPTION_CLASS "io/offcpu/jni/BpfException"

/* Records that did not fit the Java buffer, or that the drain thread took out of a filling ring
 * buffer, wait here for the next poll (libbpf consumes a record before its callback runs, so the
 * callback cannot refuse one). Bounded; the excess is counted as dropped. Allocated only while in
 * use: freed once drained when it grew past OVERFLOW_KEPT_BYTES. */
#define OVERFLOW_LIMIT_BYTES (128u << 20)
#define OVERFLOW_KEPT_BYTES (1u << 20)
/* What the drain thread's epoll reports. */
#define DRAIN_RING 0
#define DRAIN_STOP 1

struct session {
	struct offcpu_bpf *skel;
	struct ring_buffer *ring;
	struct bpf_link *totals_iterator;
	const char *attach_mode;
	/* Poll target, valid during one poll call. */
	char *out;
	size_t out_capacity;
	size_t out_used;
	/* Records waiting for room in the Java buffer: bytes [overflow_start, overflow_used). */
	char *overflow;
	size_t overflow_start;
	size_t overflow_used;
	size_t overflow_capacity;
	__u64 overflow_dropped;
	__u32 ring_bytes;
	/*
	 * The drain thread (drain_main) and poll both consume the ring buffer and share the overflow,
	 * under `lock`. The consumer thread in Java polls every 100 ms and whenever the ring passes its
	 * forced-wakeup level, but stalls for long stretches at times (its start, JIT compiling its own
	 * code, a flush rewriting the output file, a GC), while at 100k records/s an 8 MiB ring fills in
	 * ~0.25 s. The drain thread sleeps until the ring passes that level and then moves its records
	 * to the overflow, a memcpy, so only a stall longer than the overflow's worth drops records. It
	 * is never woken while the rate is low.
	 */
	pthread_mutex_t lock;
	pthread_t drain_thread;
	int drain_started;
	int drain_epoll;
	int drain_stop; /* eventfd: close() asks the drain thread to end */
};

/* The last libbpf warning, to explain a failed load in one line. */
static __thread char last_libbpf_message[512];

static int capture_libbpf_print(enum libbpf_print_level level, const char *format, va_list args)
{
	char line[sizeof(last_libbpf_message)];

	if (getenv("OFFCPU_DEBUG")) {
		va_list copy;

		va_copy(copy, args);
		vfprintf(stderr, format, copy);
		va_end(copy);
	}
	if (level == LIBBPF_DEBUG)
		return 0;
	vsnprintf(line, sizeof(line), format, args);
	line[strcspn(line, "\n")] = 0;
	/* The summary libbpf prints last says nothing the errno does not. */
	if (line[0] && !strstr(line, "failed to load BPF skeleton") &&
	    !strstr(line, "failed to load object"))
		snprintf(last_libbpf_message, sizeof(last_libbpf_message), "%s",
			 strncmp(line, "libbpf: ", 8) ? line : line + 8);
	return 0;
}

static void throw_bpf(JNIEnv *env, const char *what, int err)
{
	char message[1024];
	jclass type = (*env)->FindClass(env, EXCEPTION_CLASS);
	const char *hint = "";

	if (err == EPERM)
		hint = " - run as root or grant CAP_BPF,CAP_PERFMON";
	else if (err == EACCES)
		hint = " - the kernel's verifier refused them (OFFCPU_DEBUG=1 prints its log)";
	else if (err == ENOENT || err == ESRCH)
		hint = " - the kernel needs BTF (/sys/kernel/btf/vmlinux) and sched tracepoints";
	/* For missing privileges the hint says it all; otherwise libbpf's last word helps. */
	if (err == EPERM)
		last_libbpf_message[0] = 0;
	snprintf(message, sizeof(message), "%s: %s%s%s%s", what, strerror(err), hint,
		 last_libbpf_message[0] ? "; libbpf: " : "", last_libbpf_message);
	if (type)
		(*env)->ThrowNew(env, type, message);
}

static struct session *session_of(jlong handle)
{
	return (struct session *)(intptr_t)handle;
}

static void set_autoload(struct offcpu_bpf *skel, bool btf)
{
	bpf_program__set_autoload(skel->progs.offcpu_switch_btf, btf);
	bpf_program__set_autoload(skel->progs.offcpu_waking_btf, btf);
	bpf_program__set_autoload(skel->progs.offcpu_wakeup_new_btf, btf);
	bpf_program__set_autoload(skel->progs.offcpu_exit_btf, btf);
	bpf_program__set_autoload(skel->progs.offcpu_sys_exit_btf, btf);
	bpf_program__set_autoload(skel->progs.offcpu_switch_raw, !btf);
	bpf_program__set_autoload(skel->progs.offcpu_waking_raw, !btf);
	bpf_program__set_autoload(skel->progs.offcpu_wakeup_new_raw, !btf);
	bpf_program__set_autoload(skel->progs.offcpu_exit_raw, !btf);
	bpf_program__set_autoload(skel->progs.offcpu_sys_exit_raw, !btf);
}

/*
 * Loads with asynchronous signals held back. The verifier gives up with EAGAIN whenever a signal is
 * pending for the loading thread (do_check tests signal_pending), and a profiler in the same JVM sends
 * them all the time: async-profiler in event=cpu mode arms a CPU-time perf event per thread, so the
 * loading thread gets a SIGPROF every interval of its own CPU time, sooner than libbpf's retries
 * can succeed. Blocked signals do not count as pending; they are delivered once the load returns.
 * Faults (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP) are synchronous and stay unblocked.
 */
static int load_with_signals_held(struct offcpu_bpf *skel)
{
	sigset_t held, saved;
	int err;

	sigfillset(&held);
	sigdelset(&held, SIGSEGV);
	sigdelset(&held, SIGBUS);
	sigdelset(&held, SIGFPE);
	sigdelset(&held, SIGILL);
	sigdelset(&held, SIGTRAP);
	pthread_sigmask(SIG_BLOCK, &held, &saved);
	err = offcpu_bpf__load(skel);
	pthread_sigmask(SIG_SETMASK, &saved, NULL);
	return err;
}

/* Opens and loads the skeleton with one set of hooks; returns 0 or a positive errno. */
static int open_and_load(struct offcpu_bpf **out, bool btf, __u32 tgid, __u64 threshold_ns,
			 __u64 sampling_ns, __u32 ring_bytes, const char **stage)
{
	struct offcpu_bpf *skel;
	int err;

	*stage = "cannot open BPF object";
	skel = offcpu_bpf__open();
	if (!skel)
		return errno ? errno : EINVAL;
	skel->rodata->target_tgid = tgid;
	skel->rodata->threshold_ns = threshold_ns;
	skel->rodata->sampling_ns = sampling_ns;
	skel->rodata->use_task_storage = btf;
	/* Attached below with the target's pid, so it walks only the target's threads. */
	bpf_program__set_autoattach(skel->progs.offcpu_thread_totals, false);
	/* An eighth: the drain thread takes the ring's records from there on, and 7/8 of the ring is
	 * left for the time it needs to be scheduled. */
	skel->rodata->wakeup_bytes = ring_bytes / 8;
	set_autoload(skel, btf);
	*stage = "cannot size ring buffer";
	err = bpf_map__set_max_entries(skel->maps.events, ring_bytes);
	if (!err) {
		*stage = "cannot load BPF programs";
		err = load_with_signals_held(skel);
	}
	if (err) {
		offcpu_bpf__destroy(skel);
		return -err;
	}
	*out = skel;
	return 0;
}

static int copy_record(void *ctx, void *data, size_t size)
{
	struct session *s = ctx;

	if (s->out_used + size <= s->out_capacity) {
		memcpy(s->out + s->out_used, data, size);
		s->out_used += size;
		return 0;
	}
	if (s->overflow_used + size > s->overflow_capacity && s->overflow_start) {
		/* Room at the front, left by records already handed to Java. */
		memmove(s->overflow, s->overflow + s->overflow_start,
			s->overflow_used - s->overflow_start);
		s->overflow_used -= s->overflow_start;
		s->overflow_start = 0;
	}
	if (s->overflow_used + size > s->overflow_capacity) {
		size_t wanted = s->overflow_capacity ? s->overflow_capacity * 2 : 1u << 20;
		char *grown;

		while (wanted < s->overflow_used + size)
			wanted *= 2;
		if (wanted > OVERFLOW_LIMIT_BYTES || !(grown = realloc(s->overflow, wanted))) {
			s->overflow_dropped++;
			return 0;
		}
		s->overflow = grown;
		s->overflow_capacity = wanted;
	}
	memcpy(s->overflow + s->overflow_used, data, size);
	s->overflow_used += size;
	return 0;
}

/* Moves whole records from the overflow into the Java buffer. */
static void drain_overflow(struct session *s)
{
	while (s->overflow_start < s->overflow_used) {
		struct offcpu_record_header *record = (void *)(s->overflow + s->overflow_start);
		size_t size = record->record_size;

		if (s->out_used + size > s->out_capacity)
			return;
		memcpy(s->out + s->out_used, record, size);
		s->out_used += size;
		s->overflow_start += size;
	}
	s->overflow_start = 0;
	s->overflow_used = 0;
	if (s->overflow_capacity > OVERFLOW_KEPT_BYTES) {
		/* A burst is over: its memory goes back rather than stay resident in the JVM. */
		free(s->overflow);
		s->overflow = NULL;
		s->overflow_capacity = 0;
	}
}

/*
 * The drain thread: woken when a record finds the ring filled past the forced-wakeup level (the
 * Java consumer is late), it moves every record to the overflow. It consumes only while the
 * overflow can take a whole ring's worth, so it never drops a record itself; past that, records
 * stay in the ring and the kernel side counts what it cannot write.
 */
static void *drain_main(void *arg)
{
	struct session *s = arg;
	struct epoll_event event;
	int n;

	/* This thread belongs to the agent: the kernel side leaves it out from here on. */
	__atomic_store_n(&s->skel->bss->ignored_tid, (__u32)gettid(), __ATOMIC_RELEASE);
	for (;;) {
		n = epoll_wait(s->drain_epoll, &event, 1, -1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || event.data.u32 == DRAIN_STOP)
			return NULL;
		pthread_mutex_lock(&s->lock);
		bool room = s->overflow_used - s->overflow_start + s->ring_bytes <=
			    OVERFLOW_LIMIT_BYTES;

		if (room) {
			s->out = NULL;
			s->out_capacity = 0;
			s->out_used = 0;
			ring_buffer__consume(s->ring);
		}
		pthread_mutex_unlock(&s->lock);
		if (!room) {
			/* The ring stays readable (level-triggered): wait for the consumer instead. */
			struct timespec pause = { .tv_nsec = 10 * 1000 * 1000 };

			nanosleep(&pause, NULL);
		}
	}
}

/* Starts the drain thread with every asynchronous signal blocked: the JVM's signals are for its own
 * threads, and a profiler's (SIGPROF) must not interrupt this one. Returns 0 or an errno. */
static int start_drain_thread(struct session *s)
{
	struct epoll_event ring = { .events = EPOLLIN, .data.u32 = DRAIN_RING };
	struct epoll_event stop = { .events = EPOLLIN, .data.u32 = DRAIN_STOP };
	sigset_t all, saved;
	int err;

	s->drain_epoll = epoll_create1(EPOLL_CLOEXEC);
	s->drain_stop = eventfd(0, EFD_CLOEXEC);
	if (s->drain_epoll < 0 || s->drain_stop < 0 ||
	    epoll_ctl(s->drain_epoll, EPOLL_CTL_ADD, bpf_map__fd(s->skel->maps.events), &ring) ||
	    epoll_ctl(s->drain_epoll, EPOLL_CTL_ADD, s->drain_stop, &stop))
		return errno ? errno : EINVAL;
	sigfillset(&all);
	sigdelset(&all, SIGSEGV);
	sigdelset(&all, SIGBUS);
	sigdelset(&all, SIGFPE);
	sigdelset(&all, SIGILL);
	pthread_sigmask(SIG_BLOCK, &all, &saved);
	err = pthread_create(&s->drain_thread, NULL, drain_main, s);
	pthread_sigmask(SIG_SETMASK, &saved, NULL);
	if (err)
		return err;
	pthread_setname_np(s->drain_thread, "offcpu-drain");
	s->drain_started = 1;
	return 0;
}

static void stop_drain_thread(struct session *s)
{
	__u64 one = 1;

	if (s->drain_started) {
		/* An eventfd write fails only on overflow of its counter, never at 1. */
		if (write(s->drain_stop, &one, sizeof(one)) != sizeof(one))
			fprintf(stderr, "offcpu: cannot stop the ring-buffer drain thread: %s\n",
				strerror(errno));
		pthread_join(s->drain_thread, NULL);
		s->drain_started = 0;
	}
	if (s->drain_epoll >= 0)
		close(s->drain_epoll);
	if (s->drain_stop >= 0)
		close(s->drain_stop);
	s->drain_epoll = -1;
	s->drain_stop = -1;
}

JNIEXPORT jint JNI_OnLoad(JavaVM *vm, void *reserved)
{
	libbpf_set_print(capture_libbpf_print);
	codemap_on_load(vm);
	return JNI_VERSION_1_8;
}

JNIEXPORT void JNI_OnUnload(JavaVM *vm, void *reserved)
{
	codemap_on_unload(vm);
}

JNIEXPORT jint JNICALL Java_io_offcpu_jni_OffCpuBpf_abiVersion(JNIEnv *env, jclass type)
{
	return OFFCPU_ABI_VERSION;
}

JNIEXPORT jlong JNICALL Java_io_offcpu_jni_OffCpuBpf_open0(JNIEnv *env, jclass type, jint tgid,
							   jlong threshold_ns, jlong sampling_ns,
							   jint ring_bytes)
{
	struct session *s = calloc(1, sizeof(*s));
	const char *stage = "cannot allocate session";
	int err = ENOMEM;

	last_libbpf_message[0] = 0;
	if (!s)
		goto fail;
	s->drain_epoll = -1;
	s->drain_stop = -1;
	s->ring_bytes = ring_bytes;
	pthread_mutex_init(&s->lock, NULL);
	/* tp_btf first; raw_tp where the kernel refuses BTF-typed tracepoints. */
	s->attach_mode = "tp_btf";
	err = open_and_load(&s->skel, true, tgid, threshold_ns, sampling_ns, ring_bytes, &stage);
	if (err && err != EPERM && err != EACCES) {
		s->attach_mode = "raw_tp";
		err = open_and_load(&s->skel, false, tgid, threshold_ns, sampling_ns, ring_bytes,
				    &stage);
	}
	if (err)
		goto fail;
	/* The totals iterator traces nothing: it runs only when read, so it is attached here. */
	{
		union bpf_iter_link_info info = { .task.pid = tgid };
		LIBBPF_OPTS(bpf_iter_attach_opts, opts, .link_info = &info,
			    .link_info_len = sizeof(info));

		stage = "cannot attach the per-thread totals iterator";
		s->totals_iterator =
			bpf_program__attach_iter(s->skel->progs.offcpu_thread_totals, &opts);
		/* Before Linux 6.1 ("bpf: Parameterize task iterators") a task
		 * iterator walks every task; the program keeps to the target's own. */
		if (!s->totals_iterator)
			s->totals_iterator =
				bpf_program__attach_iter(s->skel->progs.offcpu_thread_totals, NULL);
		if (!s->totals_iterator) {
			err = errno ? errno : EINVAL;
			goto fail;
		}
	}
	stage = "cannot create ring buffer consumer";
	s->ring = ring_buffer__new(bpf_map__fd(s->skel->maps.events), copy_record, s, NULL);
	if (!s->ring) {
		err = errno ? errno : EINVAL;
		goto fail;
	}
	return (jlong)(intptr_t)s;
fail:
	if (s) {
		bpf_link__destroy(s->totals_iterator);
		offcpu_bpf__destroy(s->skel);
		pthread_mutex_destroy(&s->lock);
		free(s);
	}
	throw_bpf(env, stage, err);
	return 0;
}

/* Attaches the loaded programs: tracing starts here, once the walker's tables are in place. */
JNIEXPORT void JNICALL Java_io_offcpu_jni_OffCpuBpf_attach0(JNIEnv *env, jclass type, jlong handle)
{
	struct session *s = session_of(handle);
	int err = offcpu_bpf__attach(s->skel);

	/* Loading parsed the kernel's BTF and unwind tables parsed .eh_frame: all freed by now. */
	native_heap_trim();
	if (err) {
		throw_bpf(env, "cannot attach to scheduler tracepoints", -err);
		return;
	}
	if (!s->drain_started) {
		err = start_drain_thread(s);
		if (err)
			throw_bpf(env, "cannot start the ring-buffer drain thread", err);
	}
}

JNIEXPORT jstring JNICALL Java_io_offcpu_jni_OffCpuBpf_attachMode(JNIEnv *env, jclass type,
								  jlong handle)
{
	return (*env)->NewStringUTF(env, session_of(handle)->attach_mode);
}

/*
 * Instructions the kernel's verifier processed to load the program of that name (bpf_prog_info's
 * verified_insns, reported since Linux 5.16): what its load cost the JVM in system time
 * (docs/ARCHITECTURE.md, "What the verifier costs"). -1 when no program of that name was loaded,
 * 0 when the kernel does not report it.
 */
JNIEXPORT jlong JNICALL Java_io_offcpu_jni_OffCpuBpf_verifiedInstructions(JNIEnv *env, jclass type,
									  jlong handle,
									  jstring name)
{
	struct session *s = session_of(handle);
	const char *wanted = (*env)->GetStringUTFChars(env, name, NULL);
	struct bpf_program *prog;
	jlong result = -1;

	if (!wanted)
		return -1;
	bpf_object__for_each_program(prog, s->skel->obj)
	{
		struct bpf_prog_info info = {};
		__u32 length = sizeof(info);

		if (strcmp(bpf_program__name(prog), wanted) || bpf_program__fd(prog) < 0)
			continue;
		if (!bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &length))
			result = info.verified_insns;
		break;
	}
	(*env)->ReleaseStringUTFChars(env, name, wanted);
	return result;
}

JNIEXPORT jlong JNICALL Java_io_offcpu_jni_OffCpuBpf_overflowLimitBytes(JNIEnv *env, jclass type)
{
	return OVERFLOW_LIMIT_BYTES;
}

/* Takes what the overflow and the ring buffer hold into the Java buffer; under s->lock. */
static int take_records(struct session *s, char *out, size_t capacity)
{
	int err = 0;

	s->out = out;
	s->out_capacity = capacity;
	s->out_used = 0;
	drain_overflow(s);
	if (s->overflow_start == s->overflow_used)
		err = ring_buffer__consume(s->ring);
	return err < 0 ? err : 0;
}

/* Takes every record available; when there is none, waits up to timeout_ms for a wakeup and takes
 * what there is then. Returns bytes. */
JNIEXPORT jint JNICALL Java_io_offcpu_jni_OffCpuBpf_poll(JNIEnv *env, jclass type, jlong handle,
							 jobject buffer, jint timeout_ms)
{
	struct session *s = session_of(handle);
	char *out = (*env)->GetDirectBufferAddress(env, buffer);
	size_t capacity = (*env)->GetDirectBufferCapacity(env, buffer);
	size_t used;
	int err;

	if (!out) {
		throw_bpf(env, "poll needs a direct buffer", EINVAL);
		return 0;
	}
	pthread_mutex_lock(&s->lock);
	err = take_records(s, out, capacity);
	used = s->out_used;
	pthread_mutex_unlock(&s->lock);
	if (!err && !used && timeout_ms > 0) {
		/* Records are written with BPF_RB_NO_WAKEUP below the fill level, so the wait mostly
		 * times out: take whatever is there either way. Waiting does not consume, so it runs
		 * outside the lock. */
		struct epoll_event event;

		epoll_wait(ring_buffer__epoll_fd(s->ring), &event, 1, timeout_ms);
		pthread_mutex_lock(&s->lock);
		err = take_records(s, out, capacity);
		used = s->out_used;
		pthread_mutex_unlock(&s->lock);
	}
	if (err && err != -EINTR) {
		throw_bpf(env, "cannot read ring buffer", -err);
		return 0;
	}
	return (jint)used;
}

JNIEXPORT void JNICALL Java_io_offcpu_jni_OffCpuBpf_counters(JNIEnv *env, jclass type, jlong handle,
							     jlongArray out)
{
	struct session *s = session_of(handle);
	int cpus = libbpf_num_possible_cpus();
	jlong totals[OFFCPU_COUNTER_COUNT] = { 0 };
	__u64 *values;

	if (cpus <= 0 || !(values = calloc(cpus, sizeof(__u64))))
		return;
	for (__u32 counter = 0; counter < OFFCPU_COUNTER_COUNT; counter++) {
		if (bpf_map_lookup_elem(bpf_map__fd(s->skel->maps.counters), &counter, values))
			continue;
		for (int cpu = 0; cpu < cpus; cpu++)
			totals[counter] += values[cpu];
	}
	free(values);
	/* Records lost between the ring buffer and Java count as dropped too. */
	totals[OFFCPU_COUNTER_DROPPED] += s->overflow_dropped;
	(*env)->SetLongArrayRegion(env, out, 0, OFFCPU_COUNTER_COUNT, totals);
}

/* Runs the totals iterator once: one struct offcpu_thread_totals per tracked thread of the target
 * into the direct buffer; returns the bytes written (whole records only). */
JNIEXPORT jint JNICALL Java_io_offcpu_jni_OffCpuBpf_threadTotals(JNIEnv *env, jclass type,
								 jlong handle, jobject buffer)
{
	struct session *s = session_of(handle);
	char *out = (*env)->GetDirectBufferAddress(env, buffer);
	size_t capacity = (*env)->GetDirectBufferCapacity(env, buffer);
	size_t used = 0;
	int fd;

	if (!out) {
		throw_bpf(env, "thread totals need a direct buffer", EINVAL);
		return 0;
	}
	fd = bpf_iter_create(bpf_link__fd(s->totals_iterator));
	if (fd < 0) {
		throw_bpf(env, "cannot run the per-thread totals iterator", errno);
		return 0;
	}
	while (capacity - used >= sizeof(struct offcpu_thread_totals)) {
		/* Whole records: read() returns what the program wrote, in multiples of a record
		 * as long as the buffer holds at least one. */
		size_t want = (capacity - used) / sizeof(struct offcpu_thread_totals) *
			      sizeof(struct offcpu_thread_totals);
		ssize_t n = read(fd, out + used, want);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int err = errno;

			close(fd);
			throw_bpf(env, "cannot read the per-thread totals iterator", err);
			return 0;
		}
		if (n == 0)
			break;
		used += n;
	}
	close(fd);
	return (jint)used;
}

/*
 * Writes count values at keys first.. in a few BPF_MAP_UPDATE_BATCH calls (Linux 5.6+ for arrays); one
 * update per element cost a syscall per unwind row, ~270k at a JVM's start. Falls back per element.
 */
static int update_values(struct bpf_map *map, __u32 first, const char *values, size_t count,
			 size_t value_size)
{
	enum { KEYS_PER_BATCH = 16384 };
	int fd = bpf_map__fd(map);
	__u32 *keys = malloc(KEYS_PER_BATCH * sizeof(*keys));
	size_t done = 0;
	int err = 0;

	while (keys && done < count) {
		__u32 n = count - done < KEYS_PER_BATCH ? (__u32)(count - done) : KEYS_PER_BATCH;

		for (__u32 i = 0; i < n; i++)
			keys[i] = first + (__u32)(done + i);
		if (bpf_map_update_batch(fd, keys, values + done * value_size, &n, NULL))
			break;
		done += n;
	}
	free(keys);
	for (; done < count; done++) {
		__u32 key = first + (__u32)done;

		if (bpf_map_update_elem(fd, &key, values + done * value_size, BPF_ANY)) {
			err = errno;
			break;
		}
	}
	return err;
}

/*
 * Writes count unwind rows at index first through a shared mapping of the map's memory (the map is
 * BPF_F_MMAPABLE, Linux 5.5+): one memcpy, where BPF_MAP_UPDATE_BATCH copied and checked every one of a
 * JVM's ~270k rows in the kernel, ~70 ms of system time at start-up. Only the pages holding these rows
 * are mapped, and only while writing: pages of a map mapped into the process count in its RSS (the
 * kernel inserts them all at mmap). An array map's elements sit elem_size = round_up(value_size, 8)
 * apart from the start of its first page (kernel/bpf/arraymap.c, array_map_mmap). Falls back to the
 * batch update when the mapping is refused.
 */
static int write_unwind_rows(struct bpf_map *map, __u32 first, const char *rows, size_t count)
{
	_Static_assert(sizeof(struct offcpu_unwind_row) % 8 == 0, "unwind rows must sit sizeof "
								  "apart in an array map");
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t begin = (size_t)first * sizeof(struct offcpu_unwind_row);
	size_t bytes = count * sizeof(struct offcpu_unwind_row);
	size_t map_begin = begin / page * page;
	size_t length = begin + bytes - map_begin;
	char *memory;

	if (!count)
		return 0;
	memory = mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_SHARED, bpf_map__fd(map),
		      (off_t)map_begin);
	if (memory == MAP_FAILED)
		return update_values(map, first, rows, count, sizeof(struct offcpu_unwind_row));
	memcpy(memory + (begin - map_begin), rows, bytes);
	munmap(memory, length);
	return 0;
}

static int update_array(JNIEnv *env, struct bpf_map *map, __u32 first, jobject buffer, jint count,
			size_t value_size)
{
	char *values = (*env)->GetDirectBufferAddress(env, buffer);

	if (!values || count < 0)
		return EINVAL;
	return update_values(map, first, values, (size_t)count, value_size);
}

/*
 * Brackets a write of anything the user-stack walker looks up besides the stack (mappings, unwind
 * rows, interpreter range, code heaps): the generation is odd while writing and new afterwards, so
 * no walk memoized before or during the write is reused after it (bpf/user_stack_memo.bpf.h).
 */
static void walker_tables_write_begin(struct session *s)
{
	__atomic_fetch_add(&s->skel->bss->tables_generation, 1, __ATOMIC_SEQ_CST);
}

static void walker_tables_write_end(struct session *s)
{
	__atomic_fetch_add(&s->skel->bss->tables_generation, 1, __ATOMIC_SEQ_CST);
}

/*
 * Builds the unwind rows of the ELF file at path (unwind_table.c) and writes them at index first; returns
 * their count, 0 when the file has none or they do not fit. Nothing of them stays in the JVM's heap.
 */
JNIEXPORT jint JNICALL Java_io_offcpu_jni_OffCpuBpf_loadUnwindRows(JNIEnv *env, jclass type,
								   jlong handle, jstring path,
								   jint first)
{
	struct session *s = session_of(handle);
	struct unwind_table table;
	const char *file = (*env)->GetStringUTFChars(env, path, NULL);
	jint written = 0;
	int err;

	if (!file)
		return 0;
	if (unwind_table_build(file, &table)) {
		jclass io = (*env)->FindClass(env, "java/io/IOException");

		(*env)->ReleaseStringUTFChars(env, path, file);
		if (io)
			(*env)->ThrowNew(env, io, table.error);
		return 0;
	}
	(*env)->ReleaseStringUTFChars(env, path, file);
	if (table.row_count && first >= 0 &&
	    table.row_count <= (size_t)(OFFCPU_MAX_UNWIND_ROWS - first)) {
		walker_tables_write_begin(s);
		err = write_unwind_rows(s->skel->maps.unwind_rows, (__u32)first,
					(const char *)table.rows, table.row_count);
		walker_tables_write_end(s);
		if (err)
			throw_bpf(env, "cannot write unwind rows", err);
		else
			written = (jint)table.row_count;
	}
	unwind_table_free(&table);
	return written;
}

JNIEXPORT void JNICALL Java_io_offcpu_jni_OffCpuBpf_writeUnwindRows(JNIEnv *env, jclass type,
								    jlong handle, jint first,
								    jobject rows, jint count)
{
	struct session *s = session_of(handle);
	const char *values = (*env)->GetDirectBufferAddress(env, rows);
	int err = EINVAL;

	if (values && count >= 0) {
		walker_tables_write_begin(s);
		err = write_unwind_rows(s->skel->maps.unwind_rows, (__u32)first, values,
					(size_t)count);
		walker_tables_write_end(s);
	}
	if (err)
		throw_bpf(env, "cannot write unwind rows", err);
}

/* Replaces the mapping table; the walker sees the new count only once every entry is written. */
JNIEXPORT void JNICALL Java_io_offcpu_jni_OffCpuBpf_writeMappings(JNIEnv *env, jclass type,
								  jlong handle, jobject mappings,
								  jint count)
{
	struct session *s = session_of(handle);
	int err;

	walker_tables_write_begin(s);
	s->skel->bss->mapping_count = 0;
	err = update_array(env, s->skel->maps.mappings, 0, mappings, count,
			   sizeof(struct offcpu_mapping));
	if (!err)
		__atomic_store_n(&s->skel->bss->mapping_count, count, __ATOMIC_RELEASE);
	walker_tables_write_end(s);
	if (err)
		throw_bpf(env, "cannot write mappings", err);
}

/* Tells the walker where HotSpot's template interpreter lives, to note its frames' Method*. */
JNIEXPORT void JNICALL Java_io_offcpu_jni_OffCpuBpf_setInterpreter(JNIEnv *env, jclass type,
								   jlong handle, jlong start,
								   jlong end)
{
	struct session *s = session_of(handle);

	walker_tables_write_begin(s);
	s->skel->bss->interpreter_end = 0;
	s->skel->bss->interpreter_start = start;
	__atomic_store_n(&s->skel->bss->interpreter_end, end, __ATOMIC_RELEASE);
	walker_tables_write_end(s);
}

/*
 * Tells the walker where this JVM's compiled code lives, so it steps over compiled frames by their
 * size without frame pointers. Returns the number of code heaps, or -1 when this JVM's code cache
 * cannot be described (the walker keeps to frame pointers).
 */
JNIEXPORT jint JNICALL Java_io_offcpu_jni_OffCpuBpf_describeCodeCache(JNIEnv *env, jclass type,
								      jlong handle)
{
	struct session *s = session_of(handle);
	struct offcpu_code_cache code_cache;
	__u32 count;

	if (codeheap_describe(&code_cache))
		return -1;
	count = code_cache.heap_count;
	code_cache.heap_count = 0;
	walker_tables_write_begin(s);
	s->skel->bss->code_cache.heap_count = 0;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	memcpy((void *)&s->skel->bss->code_cache, &code_cache, sizeof(code_cache));
	__atomic_store_n(&s->skel->bss->code_cache.heap_count, count, __ATOMIC_RELEASE);
	walker_tables_write_end(s);
	return (jint)count;
}

JNIEXPORT void JNICALL Java_io_offcpu_jni_OffCpuBpf_close(JNIEnv *env, jclass type, jlong handle)
{
	struct session *s = session_of(handle);

	if (!s)
		return;
	stop_drain_thread(s);
	ring_buffer__free(s->ring);
	bpf_link__destroy(s->totals_iterator);
	offcpu_bpf__destroy(s->skel);
	free(s->overflow);
	pthread_mutex_destroy(&s->lock);
	free(s);
}
