// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Records with a distinct value in every field, written through the C structs of bpf/offcpu.h and
 * packed as the BPF programs pack them (header, then only the used stack entries), for the tests of
 * the Java readers: a reader using an offset or a width other than the header's reads another
 * field's value, or the record does not parse; and a mapping table Java wrote, read back as the
 * walker reads it. Nothing in the profiler calls these.
 */
#include <string.h>
#include <jni.h>
#include <linux/types.h>
#include "offcpu.h"

#define SAMPLE_KERNEL_FRAMES 2
#define SAMPLE_USER_FRAMES 3

static size_t pack(char *out, const void *header, size_t header_size, const __u64 *kernel,
		   __u16 kernel_frames, const __u64 *user, __u16 user_frames,
		   const struct offcpu_interpreted_frame *interpreted, __u16 interpreted_frames)
{
	size_t at = 0;

	memcpy(out + at, header, header_size);
	at += header_size;
	memcpy(out + at, kernel, kernel_frames * sizeof(*kernel));
	at += kernel_frames * sizeof(*kernel);
	memcpy(out + at, user, user_frames * sizeof(*user));
	at += user_frames * sizeof(*user);
	memcpy(out + at, interpreted, interpreted_frames * sizeof(*interpreted));
	at += interpreted_frames * sizeof(*interpreted);
	((struct offcpu_record_header *)out)->record_size = (__u32)at;
	return at;
}

static size_t sample_episode(char *out)
{
	static struct offcpu_episode e = {
		.record_type = OFFCPU_RECORD_EPISODE,
		.start_ns = 1000000001,
		.duration_ns = 2000000002,
		.run_queue_ns = 3000000003,
		.syscall_nr = -4,
		.weight_ns = 5000000005,
		.wakeup_id = 6000000006,
		.tid = 7007,
		.tgid = 8008,
		.waker_tid = 9009,
		.waker_tgid = 10010,
		.state = 2,
		.cpu_out = 11,
		.cpu_in = 12,
		.flags = OFFCPU_FLAG_IN_SYSCALL | OFFCPU_FLAG_SAMPLED,
		.kernel_frames = SAMPLE_KERNEL_FRAMES,
		.user_frames = SAMPLE_USER_FRAMES,
		.interpreted_frames = 1,
		.waker_comm = "sample-waker",
		.kernel_stack = { 0xffffffff81000001ull, 0xffffffff81000002ull },
		.user_stack = { 0x7f0000000001ull, 0x7f0000000002ull, 0x7f0000000003ull },
		.interpreted = { { .frame_index = 2,
				   .method = 0x7f00000a0000ull,
				   .bcp = 0x7f00000b0000ull } },
	};

	return pack(out, &e, OFFCPU_EPISODE_HEADER_SIZE, e.kernel_stack, e.kernel_frames,
		    e.user_stack, e.user_frames, e.interpreted, e.interpreted_frames);
}

static size_t sample_wakeup(char *out)
{
	static struct offcpu_wakeup w = {
		.record_type = OFFCPU_RECORD_WAKEUP,
		.time_ns = 13000000013,
		.wakeup_id = 6000000006,
		.waker_tid = 9009,
		.waker_tgid = 10010,
		.woken_tid = 7007,
		.cpu = 14,
		.flags = OFFCPU_FLAG_USER_STACK_TRUNCATED,
		.kernel_frames = 1,
		.user_frames = 2,
		.interpreted_frames = 1,
		.kernel_stack = { 0xffffffff82000001ull },
		.user_stack = { 0x7f0000000011ull, 0x7f0000000012ull },
		.interpreted = { { .frame_index = 1, .method = 0x7f00000c0000ull, .bcp = 0 } },
	};

	return pack(out, &w, OFFCPU_WAKEUP_HEADER_SIZE, w.kernel_stack, w.kernel_frames,
		    w.user_stack, w.user_frames, w.interpreted, w.interpreted_frames);
}

static size_t sample_totals(char *out)
{
	static const struct offcpu_thread_totals t = {
		.record_type = OFFCPU_RECORD_THREAD_TOTALS,
		.record_size = sizeof(t),
		.tid = 7007,
		.tgid = 8008,
		.time_ns = 15000000015,
		.off_cpu_ns = { [OFFCPU_BUCKET_SLEEPING] = 16,
				[OFFCPU_BUCKET_UNINTERRUPTIBLE] = 17,
				[OFFCPU_BUCKET_PREEMPTED] = 18 },
		.run_queue_ns = 19,
		.voluntary_switches = 20,
		.involuntary_switches = 21,
		.episodes = 22,
		.unseen_starts = 23,
		.open_since_ns = 24,
		.open_runnable_ns = 25,
		.open_bucket = OFFCPU_BUCKET_UNINTERRUPTIBLE,
		.flags = OFFCPU_TOTALS_EXITED,
	};

	memcpy(out, &t, sizeof(t));
	return sizeof(t);
}

/* Mapping `index` of a table Java wrote, as the walker reads it: start, end, bias, first_row,
 * row_count; null when the buffer is not direct or too small. */
JNIEXPORT jlongArray JNICALL Java_io_offcpu_jni_RecordSamples_readMapping(JNIEnv *env, jclass type,
									  jobject buffer,
									  jint index)
{
	const struct offcpu_mapping *table = (*env)->GetDirectBufferAddress(env, buffer);
	const struct offcpu_mapping *m = table + index;
	jlongArray result;

	if (!table || index < 0 ||
	    (*env)->GetDirectBufferCapacity(env, buffer) < (jlong)((index + 1) * sizeof(*m)))
		return NULL;
	result = (*env)->NewLongArray(env, 5);
	if (result) {
		const jlong fields[] = { (jlong)m->start, (jlong)m->end, (jlong)m->bias,
					 m->first_row, m->row_count };

		(*env)->SetLongArrayRegion(env, result, 0, 5, fields);
	}
	return result;
}

/* Writes an episode, a wakeup and thread totals into the direct buffer; returns the bytes written,
 * or -1 when the buffer is not direct or too small. */
JNIEXPORT jint JNICALL Java_io_offcpu_jni_RecordSamples_write(JNIEnv *env, jclass type,
							      jobject buffer)
{
	char *out = (*env)->GetDirectBufferAddress(env, buffer);
	size_t needed = sizeof(struct offcpu_episode) + sizeof(struct offcpu_wakeup) +
			sizeof(struct offcpu_thread_totals);
	size_t at = 0;

	if (!out || (*env)->GetDirectBufferCapacity(env, buffer) < (jlong)needed)
		return -1;
	at += sample_episode(out + at);
	at += sample_wakeup(out + at);
	at += sample_totals(out + at);
	return (jint)at;
}
