#ifndef OFFCPU_CODEMAP_H
#define OFFCPU_CODEMAP_H
#include <jni.h>
/* Starts the JVMTI code-event listener; returns 0 on success. */
int codemap_on_load(JavaVM *vm);
#endif
