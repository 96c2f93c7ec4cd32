#include <jni.h>
#include "offcpu.skel.h"
#include "codemap.h"
JNIEXPORT jint JNI_OnLoad(JavaVM *vm, void *reserved)
{
	codemap_on_load(vm);
	return JNI_VERSION_1_8;
}
