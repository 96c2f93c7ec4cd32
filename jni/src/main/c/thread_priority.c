// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The agent's own long-running threads (consumer, code-event drain) give way to the application's:
 * their nice value is raised above the thread's current one. Raising it needs no privilege; only
 * the calling thread changes (on Linux, PRIO_PROCESS with a tid names one thread), and threads it
 * creates later would inherit the value, so only threads that create none call this.
 */
#include <errno.h>
#include <jni.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NICE_MAX 19

/* Returns the thread's new nice value, or -errno. */
JNIEXPORT jint JNICALL Java_io_offcpu_jni_ThreadPriority_lowerCurrentThread0(JNIEnv *env,
									     jclass cls,
									     jint increment)
{
	pid_t tid = (pid_t)syscall(SYS_gettid);
	errno = 0;
	int current = getpriority(PRIO_PROCESS, (id_t)tid);
	if (current == -1 && errno != 0)
		return -errno;
	int target = current + increment > NICE_MAX ? NICE_MAX : current + increment;
	if (setpriority(PRIO_PROCESS, (id_t)tid, target) != 0)
		return -errno;
	return target;
}
