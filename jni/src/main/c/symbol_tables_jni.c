// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * io.offcpu.jni.KernelSymbolTable and io.offcpu.jni.FunctionSymbolTable: the tables of kernel_symbols.c
 * and function_table.c stay in native memory behind a handle (the pointer, as a jlong) until Java frees
 * them; a lookup is one call, and a name becomes a Java string only when a lookup returns it.
 */
#include <errno.h>
#include <fcntl.h>
#include <jni.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "function_table.h"
#include "kernel_symbols.h"

static void throw_new(JNIEnv *env, const char *type, const char *format, ...)
{
	char message[512];
	jclass class;
	va_list args;

	va_start(args, format);
	vsnprintf(message, sizeof(message), format, args);
	va_end(args);
	/* ThrowNew takes modified UTF-8; names from a file may be any bytes. */
	for (char *c = message; *c; c++)
		if ((unsigned char)*c >= 0x80)
			*c = '?';
	class = (*env)->FindClass(env, type);
	if (class)
		(*env)->ThrowNew(env, class, message);
}

/*
 * A Java string of the UTF-8 name. ASCII (almost every symbol, mangled C++ included) goes through
 * NewStringUTF; other bytes through new String(bytes, UTF_8), which replaces invalid sequences instead
 * of trusting them as modified UTF-8.
 */
static jstring name_string(JNIEnv *env, const char *name)
{
	size_t length = strlen(name);
	jclass string_class;
	jmethodID constructor;
	jbyteArray bytes;
	jstring charset, result;
	bool ascii = true;

	for (size_t i = 0; i < length && ascii; i++)
		ascii = (unsigned char)name[i] < 0x80;
	if (ascii)
		return (*env)->NewStringUTF(env, name);
	string_class = (*env)->FindClass(env, "java/lang/String");
	constructor = string_class ? (*env)->GetMethodID(env, string_class, "<init>",
							 "([BLjava/lang/String;)V")
				   : NULL;
	bytes = constructor ? (*env)->NewByteArray(env, (jsize)length) : NULL;
	charset = bytes ? (*env)->NewStringUTF(env, "UTF-8") : NULL;
	if (!charset)
		return NULL;
	(*env)->SetByteArrayRegion(env, bytes, 0, (jsize)length, (const jbyte *)name);
	result = (*env)->NewObject(env, string_class, constructor, bytes, charset);
	(*env)->DeleteLocalRef(env, bytes);
	(*env)->DeleteLocalRef(env, charset);
	return result;
}

static jlong kernel_handle(JNIEnv *env, struct kernel_symbols *table, int result,
			   const char *source)
{
	struct kernel_symbols *kept;

	if (result) {
		throw_new(env,
			  table->malformed ? "java/lang/IllegalArgumentException"
					   : "java/io/IOException",
			  "%s %s", source, table->error);
		return 0;
	}
	kept = malloc(sizeof(*kept));
	if (!kept) {
		kernel_symbols_free(table);
		throw_new(env, "java/io/IOException", "%s: out of memory for its table", source);
		return 0;
	}
	*kept = *table;
	return (jlong)(uintptr_t)kept;
}

JNIEXPORT jlong JNICALL Java_io_offcpu_jni_KernelSymbolTable_read(JNIEnv *env, jclass type,
								  jstring path)
{
	struct kernel_symbols table;
	const char *file = (*env)->GetStringUTFChars(env, path, NULL);
	jlong handle;
	int fd, result;

	if (!file)
		return 0;
	fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		throw_new(env, "java/io/IOException", "cannot open %s: %s", file, strerror(errno));
		(*env)->ReleaseStringUTFChars(env, path, file);
		return 0;
	}
	result = kernel_symbols_read(fd, &table);
	close(fd);
	handle = kernel_handle(env, &table, result, file);
	(*env)->ReleaseStringUTFChars(env, path, file);
	return handle;
}

JNIEXPORT jlong JNICALL Java_io_offcpu_jni_KernelSymbolTable_parse(JNIEnv *env, jclass type,
								   jbyteArray text, jstring source)
{
	struct kernel_symbols table;
	jsize length = (*env)->GetArrayLength(env, text);
	char *copy = malloc((size_t)length + 1);
	const char *name;
	jlong handle;
	int result;

	if (!copy) {
		throw_new(env, "java/io/IOException", "out of memory for %d bytes of text", length);
		return 0;
	}
	(*env)->GetByteArrayRegion(env, text, 0, length, (jbyte *)copy);
	result = kernel_symbols_parse(copy, (size_t)length, &table);
	free(copy);
	name = (*env)->GetStringUTFChars(env, source, NULL);
	if (!name) {
		if (!result)
			kernel_symbols_free(&table);
		return 0;
	}
	handle = kernel_handle(env, &table, result, name);
	(*env)->ReleaseStringUTFChars(env, source, name);
	return handle;
}

static struct kernel_symbols *kernel(jlong handle)
{
	return (struct kernel_symbols *)(uintptr_t)handle;
}

JNIEXPORT jint JNICALL Java_io_offcpu_jni_KernelSymbolTable_size(JNIEnv *env, jclass type,
								 jlong handle)
{
	return (jint)kernel(handle)->count;
}

