// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Natives of io.offcpu.jni.OffCpuBpf: the libbpf lifecycle of one session (open, set options,
 * load, attach, destroy), ring-buffer polling in batches into a Java-owned direct buffer, and
 * the unwind tables the BPF user-stack walker reads. One JNI crossing per batch, never per record.
 */
#include <errno.h>
#include <malloc.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <jni.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include "offcpu.h"
#include "offcpu.skel.h"
#include "codemap.h"
#include "hotspot_codeheap.h"
#include "unwind_table.h"

#define EXCEPTION_CLASS "io/offcpu/jni/BpfException"

/* Records that did not fit the Java buffer wait here for the next poll (libbpf consumes a record
 * before its callback runs, so the callback cannot refuse one). Bounded; the excess is counted. */
#define OVERFLOW_LIMIT_BYTES (32u << 20)

struct session {
	struct offcpu_bpf *skel;
	struct ring_buffer *ring;
	struct bpf_link *totals_iterator;
	const char *attach_mode;
	/* Poll target, valid during one poll call. */
	char *out;
	size_t out_capacity;
	size_t out_used;
	/* Records waiting for room in the Java buffer. */
	char *overflow;
	size_t overflow_used;
	size_t overflow_capacity;
	__u64 overflow_dropped;
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

/* Whether this kernel has the tracepoint: its BTF holds a btf_trace_<name> typedef for each. */
static bool has_tracepoint(const struct btf *vmlinux, const char *name)
{
	char type_name[128];

	snprintf(type_name, sizeof(type_name), "btf_trace_%s", name);
	return vmlinux && btf__find_by_name_kind(vmlinux, type_name, BTF_KIND_TYPEDEF) >= 0;
}

/* Loads a hook pair (entry and exit) only where the kernel has both tracepoints. */
static void autoload_pair(const struct btf *vmlinux, struct bpf_program *entry,
			  struct bpf_program *exit, const char *entry_name, const char *exit_name)
{
	bool present = has_tracepoint(vmlinux, entry_name) && has_tracepoint(vmlinux, exit_name);

	bpf_program__set_autoload(entry, present);
	bpf_program__set_autoload(exit, present);
}

/* The x86 IPI and irq_work hooks, where the kernel has them. */
static void set_vector_autoload(struct offcpu_bpf *skel)
{
	struct btf *vmlinux = btf__load_vmlinux_btf();

	autoload_pair(vmlinux, skel->progs.offcpu_call_function_entry,
		      skel->progs.offcpu_call_function_exit, "call_function_entry",
		      "call_function_exit");
	autoload_pair(vmlinux, skel->progs.offcpu_call_function_single_entry,
		      skel->progs.offcpu_call_function_single_exit, "call_function_single_entry",
		      "call_function_single_exit");
	autoload_pair(vmlinux, skel->progs.offcpu_irq_work_entry, skel->progs.offcpu_irq_work_exit,
		      "irq_work_entry", "irq_work_exit");
	btf__free(vmlinux);
}

static void set_autoload(struct offcpu_bpf *skel, bool btf)
{
	bpf_program__set_autoload(skel->progs.offcpu_switch_btf, btf);
	bpf_program__set_autoload(skel->progs.offcpu_waking_btf, btf);
	bpf_program__set_autoload(skel->progs.offcpu_wakeup_btf, btf);
	bpf_program__set_autoload(skel->progs.offcpu_wakeup_new_btf, btf);
	bpf_program__set_autoload(skel->progs.offcpu_exit_btf, btf);
	bpf_program__set_autoload(skel->progs.offcpu_sys_exit_btf, btf);
	bpf_program__set_autoload(skel->progs.offcpu_switch_raw, !btf);
	bpf_program__set_autoload(skel->progs.offcpu_waking_raw, !btf);
	bpf_program__set_autoload(skel->progs.offcpu_wakeup_raw, !btf);
	bpf_program__set_autoload(skel->progs.offcpu_wakeup_new_raw, !btf);
	bpf_program__set_autoload(skel->progs.offcpu_exit_raw, !btf);
	bpf_program__set_autoload(skel->progs.offcpu_sys_exit_raw, !btf);
	set_vector_autoload(skel);
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
	skel->rodata->wakeup_bytes = ring_bytes / 4;
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
	size_t moved = 0;

	while (moved < s->overflow_used) {
		struct offcpu_record_header *record = (void *)(s->overflow + moved);
		size_t size = record->record_size;

		if (s->out_used + size > s->out_capacity)
			break;
		memcpy(s->out + s->out_used, record, size);
		s->out_used += size;
		moved += size;
	}
	memmove(s->overflow, s->overflow + moved, s->overflow_used - moved);
	s->overflow_used -= moved;
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
		free(s);
	}
	throw_bpf(env, stage, err);
	return 0;
}

