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
#include <sys/uio.h>
#include <unistd.h>
#include <jni.h>
#include "hotspot_vmstructs.h"

#define MAX_SYMBOL_BYTES 2048

struct method_layout {
	int resolved;	/* 1 ok, -1 this JVM lacks an entry */
	long method_const_method;
	long const_method_constants;
	long const_method_name_index;
	long const_method_signature_index;
	long const_method_size;
	long const_method_code_size;
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
	layout.const_method_signature_index = vmstructs_field_offset("ConstMethod", "_signature_index");
	layout.const_method_size = vmstructs_type_size("ConstMethod");
	layout.const_method_code_size = vmstructs_field_offset("ConstMethod", "_code_size");
	layout.constant_pool_holder = vmstructs_field_offset("ConstantPool", "_pool_holder");
	layout.constant_pool_size = vmstructs_type_size("ConstantPool");
	layout.klass_name = vmstructs_field_offset("Klass", "_name");
	layout.symbol_length = vmstructs_field_offset("Symbol", "_length");
	layout.symbol_body = vmstructs_field_offset("Symbol", "_body");
	layout.resolved = 1;
	for (long *v = &layout.method_const_method; v <= &layout.symbol_body; v++)
		if (*v < 0)
			layout.resolved = -1;
	return layout.resolved;
}

static int safe_read(uintptr_t address, void *out, size_t size)
{
	struct iovec local = { out, size };
	struct iovec remote = { (void *)address, size };

	if (address < 4096)
		return -1;
	return process_vm_readv(getpid(), &local, 1, &remote, 1, 0) == (ssize_t)size ? 0 : -1;
}

static int read_pointer(uintptr_t address, uintptr_t *out)
{
	return safe_read(address, out, sizeof(*out));
}

static jstring read_symbol(JNIEnv *env, uintptr_t symbol)
{
	char text[MAX_SYMBOL_BYTES + 1];
	uint16_t length;

	if (safe_read(symbol + layout.symbol_length, &length, sizeof(length)) ||
	    length > MAX_SYMBOL_BYTES || safe_read(symbol + layout.symbol_body, text, length))
		return NULL;
	text[length] = 0;
	/* Symbols are modified UTF-8, which is what NewStringUTF takes. */
	return (*env)->NewStringUTF(env, text);
}

static jstring constant_pool_symbol(JNIEnv *env, uintptr_t pool, uint16_t index)
{
	uintptr_t symbol;

	/* The pool's slots follow the ConstantPool object; a Utf8 slot holds a Symbol*. */
	if (read_pointer(pool + layout.constant_pool_size + index * sizeof(uintptr_t), &symbol))
		return NULL;
	return read_symbol(env, symbol & ~(uintptr_t)1);
}

/*
 * For each Method* (and bytecode pointer), sets names[3*i .. 3*i+2] to class (internal form),
 * method name and signature, and bcis[i] to the bytecode index or -1. Unresolvable entries stay
 * null. Returns false when this JVM lacks the VMStructs entries needed.
 */
JNIEXPORT jboolean JNICALL Java_io_offcpu_jni_HotSpotMethods_resolve(JNIEnv *env, jclass type,
								      jlongArray methods,
								      jlongArray bcps,
								      jobjectArray names,
								      jintArray bcis)
{
	jsize count = (*env)->GetArrayLength(env, methods);

	if (resolve_layout() < 0)
		return JNI_FALSE;
	for (jsize i = 0; i < count; i++) {
		jlong method, bcp;
		uintptr_t const_method, pool, holder, class_symbol;
		uint16_t name_index, signature_index, code_size = 0;
		jint bci = -1;
		jstring class_name, method_name, signature;

		(*env)->GetLongArrayRegion(env, methods, i, 1, &method);
		(*env)->GetLongArrayRegion(env, bcps, i, 1, &bcp);
		if (read_pointer(method + layout.method_const_method, &const_method) ||
		    read_pointer(const_method + layout.const_method_constants, &pool) ||
		    safe_read(const_method + layout.const_method_name_index, &name_index, 2) ||
		    safe_read(const_method + layout.const_method_signature_index, &signature_index, 2) ||
		    read_pointer(pool + layout.constant_pool_holder, &holder) ||
		    read_pointer(holder + layout.klass_name, &class_symbol))
			continue;
		class_name = read_symbol(env, class_symbol);
		method_name = constant_pool_symbol(env, pool, name_index);
		signature = constant_pool_symbol(env, pool, signature_index);
		if (!class_name || !method_name || !signature)
			continue;
		/* Bytecodes follow the ConstMethod object; a native method's frame has no bcp. */
		if (!safe_read(const_method + layout.const_method_code_size, &code_size, 2) &&
		    (uintptr_t)bcp >= const_method + layout.const_method_size &&
		    (uintptr_t)bcp < const_method + layout.const_method_size + code_size)
			bci = (jint)((uintptr_t)bcp - const_method - layout.const_method_size);
		(*env)->SetObjectArrayElement(env, names, 3 * i, class_name);
		(*env)->SetObjectArrayElement(env, names, 3 * i + 1, method_name);
		(*env)->SetObjectArrayElement(env, names, 3 * i + 2, signature);
		(*env)->SetIntArrayRegion(env, bcis, i, 1, &bci);
		(*env)->DeleteLocalRef(env, class_name);
		(*env)->DeleteLocalRef(env, method_name);
		(*env)->DeleteLocalRef(env, signature);
	}
	return JNI_TRUE;
}
