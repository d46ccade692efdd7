#include "twin_shims.h"

int twin_shims_version(void) { return 1; }
