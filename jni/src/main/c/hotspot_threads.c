// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Kernel thread ids of Java threads, read in-process the way HotSpot's Serviceability Agent does:
 * java.lang.Thread.eetop is the JavaThread*, JavaThread::_osthread its OSThread*, and
 * OSThread::_thread_id the kernel tid. The field offsets come from the JVM's exported
 * gHotSpotVMStructs table (present in JDK 8 through 25), never from constants.
 */
#include <stdint.h>
#include <string.h>
#include <jni.h>
#include "hotspot_vmstructs.h"

struct vm_offsets {
	int resolved;		   /* 1 ok, -1 failed */
	long java_thread_osthread; /* JavaThread::_osthread */
	long osthread_thread_id;   /* OSThread::_thread_id */
	jfieldID eetop;
};

static struct vm_offsets offsets;

static int resolve_offsets(JNIEnv *env)
{
	jclass thread_class;

	if (offsets.resolved)
		return offsets.resolved;
	/* JDK 17 declares _osthread on JavaThread, JDK 25 on its base class Thread. */
	offsets.java_thread_osthread = vmstructs_field_offset("JavaThread", "_osthread");
	if (offsets.java_thread_osthread < 0)
		offsets.java_thread_osthread = vmstructs_field_offset("Thread", "_osthread");
	offsets.osthread_thread_id = vmstructs_field_offset("OSThread", "_thread_id");
	thread_class = (*env)->FindClass(env, "java/lang/Thread");
	/* JNI field access ignores module encapsulation, so no --add-opens is needed. */
	offsets.eetop = thread_class ? (*env)->GetFieldID(env, thread_class, "eetop", "J") : NULL;
	if ((*env)->ExceptionCheck(env))
		(*env)->ExceptionClear(env);
	offsets.resolved = offsets.java_thread_osthread >= 0 && offsets.osthread_thread_id >= 0 &&
					   offsets.eetop
				   ? 1
				   : -1;
	return offsets.resolved;
}

/*
 * Fills tids[i] with the kernel tid of threads[i], or -1 for a thread not started or already
 * terminated. Returns false when this JVM does not expose the needed VMStructs entries.
 */
JNIEXPORT jboolean JNICALL Java_io_offcpu_jni_HotSpotThreads_kernelThreadIds(JNIEnv *env,
									     jclass type,
									     jobjectArray threads,
									     jintArray tids)
{
	jsize count = (*env)->GetArrayLength(env, threads);

	if (resolve_offsets(env) < 0)
		return JNI_FALSE;
	for (jsize i = 0; i < count; i++) {
		jobject thread = (*env)->GetObjectArrayElement(env, threads, i);
		jint tid = -1;
		char *java_thread =
			thread ? (char *)(intptr_t)(*env)->GetLongField(env, thread, offsets.eetop)
			       : NULL;

		if (java_thread) {
			char *os_thread = *(char **)(java_thread + offsets.java_thread_osthread);

			if (os_thread)
				tid = *(jint *)(os_thread + offsets.osthread_thread_id);
		}
		(*env)->SetIntArrayRegion(env, tids, i, 1, &tid);
		if (thread)
			(*env)->DeleteLocalRef(env, thread);
	}
	return JNI_TRUE;
}
