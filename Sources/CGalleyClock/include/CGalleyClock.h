#ifndef CGALLEYCLOCK_H
#define CGALLEYCLOCK_H

#include <stdint.h>
#include <time.h>

/// Nanoseconds of CLOCK_MONOTONIC.
static inline uint64_t galley_monotonic_nanoseconds(void) {
    struct timespec time;
    clock_gettime(CLOCK_MONOTONIC, &time);
    return (uint64_t)time.tv_sec * 1000000000u + (uint64_t)time.tv_nsec;
}

/// Whether this processor has a counter that `galley_cycle_counter` reads.
static inline int galley_has_cycle_counter(void) {
#if defined(__x86_64__) || defined(__aarch64__)
    return 1;
#else
    return 0;
#endif
}

/// The processor's time-stamp counter (x86 `rdtsc`, the ARM virtual counter): a few
/// nanoseconds to read where `clock_gettime` takes tens. Whether it ticks at a constant rate
/// and agrees between cores is for the caller to know (on Linux: the kernel's clock source).
/// 0 where there is none.
static inline uint64_t galley_cycle_counter(void) {
#if defined(__x86_64__)
    return __builtin_ia32_rdtsc();
#elif defined(__aarch64__)
    uint64_t value;
    __asm__ __volatile__("mrs %0, cntvct_el0" : "=r"(value));
    return value;
#else
    return 0;
#endif
}

#endif
