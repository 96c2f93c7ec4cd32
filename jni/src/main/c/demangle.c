// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * C++ names of native frames (libjvm is C++): the Itanium ABI demangler of libstdc++, found at
 * run time so the library does not depend on libstdc++ being present. Without it names stay
 * mangled.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <jni.h>

typedef char *(*cxa_demangle_fn)(const char *mangled, char *buffer, size_t *length, int *status);

static cxa_demangle_fn cxa_demangle;
static pthread_once_t lookup_once = PTHREAD_ONCE_INIT;

static void find_demangler(void)
{
	void *libstdcxx;

	cxa_demangle = (cxa_demangle_fn)dlsym(RTLD_DEFAULT, "__cxa_demangle");
	if (!cxa_demangle && (libstdcxx = dlopen("libstdc++.so.6", RTLD_LAZY | RTLD_LOCAL)))
		cxa_demangle = (cxa_demangle_fn)dlsym(libstdcxx, "__cxa_demangle");
}

/* The demangled name, or null when the name is not a C++ name or no demangler is available. */
JNIEXPORT jstring JNICALL Java_io_offcpu_jni_CxxNames_demangle0(JNIEnv *env, jclass type,
								jstring name)
{
	const char *mangled;
	char *demangled;
	jstring result = NULL;
	int status = -1;

	pthread_once(&lookup_once, find_demangler);
	if (!cxa_demangle || !(mangled = (*env)->GetStringUTFChars(env, name, NULL)))
		return NULL;
	demangled = cxa_demangle(mangled, NULL, NULL, &status);
	(*env)->ReleaseStringUTFChars(env, name, mangled);
	if (status == 0 && demangled)
		result = (*env)->NewStringUTF(env, demangled);
	free(demangled);
	return result;
}
