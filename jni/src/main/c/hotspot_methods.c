// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Names of interpreted frames: the walker notes each interpreter frame's Method* and bytecode
 * pointer; here they become class, method, signature and bytecode index, through the VMStructs
 * layout of Method -> ConstMethod -> ConstantPool -> pool holder Klass and its Symbols.
 * Every read goes through process_vm_readv on this process, so a stale or bogus Method* (a class
 * unloaded since) yields an error, never a crash of the application.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <jni.h>
#include "hotspot_vmstructs.h"
#include "self_memory.h"

#define MAX_SYMBOL_BYTES 2048

struct method_layout {
	int resolved; /* 1 ok, -1 this JVM lacks an entry */
	long method_const_method;
	long const_method_constants;
	long const_method_name_index;
	long const_method_signature_index;
	long const_method_size;
	long const_method_code_size;
	long const_method_flags;   /* u2 on JDK 17, u4 ConstMethodFlags on JDK 21+ */
	long has_linenumber_table; /* the flag's bit */
	int flags_are_u4;
	int unsigned5_excluded; /* bytes below this never occur in a number (JDK 21+: 1) */
	long constant_pool_holder;
	long constant_pool_size;
	long klass_name;
	long symbol_length;
	long symbol_body;
};

static struct method_layout layout;

static int resolve_layout(void)
{
	if (layout.resolved)
		return layout.resolved;
	layout.method_const_method = vmstructs_field_offset("Method", "_constMethod");
	layout.const_method_constants = vmstructs_field_offset("ConstMethod", "_constants");
	layout.const_method_name_index = vmstructs_field_offset("ConstMethod", "_name_index");
	layout.const_method_signature_index = vmstructs_field_offset("ConstMethod", "_signature_"
										    "index");
	layout.const_method_size = vmstructs_type_size("ConstMethod");
	layout.const_method_code_size = vmstructs_field_offset("ConstMethod", "_code_size");
	layout.constant_pool_holder = vmstructs_field_offset("ConstantPool", "_pool_holder");
	layout.constant_pool_size = vmstructs_type_size("ConstantPool");
	layout.klass_name = vmstructs_field_offset("Klass", "_name");
	layout.symbol_length = vmstructs_field_offset("Symbol", "_length");
	layout.symbol_body = vmstructs_field_offset("Symbol", "_body");
	/* Line numbers are optional: a JVM describing neither layout still gets names. */
	layout.const_method_flags = vmstructs_field_offset("ConstMethod", "_flags");
	layout.has_linenumber_table = vmstructs_int_constant("ConstMethod::_has_linenumber_table");
	if (layout.const_method_flags < 0 || layout.has_linenumber_table < 0) {
		/* JDK 21 moved the flags into ConstMethodFlags and the streams onto UNSIGNED5. */
		layout.const_method_flags = vmstructs_field_offset("ConstMethod", "_flags._flags");
		layout.has_linenumber_table = vmstructs_int_constant("ConstMethodFlags::_misc_has_"
								     "linenumber_table");
		layout.flags_are_u4 = 1;
		layout.unsigned5_excluded = 1;
	}
	layout.resolved = 1;
	for (long *v = &layout.method_const_method; v <= &layout.const_method_code_size; v++)
		if (*v < 0)
			layout.resolved = -1;
	return layout.resolved;
}

static jstring read_symbol(JNIEnv *env, uintptr_t symbol)
{
	char text[MAX_SYMBOL_BYTES + 1];
	uint16_t length;

	if (self_read(symbol + layout.symbol_length, &length, sizeof(length)) ||
	    length > MAX_SYMBOL_BYTES || self_read(symbol + layout.symbol_body, text, length))
		return NULL;
	text[length] = 0;
	/* Symbols are modified UTF-8, which is what NewStringUTF takes. */
	return (*env)->NewStringUTF(env, text);
}

static jstring constant_pool_symbol(JNIEnv *env, uintptr_t pool, uint16_t index)
{
	uintptr_t symbol;

	/* The pool's slots follow the ConstantPool object; a Utf8 slot holds a Symbol*. */
	if (self_read_pointer(pool + layout.constant_pool_size + index * sizeof(uintptr_t),
			      &symbol))
		return NULL;
	return read_symbol(env, symbol & ~(uintptr_t)1);
}

/* The line table, read through a small window: most tables are a few dozen bytes. */
#define LINE_WINDOW_BYTES 256
#define MAX_LINE_TABLE_BYTES 65536

struct line_table {
	uintptr_t start;
	size_t window_at; /* table offset of window[0] */
	size_t window_length;
	uint8_t window[LINE_WINDOW_BYTES];
};

/* The table's byte at offset `at`, or -1 when unreadable. */
static int table_byte(struct line_table *t, size_t at)
{
	if (at < t->window_at || at >= t->window_at + t->window_length) {
		if (at >= MAX_LINE_TABLE_BYTES)
			return -1;
		t->window_at = at;
		t->window_length = LINE_WINDOW_BYTES;
		/* Near the end of a mapping only a shorter read succeeds. */
		while (t->window_length >= 8 &&
		       self_read(t->start + at, t->window, t->window_length))
			t->window_length /= 2;
		if (t->window_length < 8)
			return -1;
	}
	return t->window[at - t->window_at];
}

