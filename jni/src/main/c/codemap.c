/*
 * JVMTI code events into a bounded buffer of records (layout in codemap.h), drained by Java
 * through io.offcpu.jni.CodeEvents. Callbacks run on arbitrary JVM threads (compiler threads,
 * the ServiceThread that posts deferred events, the thread inside GenerateEvents); they only
 * resolve names through JVMTI and append bytes under a mutex, never call Java.
 */
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jvmti.h>
#include <jvmticmlr.h>

#include "codemap.h"

static JavaVM *java_vm;
static jvmtiEnv *jvmti;
static int load_error = -1; /* codemap_on_load not run yet */
static char load_error_what[96] = "codemap_on_load was not called";

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
/* Records waiting for drain(), oldest first; all below guarded by lock. */
static uint8_t *pending;
static size_t pending_len, pending_cap;
static uint64_t dropped_records;
/* jmethodIDs already sent as CODEMAP_METHOD: open addressing, 0 marks a free slot. */
static uint64_t *seen_ids;
static size_t seen_cap, seen_count;

/* Set while this thread is inside GenerateEvents: HotSpot posts the replayed events on the
 * calling thread (JvmtiCodeBlobEvents, JDK 17 and 25), so they can be flagged as replayed. */
static __thread int replaying;

static uint64_t monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint16_t event_flags(void)
{
	return replaying ? CODEMAP_FLAG_REPLAYED : 0;
}

/* ---- record building: a growable byte array per event, built outside the lock ---- */

struct builder {
	uint8_t *data;
	size_t len, cap;
	int failed; /* out of memory or over CODEMAP_MAX_RECORD_BYTES */
};

static void *builder_reserve(struct builder *b, size_t n)
{
	if (b->failed)
		return NULL;
	if (b->len + n > CODEMAP_MAX_RECORD_BYTES) {
		b->failed = 1;
		return NULL;
	}
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 512;
		uint8_t *data;

		while (cap < b->len + n)
			cap *= 2;
		data = realloc(b->data, cap);
		if (!data) {
			b->failed = 1;
			return NULL;
		}
		b->data = data;
		b->cap = cap;
	}
	b->len += n;
	return memset(b->data + b->len - n, 0, n);
}

static void builder_put(struct builder *b, const void *src, size_t n)
{
	void *dst = builder_reserve(b, n);

	if (dst && n)
		memcpy(dst, src, n);
}

/* Pads to 8 and stores the final size into the header at offset 0. */
static int builder_finish(struct builder *b)
{
	size_t pad = (8 - b->len % 8) % 8;

	builder_reserve(b, pad);
	if (b->failed)
		return -1;
	((struct codemap_header *)b->data)->size = (uint32_t)b->len;
	return 0;
}

/* ---- the pending buffer and the set of methods already sent ---- */

static int seen_contains(uint64_t id)
{
	size_t i;

	if (!seen_cap)
		return 0;
	for (i = (id * 0x9e3779b97f4a7c15ull) >> 20 & (seen_cap - 1); seen_ids[i];
	     i = (i + 1) & (seen_cap - 1))
		if (seen_ids[i] == id)
			return 1;
	return 0;
}

static void seen_add(uint64_t id)
{
	size_t i;

	if ((seen_count + 1) * 2 > seen_cap) {
		size_t cap = seen_cap ? seen_cap * 2 : 4096, j;
		uint64_t *ids = calloc(cap, sizeof(*ids));

		if (!ids)
			return; /* only costs a repeated METHOD record later */
		for (j = 0; j < seen_cap; j++) {
			if (!seen_ids[j])
				continue;
			for (i = (seen_ids[j] * 0x9e3779b97f4a7c15ull) >> 20 & (cap - 1); ids[i];
			     i = (i + 1) & (cap - 1))
				;
			ids[i] = seen_ids[j];
		}
		free(seen_ids);
		seen_ids = ids;
		seen_cap = cap;
	}
	for (i = (id * 0x9e3779b97f4a7c15ull) >> 20 & (seen_cap - 1); seen_ids[i];
	     i = (i + 1) & (seen_cap - 1))
		if (seen_ids[i] == id)
			return;
	seen_ids[i] = id;
	seen_count++;
}

/* Appends a finished record, or counts it as dropped. A METHOD record marks its id as sent
 * only once appended, so a dropped one is tried again with the next event naming it. */
