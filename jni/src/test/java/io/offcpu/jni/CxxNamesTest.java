package io.offcpu.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Names as c++filt prints them (c++filt _ZN7Monitor4waitEl: Monitor::wait(long)), parameters dropped. */
class CxxNamesTest {
    @BeforeAll
    static void loadLibrary() {
        System.setProperty(NativeLibrary.PATH_PROPERTY, "target/classes/native/linux-x86_64/liboffcpu.so");
    }

    @Test
    void demanglesHotSpotNames() {
        assertEquals("Monitor::wait", CxxNames.demangle("_ZN7Monitor4waitEl"));
        assertEquals("thread_native_entry", CxxNames.demangle("_ZL19thread_native_entryP6Thread"));
        assertEquals("Klass::name", CxxNames.withoutParameters("Klass::name() const"));
        assertEquals("Foo<bar(int)>::run", CxxNames.withoutParameters("Foo<bar(int)>::run(void (*)(int))"));
    }

    @Test
    void leavesOtherNamesAlone() {
        assertEquals("pthread_cond_wait", CxxNames.demangle("pthread_cond_wait"));
        assertEquals("_Znot a name", CxxNames.demangle("_Znot a name"));
    }
}