/*
 * One number of HotSpot's compressed streams (CompressedReadStream): base-64 continuation bytes
 * ("UNSIGNED5"); since JDK 21 every byte is offset by `excluded` so that no byte is 0.
 */
static int read_signed5(struct line_table *t, size_t *at, int excluded, int32_t *out)
{
	const int lg_h = 6, low = 256 - 64 - excluded, max_bytes = 5;
	uint32_t sum = 0;

	for (int i = 0; i < max_bytes; i++) {
		int b = table_byte(t, (*at)++);

		if (b < 0)
			return -1;
		b -= excluded;
		sum += (uint32_t)b << (lg_h * i);
		if (b < low || i == max_bytes - 1)
			break;
	}
	*out = (int32_t)(sum >> 1) ^ -(int32_t)(sum & 1);
	return 0;
}

/*
 * The source line of bci, as Method::line_number_from_bci computes it: from the compressed line
 * number table that follows the bytecodes (pairs of bci and line deltas, 0 ends it). -1 unknown.
 */
static int line_of(uintptr_t const_method, uint16_t code_size, int bci)
{
	struct line_table table = { 0 };
	uint32_t flags = 0;
	int best_bci = 0, best_line = -1, cur_bci = 0, cur_line = 0;
	size_t at = 0;

	if (layout.const_method_flags < 0 || layout.has_linenumber_table < 0 || bci < 0 ||
	    bci >= code_size)
		return -1;
	if (self_read(const_method + layout.const_method_flags, &flags,
		      layout.flags_are_u4 ? 4 : 2))
		return -1;
	if (!(flags & layout.has_linenumber_table))
		return -1;
	table.start = const_method + layout.const_method_size + code_size;
	for (;;) {
		int next = table_byte(&table, at++);
		int32_t bci_delta, line_delta;

		if (next <= 0)
			break;
		if (next == 0xFF) {
			if (read_signed5(&table, &at, layout.unsigned5_excluded, &bci_delta) ||
			    read_signed5(&table, &at, layout.unsigned5_excluded, &line_delta))
				break;
			cur_bci += bci_delta;
			cur_line += line_delta;
		} else {
			cur_bci += next >> 3;
			cur_line += next & 7;
		}
		if (cur_bci == bci)
			return cur_line;
		if (cur_bci < bci && cur_bci >= best_bci) {
			best_bci = cur_bci;
			best_line = cur_line;
		}
	}
	return best_line;
}

/*
 * For each Method* (and bytecode pointer), sets names[3*i .. 3*i+2] to class (internal form),
 * method name and signature, bcis[i] to the bytecode index and lines[i] to its source line (-1
 * when unknown). Unresolvable entries stay null. Returns false when this JVM lacks the VMStructs
 * entries needed.
 */
JNIEXPORT jboolean JNICALL Java_io_offcpu_jni_HotSpotMethods_resolve(
	JNIEnv *env, jclass type, jlongArray methods, jlongArray bcps, jobjectArray names,
	jintArray bcis, jintArray lines)
{
	jsize count = (*env)->GetArrayLength(env, methods);

	if (resolve_layout() < 0)
		return JNI_FALSE;
	for (jsize i = 0; i < count; i++) {
		jlong method, bcp;
		uintptr_t const_method, pool, holder, class_symbol;
		uint16_t name_index, signature_index, code_size = 0;
		jint bci = -1, line;
		jstring class_name, method_name, signature;

		(*env)->GetLongArrayRegion(env, methods, i, 1, &method);
		(*env)->GetLongArrayRegion(env, bcps, i, 1, &bcp);
		if (self_read_pointer(method + layout.method_const_method, &const_method) ||
		    self_read_pointer(const_method + layout.const_method_constants, &pool) ||
		    self_read(const_method + layout.const_method_name_index, &name_index, 2) ||
		    self_read(const_method + layout.const_method_signature_index, &signature_index,
			      2) ||
		    self_read_pointer(pool + layout.constant_pool_holder, &holder) ||
		    self_read_pointer(holder + layout.klass_name, &class_symbol))
			continue;
		class_name = read_symbol(env, class_symbol);
		method_name = constant_pool_symbol(env, pool, name_index);
		signature = constant_pool_symbol(env, pool, signature_index);
		if (!class_name || !method_name || !signature)
			continue;
		/* Bytecodes follow the ConstMethod object; a native method's frame has no bcp. */
		if (!self_read(const_method + layout.const_method_code_size, &code_size, 2) &&
		    (uintptr_t)bcp >= const_method + layout.const_method_size &&
		    (uintptr_t)bcp < const_method + layout.const_method_size + code_size)
			bci = (jint)((uintptr_t)bcp - const_method - layout.const_method_size);
		(*env)->SetObjectArrayElement(env, names, 3 * i, class_name);
		(*env)->SetObjectArrayElement(env, names, 3 * i + 1, method_name);
		(*env)->SetObjectArrayElement(env, names, 3 * i + 2, signature);
		line = line_of(const_method, code_size, bci);
		(*env)->SetIntArrayRegion(env, bcis, i, 1, &bci);
		(*env)->SetIntArrayRegion(env, lines, i, 1, &line);
		(*env)->DeleteLocalRef(env, class_name);
		(*env)->DeleteLocalRef(env, method_name);
		(*env)->DeleteLocalRef(env, signature);
	}
	return JNI_TRUE;
}