static void append_record(const struct builder *b, uint64_t method_id_sent)
{
	pthread_mutex_lock(&lock);
	if (pending_len + b->len > CODEMAP_BUFFER_LIMIT_BYTES) {
		dropped_records++;
		goto out;
	}
	if (pending_len + b->len > pending_cap) {
		size_t cap = pending_cap ? pending_cap : 256u << 10;
		uint8_t *data;

		while (cap < pending_len + b->len)
			cap *= 2;
		if (cap > CODEMAP_BUFFER_LIMIT_BYTES)
			cap = CODEMAP_BUFFER_LIMIT_BYTES;
		data = realloc(pending, cap);
		if (!data) {
			dropped_records++;
			goto out;
		}
		pending = data;
		pending_cap = cap;
	}
	memcpy(pending + pending_len, b->data, b->len);
	pending_len += b->len;
	if (method_id_sent)
		seen_add(method_id_sent);
out:
	pthread_mutex_unlock(&lock);
}

static int method_already_sent(uint64_t id)
{
	int sent;

	pthread_mutex_lock(&lock);
	sent = seen_contains(id);
	pthread_mutex_unlock(&lock);
	return sent;
}

static void count_drop(void)
{
	pthread_mutex_lock(&lock);
	dropped_records++;
	pthread_mutex_unlock(&lock);
}

/* ---- records ---- */

static size_t str_len(const char *s)
{
	return s ? strlen(s) : 0;
}

/* Resolves a method's names and line table now: its class may be unloaded before Java reads
 * the record. A method JVMTI cannot resolve any more is skipped; Java shows its bare id. */
static void send_method(jvmtiEnv *env, jmethodID method)
{
	char *name = NULL, *signature = NULL, *class_signature = NULL, *source_file = NULL;
	jvmtiLineNumberEntry *lines = NULL;
	jint line_count = 0, i;
	jclass klass = NULL;
	JNIEnv *jni = NULL;
	struct builder b = { 0 };
	struct codemap_method *m;

	if ((*env)->GetMethodName(env, method, &name, &signature, NULL) != JVMTI_ERROR_NONE)
		goto out;
	if ((*env)->GetMethodDeclaringClass(env, method, &klass) == JVMTI_ERROR_NONE) {
		(*env)->GetClassSignature(env, klass, &class_signature, NULL);
		/* Fails with ABSENT_INFORMATION for classes without a SourceFile attribute. */
		(*env)->GetSourceFileName(env, klass, &source_file);
	}
	/* Fails for native and abstract methods and classes compiled without -g:lines. */
	if ((*env)->GetLineNumberTable(env, method, &line_count, &lines) != JVMTI_ERROR_NONE)
		line_count = 0;

	m = builder_reserve(&b, sizeof(*m));
	if (m) {
		m->header.type = CODEMAP_METHOD;
		m->header.flags = event_flags();
		m->method_id = (uint64_t)(uintptr_t)method;
		m->line_count = (uint32_t)line_count;
		m->class_signature_len = (uint32_t)str_len(class_signature);
		m->name_len = (uint32_t)str_len(name);
		m->signature_len = (uint32_t)str_len(signature);
		m->source_file_len = (uint32_t)str_len(source_file);
	}
	for (i = 0; i < line_count; i++) {
		struct codemap_line line = {
			.start_bci = (int32_t)lines[i].start_location,
			.line_number = lines[i].line_number,
		};
		builder_put(&b, &line, sizeof(line));
	}
	builder_put(&b, class_signature, str_len(class_signature));
	builder_put(&b, name, str_len(name));
	builder_put(&b, signature, str_len(signature));
	builder_put(&b, source_file, str_len(source_file));
	if (builder_finish(&b) == 0)
		append_record(&b, (uint64_t)(uintptr_t)method);
	else
		count_drop();
out:
	if (klass && java_vm &&
	    (*java_vm)->GetEnv(java_vm, (void **)&jni, JNI_VERSION_1_8) == JNI_OK)
		(*jni)->DeleteLocalRef(jni, klass);
	(*env)->Deallocate(env, (unsigned char *)name);
	(*env)->Deallocate(env, (unsigned char *)signature);
	(*env)->Deallocate(env, (unsigned char *)class_signature);
	(*env)->Deallocate(env, (unsigned char *)source_file);
	(*env)->Deallocate(env, (unsigned char *)lines);
	free(b.data);
}

