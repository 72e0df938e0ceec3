// The clock is header-only (static inline, so that Swift calls it without a function call);
// a C target needs one source file.
#include "CGalleyClock.h"