JNIEXPORT jlong JNICALL Java_io_offcpu_jni_KernelSymbolTable_symbolLines(JNIEnv *env, jclass type,
									 jlong handle)
{
	return (jlong)kernel(handle)->lines;
}

JNIEXPORT jboolean JNICALL Java_io_offcpu_jni_KernelSymbolTable_anyNonZeroAddress(JNIEnv *env,
										  jclass type,
										  jlong handle)
{
	return kernel(handle)->any_nonzero;
}

JNIEXPORT jstring JNICALL Java_io_offcpu_jni_KernelSymbolTable_lookup(JNIEnv *env, jclass type,
								      jlong handle, jlong address,
								      jlongArray offset_and_module)
{
	const struct kernel_symbols *table = kernel(handle);
	int64_t i = kernel_symbols_find(table, (uint64_t)address);
	char stack_name[600], *heap_name;
	size_t length;
	jlong values[2];
	jstring name;

	if (i < 0)
		return NULL;
	values[0] = (jlong)((uint64_t)address - table->addresses[i]);
	values[1] = table->modules[i] == KERNEL_NO_MODULE ? -1 : table->modules[i];
	(*env)->SetLongArrayRegion(env, offset_and_module, 0, 2, values);
	/* KSYM_NAME_LEN is 512 since Linux 6.1; longer names (parsed text) take the slow way. */
	length = kernel_symbols_name(table, (size_t)i, stack_name, sizeof(stack_name));
	if (length < sizeof(stack_name))
		return name_string(env, stack_name);
	heap_name = malloc(length + 1);
	if (!heap_name) {
		throw_new(env, "java/lang/OutOfMemoryError",
			  "no memory for a kernel symbol's name");
		return NULL;
	}
	kernel_symbols_name(table, (size_t)i, heap_name, length + 1);
	name = name_string(env, heap_name);
	free(heap_name);
	return name;
}

JNIEXPORT jstring JNICALL Java_io_offcpu_jni_KernelSymbolTable_module(JNIEnv *env, jclass type,
								      jlong handle, jint module)
{
	const struct kernel_symbols *table = kernel(handle);

	if (module < 0 || (size_t)module >= table->module_count)
		return NULL;
	return name_string(env, table->module_names[module]);
}

JNIEXPORT void JNICALL Java_io_offcpu_jni_KernelSymbolTable_free(JNIEnv *env, jclass type,
								 jlong handle)
{
	if (!handle)
		return;
	kernel_symbols_free(kernel(handle));
	free(kernel(handle));
}

static struct function_table *functions(jlong handle)
{
	return (struct function_table *)(uintptr_t)handle;
}

JNIEXPORT jlong JNICALL Java_io_offcpu_jni_FunctionSymbolTable_build(JNIEnv *env, jclass type,
								     jstring path,
								     jstring debug_path)
{
	struct function_table_builder builder = { 0 };
	struct function_table *table;
	char error[256];
	const char *file = (*env)->GetStringUTFChars(env, path, NULL);
	const char *debug_file;

	if (!file)
		return 0;
	if (function_table_add_file(&builder, file, error, sizeof(error))) {
		(*env)->ReleaseStringUTFChars(env, path, file);
		function_table_builder_free(&builder);
		throw_new(env, "java/io/IOException", "%s", error);
		return 0;
	}
	(*env)->ReleaseStringUTFChars(env, path, file);
	if (debug_path) {
		debug_file = (*env)->GetStringUTFChars(env, debug_path, NULL);
		if (!debug_file) {
			function_table_builder_free(&builder);
			return 0;
		}
		/* A broken debug file only costs names; the file's own .dynsym names still work. */
		function_table_add_file(&builder, debug_file, error, sizeof(error));
		(*env)->ReleaseStringUTFChars(env, debug_path, debug_file);
	}
	table = malloc(sizeof(*table));
	if (!table || function_table_build(&builder, table)) {
		free(table);
		function_table_builder_free(&builder);
		throw_new(env, "java/io/IOException", "out of memory for a function table");
		return 0;
	}
	return (jlong)(uintptr_t)table;
}

JNIEXPORT jint JNICALL Java_io_offcpu_jni_FunctionSymbolTable_size(JNIEnv *env, jclass type,
								   jlong handle)
{
	return (jint)functions(handle)->count;
}

JNIEXPORT jstring JNICALL Java_io_offcpu_jni_FunctionSymbolTable_lookup(JNIEnv *env, jclass type,
									jlong handle, jlong address,
									jlongArray start_and_offset)
{
	const struct function_table *table = functions(handle);
	int64_t i = function_table_find(table, (uint64_t)address);
	jlong values[2];

	if (i < 0)
		return NULL;
	values[0] = (jlong)table->starts[i];
	values[1] = (jlong)((uint64_t)address - table->starts[i]);
	(*env)->SetLongArrayRegion(env, start_and_offset, 0, 2, values);
	return name_string(env, table->names + table->name_offsets[i]);
}

JNIEXPORT void JNICALL Java_io_offcpu_jni_FunctionSymbolTable_free(JNIEnv *env, jclass type,
								   jlong handle)
{
	if (!handle)
		return;
	function_table_free(functions(handle));
	free(functions(handle));
}
