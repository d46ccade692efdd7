#include "twin_shims.h"
#include <pocketsphinx.h>
#include <sphinxbase/ngram_model.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/// A PocketSphinx decoder with the generic English language model kept aside, so a script's own
/// model can be interpolated with it (the generic one is the back-off for words off the script).
typedef struct {
    cmd_ln_t *config;
    ps_decoder_t *decoder;
    ngram_model_t *generic;
    /// The name of the search PocketSphinx set up for the generic model.
    char generic_search[64];
} twin_voice_recogniser;

static void twin_voice_set_message(char *message, size_t size, const char *text) {
    if (message != NULL && size > 0) {
        snprintf(message, size, "%s", text);
    }
}

void *twin_voice_open(const char *model_folder, char *message, size_t message_size) {
    char hmm[1024], mdef[1100], lm[1024], dict[1024];
    if (snprintf(hmm, sizeof hmm, "%s/en-us", model_folder) >= (int)sizeof hmm
        || snprintf(mdef, sizeof mdef, "%s/mdef", hmm) >= (int)sizeof mdef
        || snprintf(lm, sizeof lm, "%s/en-us.lm.bin", model_folder) >= (int)sizeof lm
        || snprintf(dict, sizeof dict, "%s/cmudict-en-us.dict", model_folder) >= (int)sizeof dict) {
        twin_voice_set_message(message, message_size, "the model folder's path is too long");
        return NULL;
    }
    // Checked first: some of sphinxbase's loaders call exit() when a file is missing.
    const char *needed[] = {mdef, lm, dict};
    for (int index = 0; index < 3; index++) {
        FILE *probe = fopen(needed[index], "rb");
        if (probe == NULL) {
            char text[1200];
            snprintf(text, sizeof text, "the PocketSphinx English model is missing (%s): install pocketsphinx-en-us",
                     needed[index]);
            twin_voice_set_message(message, message_size, text);
            return NULL;
        }
        fclose(probe);
    }
    twin_voice_recogniser *recogniser = calloc(1, sizeof *recogniser);
    if (recogniser == NULL) {
        twin_voice_set_message(message, message_size, "out of memory");
        return NULL;
    }
    // -logfn /dev/null keeps PocketSphinx's own log off stderr; findings carry what matters.
    // A narrower beam (-maxhmmpf, -maxwpf) and the first pass only (-fwdflat, -bestpath off)
    // roughly halve the CPU time with the same coverage on the fixture matrix (README).
    recogniser->config = cmd_ln_init(NULL, ps_args(), TRUE, "-hmm", hmm, "-lm", lm, "-dict", dict,
                                     "-logfn", "/dev/null", "-maxhmmpf", "3000", "-maxwpf", "10",
                                     "-fwdflat", "no", "-bestpath", "no", NULL);
    if (recogniser->config != NULL) {
        recogniser->decoder = ps_init(recogniser->config);
    }
    if (recogniser->decoder != NULL) {
        recogniser->generic = ngram_model_read(recogniser->config, lm, NGRAM_AUTO, ps_get_logmath(recogniser->decoder));
    }
    if (recogniser->generic != NULL) {
        const char *search = ps_get_search(recogniser->decoder);
        snprintf(recogniser->generic_search, sizeof recogniser->generic_search, "%s", search != NULL ? search : "");
    }
    if (recogniser->generic == NULL || recogniser->generic_search[0] == 0) {
        twin_voice_set_message(message, message_size, "PocketSphinx could not load its English model");
        twin_voice_close(recogniser);
        return NULL;
    }
    return recogniser;
}

void twin_voice_close(void *handle) {
    twin_voice_recogniser *recogniser = handle;
    if (recogniser == NULL) return;
    if (recogniser->generic != NULL) ngram_model_free(recogniser->generic);
    if (recogniser->decoder != NULL) ps_free(recogniser->decoder);
    if (recogniser->config != NULL) cmd_ln_free_r(recogniser->config);
    free(recogniser);
}

int twin_voice_knows_word(void *handle, const char *word) {
    twin_voice_recogniser *recogniser = handle;
    char *pronunciation = ps_lookup_word(recogniser->decoder, word);
    if (pronunciation == NULL) return 0;
    ckd_free(pronunciation);
    return 1;
}

int twin_voice_use_generic_model(void *handle) {
    twin_voice_recogniser *recogniser = handle;
    return ps_set_search(recogniser->decoder, recogniser->generic_search) < 0 ? -1 : 0;
}

int twin_voice_use_script_model(void *handle, const char *arpa_path, double script_weight) {
    twin_voice_recogniser *recogniser = handle;
    if (!(script_weight > 0 && script_weight < 1)) return -1;
    ngram_model_t *script = ngram_model_read(recogniser->config, arpa_path, NGRAM_ARPA,
                                             ps_get_logmath(recogniser->decoder));
    if (script == NULL) return -1;
    ngram_model_t *models[2] = {ngram_model_retain(recogniser->generic), script};
    char *names[2] = {"generic", "script"};
    float32 weights[2] = {(float32)(1 - script_weight), (float32)script_weight};
    ngram_model_t *mixed = ngram_model_set_init(recogniser->config, models, names, weights, 2);
    if (mixed == NULL) {
        ngram_model_free(models[0]);
        ngram_model_free(script);
        return -1;
    }
    int status = ps_set_lm(recogniser->decoder, "script", mixed);
    ngram_model_free(mixed); // the search holds its own reference
    if (status < 0) return -1;
    return ps_set_search(recogniser->decoder, "script") < 0 ? -1 : 0;
}

int twin_voice_recognise(void *handle, const void *samples, size_t byte_count,
                         char *transcript, size_t transcript_size, double *speech_seconds) {
    twin_voice_recogniser *recogniser = handle;
    ps_decoder_t *decoder = recogniser->decoder;
    if (transcript_size > 0) transcript[0] = 0;
    *speech_seconds = 0;
    if (ps_start_utt(decoder) < 0) return -1;
    const int16 *cursor = samples;
    size_t remaining = byte_count / sizeof(int16);
    while (remaining > 0) {
        size_t chunk = remaining < 8192 ? remaining : 8192;
        if (ps_process_raw(decoder, cursor, chunk, FALSE, FALSE) < 0) {
            ps_end_utt(decoder);
            return -1;
        }
        cursor += chunk;
        remaining -= chunk;
    }
    if (ps_end_utt(decoder) < 0) return -1;
    int32 score = 0;
    const char *hypothesis = ps_get_hyp(decoder, &score);
    if (hypothesis != NULL) twin_voice_set_message(transcript, transcript_size, hypothesis);
    // Speech time: the frames of recognised words (fillers such as <sil> and [NOISE] left out).
    int frame_rate = cmd_ln_int32_r(recogniser->config, "-frate");
    long frames = 0;
    for (ps_seg_t *segment = ps_seg_iter(decoder); segment != NULL; segment = ps_seg_next(segment)) {
        const char *word = ps_seg_word(segment);
        if (word[0] == '<' || word[0] == '[') continue;
        int start = 0, end = 0;
        ps_seg_frames(segment, &start, &end);
        if (end >= start) frames += end - start + 1;
    }
    *speech_seconds = frame_rate > 0 ? (double)frames / frame_rate : 0;
    return 0;
}