/*
 * Gives the pages of memory freed since back to the kernel. Loading parses the kernel's BTF (megabytes,
 * freed by libbpf after the load) and building unwind tables parses each file's .eh_frame; glibc keeps
 * such freed memory in the arena of the thread that freed it, resident in the profiled JVM for its whole
 * life (about 30 MB measured after a start), unless trimmed.
 */
static void release_freed_memory(void)
{
	malloc_trim(0);
}

/* Attaches the loaded programs: tracing starts here, once the walker's tables are in place. */
JNIEXPORT void JNICALL Java_io_offcpu_jni_OffCpuBpf_attach0(JNIEnv *env, jclass type, jlong handle)
{
	int err = offcpu_bpf__attach(session_of(handle)->skel);

	release_freed_memory();
	if (err)
		throw_bpf(env, "cannot attach to scheduler tracepoints", -err);
}

JNIEXPORT jstring JNICALL Java_io_offcpu_jni_OffCpuBpf_attachMode(JNIEnv *env, jclass type,
								  jlong handle)
{
	return (*env)->NewStringUTF(env, session_of(handle)->attach_mode);
}

JNIEXPORT jlong JNICALL Java_io_offcpu_jni_OffCpuBpf_overflowLimitBytes(JNIEnv *env, jclass type)
{
	return OVERFLOW_LIMIT_BYTES;
}

/* Waits up to timeout_ms for a wakeup, then takes every record available; returns bytes. */
JNIEXPORT jint JNICALL Java_io_offcpu_jni_OffCpuBpf_poll(JNIEnv *env, jclass type, jlong handle,
							 jobject buffer, jint timeout_ms)
{
	struct session *s = session_of(handle);
	int err;

	s->out = (*env)->GetDirectBufferAddress(env, buffer);
	s->out_capacity = (*env)->GetDirectBufferCapacity(env, buffer);
	s->out_used = 0;
	if (!s->out) {
		throw_bpf(env, "poll needs a direct buffer", EINVAL);
		return 0;
	}
	drain_overflow(s);
	if (!s->overflow_used) {
		/* Records are written with BPF_RB_NO_WAKEUP below the fill level, so the epoll wait
		 * mostly times out: consume whatever is there either way. */
		err = ring_buffer__poll(s->ring, s->out_used ? 0 : timeout_ms);
		if (err >= 0)
			err = ring_buffer__consume(s->ring);
		if (err < 0 && err != -EINTR) {
			throw_bpf(env, "cannot read ring buffer", -err);
			return 0;
		}
	}
	return (jint)s->out_used;
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
		err = update_values(s->skel->maps.unwind_rows, (__u32)first,
				    (const char *)table.rows, table.row_count, sizeof(*table.rows));
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
	int err;

	walker_tables_write_begin(s);
	err = update_array(env, s->skel->maps.unwind_rows, first, rows, count,
			   sizeof(struct offcpu_unwind_row));
	walker_tables_write_end(s);
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
	ring_buffer__free(s->ring);
	bpf_link__destroy(s->totals_iterator);
	offcpu_bpf__destroy(s->skel);
	free(s->overflow);
	free(s);
}
