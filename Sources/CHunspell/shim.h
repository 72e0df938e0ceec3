// Hunspell's C interface (Debian package libhunspell-dev), used by the dehyphenate stage.
#include <hunspell/hunspell.h>
