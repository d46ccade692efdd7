#ifndef TWIN_VOICE_H
#define TWIN_VOICE_H

// PocketSphinx behind plain C calls: the library's errors (and its log) stay on this side, as return codes and
// messages. Nothing here knows containers or codecs: samples come in as 16 kHz mono PCM.

#include <stddef.h>

/// Opens a PocketSphinx English recogniser from `model_folder` (Debian's
/// /usr/share/pocketsphinx/model/en-us: `en-us/`, `en-us.lm.bin`, `cmudict-en-us.dict`), with
/// PocketSphinx's log turned off (once per process). Returns an opaque handle, or NULL with the reason in `message`.
void *twin_voice_open(const char *model_folder, char *message, size_t message_size);

/// Frees a recogniser from `twin_voice_open` (NULL is allowed).
void twin_voice_close(void *recogniser);

/// 1 when the pronunciation dictionary holds `word` (lower case), 0 otherwise.
int twin_voice_knows_word(void *recogniser, const char *word);

/// Recognise with the generic English language model alone.
int twin_voice_use_generic_model(void *recogniser);

/// Recognise with the ARPA model at `arpa_path` interpolated with the generic one, the script
/// model weighted `script_weight` (0 < weight < 1). Returns 0, or -1 when the model is refused.
int twin_voice_use_script_model(void *recogniser, const char *arpa_path, double script_weight);

/// Recognises 16 kHz mono signed 16-bit native-endian samples (`byte_count` bytes) as one
/// utterance, as a new stream whose noise estimate and cepstral mean start from the
/// `priming_byte_count` bytes at `priming` (measured, not decoded), or with none from the mean the
/// recogniser was opened with: a recording's words do not depend on what the recogniser heard before.
/// Keeps the words that start from `keep_from_seconds` until before `keep_until_seconds` (seconds
/// from the first sample; the audio around them is context): writes them (NUL-terminated, cut to
/// `transcript_size`) and the seconds they span. Returns 0, or -1 when the decoder failed.
int twin_voice_recognise(void *recogniser, const void *samples, size_t byte_count,
                         const void *priming, size_t priming_byte_count,
                         double keep_from_seconds, double keep_until_seconds,
                         char *transcript, size_t transcript_size, double *speech_seconds);

#endif
