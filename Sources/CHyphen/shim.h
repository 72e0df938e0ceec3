// libhyphen's interface (Debian package libhyphen-dev): TeX hyphenation patterns, used by the
// dehyphenate stage to tell whether a line-end break falls at a legal hyphenation point.
#include <hyphen.h>
