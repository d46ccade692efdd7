#ifndef CSPHINX_SHIM_H
#define CSPHINX_SHIM_H
#include <pocketsphinx.h>
#include <sphinxbase/ngram_model.h>
#endif
