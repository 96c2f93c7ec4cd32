#include "codemap.h"
int codemap_on_load(JavaVM *vm) { return 0; }