static const jvmtiCompiledMethodLoadInlineRecord *find_inline_record(const void *compile_info)
{
	const jvmtiCompiledMethodLoadRecordHeader *h;

	for (h = compile_info; h; h = h->next)
		if (h->kind == JVMTI_CMLR_INLINE_INFO)
			return (const jvmtiCompiledMethodLoadInlineRecord *)h;
	return NULL;
}

static int compare_ids(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Sends METHOD records for the compiled method and every method inlined into it that were not
 * sent before; the ids are deduplicated first so the lock is taken once per distinct method. */
static void send_new_methods(jvmtiEnv *env, jmethodID method,
			     const jvmtiCompiledMethodLoadInlineRecord *inl)
{
	size_t n = 1, i, total = 1;
	uint64_t *ids;
	jint p, f;

	if (inl)
		for (p = 0; p < inl->numpcs; p++)
			total += (size_t)inl->pcinfo[p].numstackframes;
	ids = malloc(total * sizeof(*ids));
	if (!ids) {
		if (!method_already_sent((uint64_t)(uintptr_t)method))
			send_method(env, method);
		return;
	}
	ids[0] = (uint64_t)(uintptr_t)method;
	if (inl)
		for (p = 0; p < inl->numpcs; p++)
			for (f = 0; f < inl->pcinfo[p].numstackframes; f++)
				ids[n++] = (uint64_t)(uintptr_t)inl->pcinfo[p].methods[f];
	qsort(ids, n, sizeof(*ids), compare_ids);
	for (i = 0; i < n; i++)
		if (ids[i] && (i == 0 || ids[i] != ids[i - 1]) && !method_already_sent(ids[i]))
			send_method(env, (jmethodID)(uintptr_t)ids[i]);
	free(ids);
}

static void JNICALL on_compiled_method_load(jvmtiEnv *env, jmethodID method, jint code_size,
					    const void *code_addr, jint map_length,
					    const jvmtiAddrLocationMap *map,
					    const void *compile_info)
{
	const jvmtiCompiledMethodLoadInlineRecord *inl = find_inline_record(compile_info);
	struct builder b = { 0 };
	struct codemap_compiled_load *load;
	uint64_t now = monotonic_ns();
	size_t pc_count_at;
	jint p, f;

	send_new_methods(env, method, inl);

	load = builder_reserve(&b, sizeof(*load));
	if (!load) {
		count_drop();
		return;
	}
	load->header.type = CODEMAP_COMPILED_LOAD;
	load->header.flags = event_flags();
	load->timestamp_ns = now;
	load->method_id = (uint64_t)(uintptr_t)method;
	load->code_start = (uint64_t)(uintptr_t)code_addr;
	load->code_size = (uint32_t)code_size;
	pc_count_at = offsetof(struct codemap_compiled_load, pc_count);
	for (p = 0; inl && p < inl->numpcs; p++) {
		const PCStackInfo *info = &inl->pcinfo[p];
		size_t need = sizeof(struct codemap_pc) +
			      (size_t)info->numstackframes * sizeof(struct codemap_frame);
		struct codemap_pc pc = {
			.pc = (uint64_t)(uintptr_t)info->pc,
			.frame_count = (uint32_t)info->numstackframes,
		};

		/* Leave room for padding; a cut record keeps the pcs that fit. */
		if (b.len + need + 8 > CODEMAP_MAX_RECORD_BYTES) {
			((struct codemap_header *)b.data)->flags |= CODEMAP_FLAG_TRUNCATED;
			break;
		}
		builder_put(&b, &pc, sizeof(pc));
		for (f = 0; f < info->numstackframes; f++) {
			struct codemap_frame frame = {
				.method_id = (uint64_t)(uintptr_t)info->methods[f],
				.bci = info->bcis[f],
			};
			builder_put(&b, &frame, sizeof(frame));
		}
		if (b.failed)
			break;
		(*(uint32_t *)(b.data + pc_count_at))++;
	}
	if (builder_finish(&b) == 0)
		append_record(&b, 0);
	else
		count_drop();
	free(b.data);
}

static void JNICALL on_compiled_method_unload(jvmtiEnv *env, jmethodID method,
					      const void *code_addr)
{
	struct codemap_compiled_unload unload = {
		.header = { .type = CODEMAP_COMPILED_UNLOAD,
			    .flags = event_flags(),
			    .size = sizeof(unload) },
		.timestamp_ns = monotonic_ns(),
		.method_id = (uint64_t)(uintptr_t)method,
		.code_start = (uint64_t)(uintptr_t)code_addr,
	};
	struct builder b = { .data = (uint8_t *)&unload, .len = sizeof(unload) };

	append_record(&b, 0);
}

static void JNICALL on_dynamic_code_generated(jvmtiEnv *env, const char *name, const void *address,
					      jint length)
{
	struct builder b = { 0 };
	struct codemap_dynamic_code *code = builder_reserve(&b, sizeof(*code));

	if (code) {
		code->header.type = CODEMAP_DYNAMIC_CODE;
		code->header.flags = event_flags();
		code->timestamp_ns = monotonic_ns();
		code->code_start = (uint64_t)(uintptr_t)address;
		code->code_size = (uint32_t)length;
		code->name_len = (uint32_t)str_len(name);
	}
	builder_put(&b, name, str_len(name));
	if (builder_finish(&b) == 0)
		append_record(&b, 0);
	else
		count_drop();
	free(b.data);
}

/* ---- lifecycle ---- */

static const jvmtiEvent code_events[] = {
	JVMTI_EVENT_COMPILED_METHOD_LOAD,
	JVMTI_EVENT_COMPILED_METHOD_UNLOAD,
	JVMTI_EVENT_DYNAMIC_CODE_GENERATED,
};

static int set_events(jvmtiEventMode mode, const char **failed)
{
	size_t i;
	jvmtiError err;

	for (i = 0; i < sizeof(code_events) / sizeof(code_events[0]); i++) {
		err = (*jvmti)->SetEventNotificationMode(jvmti, mode, code_events[i], NULL);
		if (err != JVMTI_ERROR_NONE) {
			*failed = "SetEventNotificationMode";
			return err;
		}
	}
	return 0;
}

static int fail(int err, const char *what)
{
	snprintf(load_error_what, sizeof(load_error_what), "%s", what);
	load_error = err;
	return err;
}

int codemap_on_load(JavaVM *vm)
{
	jvmtiCapabilities potential = { 0 }, wanted = { 0 };
	jvmtiEventCallbacks callbacks = { 0 };
	const char *failed = NULL;
	jint jerr;
	int err;

	java_vm = vm;
	jerr = (*vm)->GetEnv(vm, (void **)&jvmti, JVMTI_VERSION_1_2);
	if (jerr != JNI_OK) {
		jvmti = NULL;
		return fail(jerr, "GetEnv(JVMTI_VERSION_1_2)");
	}
	err = (*jvmti)->GetPotentialCapabilities(jvmti, &potential);
	if (err)
		return fail(err, "GetPotentialCapabilities");
	wanted.can_generate_compiled_method_load_events = 1;
	/* Nice to have; both are "always" capabilities in HotSpot. */
	wanted.can_get_line_numbers = potential.can_get_line_numbers;
	wanted.can_get_source_file_name = potential.can_get_source_file_name;
	err = (*jvmti)->AddCapabilities(jvmti, &wanted);
	if (err)
		return fail(err, "AddCapabilities(can_generate_compiled_method_load_events)");

	callbacks.CompiledMethodLoad = on_compiled_method_load;
	callbacks.CompiledMethodUnload = on_compiled_method_unload;
	callbacks.DynamicCodeGenerated = on_dynamic_code_generated;
	err = (*jvmti)->SetEventCallbacks(jvmti, &callbacks, sizeof(callbacks));
	if (err)
		return fail(err, "SetEventCallbacks");
	err = set_events(JVMTI_ENABLE, &failed);
	if (err)
		return fail(err, failed);
	load_error = 0;
	return 0;
}

void codemap_on_unload(JavaVM *vm)
{
	const char *failed;

	if (jvmti) {
		set_events(JVMTI_DISABLE, &failed);
		(*jvmti)->DisposeEnvironment(jvmti);
		jvmti = NULL;
	}
	pthread_mutex_lock(&lock);
	free(pending);
	pending = NULL;
	pending_len = pending_cap = 0;
	free(seen_ids);
	seen_ids = NULL;
	seen_cap = seen_count = 0;
	pthread_mutex_unlock(&lock);
}

/* ---- natives of io.offcpu.jni.CodeEvents ---- */

static void throw_new(JNIEnv *env, const char *class_name, const char *message)
{
	jclass cls = (*env)->FindClass(env, class_name);

	if (cls)
		(*env)->ThrowNew(env, cls, message);
}

static int require_jvmti(JNIEnv *env)
{
	char message[256];

	if (jvmti)
		return 1;
	snprintf(message, sizeof(message), "offcpu: no JVMTI code events: %s failed with error %d",
		 load_error_what, load_error);
	throw_new(env, "java/lang/IllegalStateException", message);
	return 0;
}

JNIEXPORT void JNICALL Java_io_offcpu_jni_CodeEvents_start(JNIEnv *env, jclass cls)
{
	static const jvmtiEvent replayed[] = {
		JVMTI_EVENT_DYNAMIC_CODE_GENERATED,
		JVMTI_EVENT_COMPILED_METHOD_LOAD,
	};
	const char *failed = NULL;
	char message[256];
	size_t i;
	int err;

	if (!require_jvmti(env))
		return;
	/* A new session has an empty code map: every method must be sent again, and nothing left
	 * from an earlier session may reach it. */
	pthread_mutex_lock(&lock);
	if (seen_ids)
		memset(seen_ids, 0, seen_cap * sizeof(*seen_ids));
	seen_count = 0;
	pending_len = 0;
	pthread_mutex_unlock(&lock);
	err = set_events(JVMTI_ENABLE, &failed);
	for (i = 0; !err && i < sizeof(replayed) / sizeof(replayed[0]); i++) {
		replaying = 1;
		err = (*jvmti)->GenerateEvents(jvmti, replayed[i]);
		replaying = 0;
		failed = "GenerateEvents";
	}
	if (err) {
		snprintf(message, sizeof(message),
			 "offcpu: cannot replay the code already generated: JVMTI %s failed with "
			 "error %d",
			 failed, err);
		throw_new(env, "java/lang/IllegalStateException", message);
	}
}

JNIEXPORT void JNICALL Java_io_offcpu_jni_CodeEvents_stop(JNIEnv *env, jclass cls)
{
	const char *failed;

	if (jvmti)
		set_events(JVMTI_DISABLE, &failed);
}

JNIEXPORT jint JNICALL Java_io_offcpu_jni_CodeEvents_drain(JNIEnv *env, jclass cls, jobject buffer)
{
	uint8_t *dst = buffer ? (*env)->GetDirectBufferAddress(env, buffer) : NULL;
	jlong capacity = buffer ? (*env)->GetDirectBufferCapacity(env, buffer) : -1;
	char message[160];
	size_t n = 0;

	if (!dst || capacity < (jlong)CODEMAP_MAX_RECORD_BYTES) {
		snprintf(message, sizeof(message),
			 "offcpu: drain needs a direct ByteBuffer of at least %u bytes, got %s "
			 "with capacity %lld",
			 CODEMAP_MAX_RECORD_BYTES, dst ? "one" : "a heap or null buffer",
			 (long long)capacity);
		throw_new(env, "java/lang/IllegalArgumentException", message);
		return -1;
	}
	pthread_mutex_lock(&lock);
	while (n < pending_len) {
		uint32_t size = ((const struct codemap_header *)(pending + n))->size;

		if (n + size > (size_t)capacity)
			break;
		n += size;
	}
	memcpy(dst, pending, n);
	memmove(pending, pending + n, pending_len - n);
	pending_len -= n;
	pthread_mutex_unlock(&lock);
	return (jint)n;
}

JNIEXPORT jlong JNICALL Java_io_offcpu_jni_CodeEvents_droppedRecords(JNIEnv *env, jclass cls)
{
	uint64_t dropped;

	pthread_mutex_lock(&lock);
	dropped = dropped_records;
	pthread_mutex_unlock(&lock);
	return (jlong)dropped;
}

/* The format of the records; the Java decoder takes its layout from the same header at build time. */
JNIEXPORT jint JNICALL Java_io_offcpu_jni_CodeEvents_formatVersion(JNIEnv *env, jclass cls)
{
	return CODEMAP_FORMAT_VERSION;
}
