// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include "native_heap.h"

#include <jni.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

bool native_heap_trim(void)
{
#ifdef __GLIBC__
	return malloc_trim(0) != 0;
#else
	return false; /* no way to ask other C libraries */
#endif
}

JNIEXPORT jboolean JNICALL Java_io_offcpu_jni_NativeHeap_trim0(JNIEnv *env, jclass clazz)
{
	(void)env;
	(void)clazz;
	return native_heap_trim() ? JNI_TRUE : JNI_FALSE;
}
