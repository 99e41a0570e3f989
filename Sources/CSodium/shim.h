#ifndef SAFEHOLD_CSODIUM_SHIM_H
#define SAFEHOLD_CSODIUM_SHIM_H

#include <sodium.h>
#include <sys/prctl.h>

// sodium_base64_ENCODED_LEN is a function-like macro, which Swift cannot import.
static inline size_t safehold_sodium_base64_encoded_len(size_t bin_len, int variant) {
    return sodium_base64_ENCODED_LEN(bin_len, variant);
}

// prctl is variadic, which Swift cannot call. Marking the process not dumpable stops core dumps
// and keeps other processes of the same user from attaching with ptrace or reading /proc/PID/mem.
static inline int safehold_disable_dumpable(void) {
    return prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

#endif
