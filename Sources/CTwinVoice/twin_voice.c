#include "twin_voice.h"
#include <pocketsphinx.h>
#include <sphinxbase/ngram_model.h>
#include <sphinxbase/feat.h>
#include <sphinxbase/cmn.h>
#include <sphinxbase/fe.h>
#include <sphinxbase/ckd_alloc.h>
#include <pthread.h>
#include <stdio.h>
#include <sphinxbase/err.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/// A PocketSphinx decoder with the generic English language model kept aside, so a script's own
/// model can be interpolated with it (the generic one is the back-off for words off the script).
typedef struct {
    cmd_ln_t *config;
    ps_decoder_t *decoder;
    ngram_model_t *generic;
    /// The generic model's file, and whether the search that uses it alone was set up (on first use:
    /// each search holds its own lexicon tree and a model copy, tens of megabytes each).
    char generic_path[1024];
    int has_generic_search;
    /// Whether `generic` is the generic search's own copy (its weights applied by the search).
    int generic_in_search;
    /// The live cepstral mean as opened (-cmninit), restored before every utterance.
    mfcc_t *initial_cmn;
    int cmn_length;
} twin_voice_recogniser;

static void twin_voice_set_message(char *message, size_t size, const char *text) {
    if (message != NULL && size > 0) {
        snprintf(message, size, "%s", text);
    }
}

/// The largest model header read while checking it (sphinx headers are a few lines).
#define TWIN_VOICE_HEADER_BYTES 4096

typedef enum { TWIN_MODEL_ANY, TWIN_MODEL_S3, TWIN_MODEL_MDEF } twin_model_kind;

/// Whether `path` is a readable, non-empty regular file whose start fits `kind`: an s3 binary
/// file ("s3\n", header lines, "endhdr\n", then the byte-order magic 0x11223344 either way round,
/// which bio_readhdr otherwise meets with E_FATAL) or a binary mdef ("BMDF"/"FDMB"; a text mdef
/// goes through mdef_init, which E_FATALs on anything odd). Writes the reason into `problem`.
static int twin_voice_file_usable(const char *path, twin_model_kind kind, char *problem, size_t problem_size) {
    struct stat status;
    if (stat(path, &status) != 0) {
        snprintf(problem, problem_size, "%s is missing", path);
        return 0;
    }
    if (!S_ISREG(status.st_mode) || status.st_size == 0) {  // a FIFO would block the read below
        snprintf(problem, problem_size, "%s is empty or not a regular file", path);
        return 0;
    }
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        snprintf(problem, problem_size, "%s is unreadable", path);
        return 0;
    }
    unsigned char head[TWIN_VOICE_HEADER_BYTES];
    size_t length = fread(head, 1, sizeof head, file);
    fclose(file);
    int fits = 1;
    if (kind == TWIN_MODEL_MDEF) {
        fits = length >= 4 && (memcmp(head, "BMDF", 4) == 0 || memcmp(head, "FDMB", 4) == 0);
    } else if (kind == TWIN_MODEL_S3) {
        fits = 0;
        if (length >= 3 && memcmp(head, "s3\n", 3) == 0) {
            for (size_t at = 3; at + 11 <= length; at++) {
                if (memcmp(head + at, "endhdr\n", 7) != 0) continue;
                static const unsigned char little[4] = {0x44, 0x33, 0x22, 0x11}, big[4] = {0x11, 0x22, 0x33, 0x44};
                fits = memcmp(head + at + 7, little, 4) == 0 || memcmp(head + at + 7, big, 4) == 0;
                break;
            }
        }
    }
    if (!fits) snprintf(problem, problem_size, "%s is not a PocketSphinx model file (bad header)", path);
    return fits;
}

/// Checks every file the English model loads through a path that can exit() the process.
static int twin_voice_model_usable(const char *hmm, const char *lm, const char *dict,
                                   char *message, size_t message_size) {
    static const struct { const char *name; twin_model_kind kind; } acoustic[] = {
        {"mdef", TWIN_MODEL_MDEF}, {"means", TWIN_MODEL_S3}, {"variances", TWIN_MODEL_S3},
        {"transition_matrices", TWIN_MODEL_S3},
    };
    char path[1200], problem[1400];
    int usable = 1;
    for (size_t index = 0; usable && index < sizeof acoustic / sizeof acoustic[0]; index++) {
        snprintf(path, sizeof path, "%s/%s", hmm, acoustic[index].name);
        usable = twin_voice_file_usable(path, acoustic[index].kind, problem, sizeof problem);
    }
    if (usable) {
        // The mixture weights: a sendump (read with error returns) or an s3 mixture_weights file.
        char sendump[1200];
        snprintf(sendump, sizeof sendump, "%s/sendump", hmm);
        snprintf(path, sizeof path, "%s/mixture_weights", hmm);
        char unused[8];
        if (!twin_voice_file_usable(sendump, TWIN_MODEL_ANY, unused, sizeof unused)) {
            char weights[1400];
            usable = twin_voice_file_usable(path, TWIN_MODEL_S3, weights, sizeof weights);
            if (!usable) snprintf(problem, sizeof problem, "no mixture weights (sendump, or %s)", weights);
        }
    }
    if (usable) usable = twin_voice_file_usable(lm, TWIN_MODEL_ANY, problem, sizeof problem);
    if (usable) usable = twin_voice_file_usable(dict, TWIN_MODEL_ANY, problem, sizeof problem);
    if (!usable) {
        char text[1600];
        snprintf(text, sizeof text, "the PocketSphinx English model is unusable: %s; install pocketsphinx-en-us "
                 "(or point TWIN_POCKETSPHINX_MODEL at a complete model folder)", problem);
        twin_voice_set_message(message, message_size, text);
    }
    return usable;
}

static pthread_once_t twin_voice_log_off = PTHREAD_ONCE_INIT;
static void twin_voice_turn_log_off(void) { err_set_logfp(NULL); }

void *twin_voice_open(const char *model_folder, char *message, size_t message_size) {
    char hmm[1024], lm[1024], dict[1024];
    if (snprintf(hmm, sizeof hmm, "%s/en-us", model_folder) >= (int)sizeof hmm
        || snprintf(lm, sizeof lm, "%s/en-us.lm.bin", model_folder) >= (int)sizeof lm
        || snprintf(dict, sizeof dict, "%s/cmudict-en-us.dict", model_folder) >= (int)sizeof dict) {
        twin_voice_set_message(message, message_size, "the model folder's path is too long");
        return NULL;
    }
    // Checked first: sphinxbase and PocketSphinx call exit() (E_FATAL) instead of returning an
    // error when some model files are missing or their headers are bad (mdef, means, variances,
    // transition_matrices, the mixture weights), so nothing reaches them that they would die on.
    if (!twin_voice_model_usable(hmm, lm, dict, message, message_size)) return NULL;
    twin_voice_recogniser *recogniser = calloc(1, sizeof *recogniser);
    if (recogniser == NULL) {
        twin_voice_set_message(message, message_size, "out of memory");
        return NULL;
    }
    // PocketSphinx's own log is off (findings carry what matters): once per process, not through
    // -logfn, which would close the log file under a recogniser decoding on another thread.
    pthread_once(&twin_voice_log_off, twin_voice_turn_log_off);
    // A narrower beam (-maxhmmpf, -maxwpf) and the first pass only (-fwdflat, -bestpath off)
    // roughly halve the CPU time with the same coverage on the fixture matrix (docs/performance.md).
    // No -lm: the decoder starts with no search, and each model gets one when it is first used.
    recogniser->config = cmd_ln_init(NULL, ps_args(), TRUE, "-hmm", hmm, "-dict", dict,
                                     "-maxhmmpf", "3000", "-maxwpf", "10",
                                     "-fwdflat", "no", "-bestpath", "no", NULL);
    if (recogniser->config != NULL) {
        recogniser->decoder = ps_init(recogniser->config);
    }
    if (recogniser->decoder != NULL) {
        recogniser->generic = ngram_model_read(recogniser->config, lm, NGRAM_AUTO, ps_get_logmath(recogniser->decoder));
    }
    snprintf(recogniser->generic_path, sizeof recogniser->generic_path, "%s", lm);
    feat_t *features = recogniser->generic != NULL ? ps_get_feat(recogniser->decoder) : NULL;
    if (features != NULL && features->cmn_struct != NULL && features->cmn_struct->veclen > 0) {
        recogniser->cmn_length = features->cmn_struct->veclen;
        recogniser->initial_cmn = calloc((size_t)recogniser->cmn_length, sizeof(mfcc_t));
        if (recogniser->initial_cmn != NULL) cmn_live_get(features->cmn_struct, recogniser->initial_cmn);
    }
    if (recogniser->generic == NULL) {
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
    free(recogniser->initial_cmn);
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
    if (!recogniser->has_generic_search) {
        if (ps_set_lm(recogniser->decoder, "generic", recogniser->generic) < 0) return -1;
        recogniser->has_generic_search = 1;
        recogniser->generic_in_search = 1;
    }
    return ps_set_search(recogniser->decoder, "generic") < 0 ? -1 : 0;
}

int twin_voice_use_script_model(void *handle, const char *arpa_path, double script_weight) {
    twin_voice_recogniser *recogniser = handle;
    if (!(script_weight > 0 && script_weight < 1)) return -1;
    if (recogniser->generic_in_search) {
        // The generic search applied its weights to that copy: the mix gets a fresh one, as a recogniser
        // that never used the generic model alone has (the search keeps its own reference to the old one).
        ngram_model_t *fresh = ngram_model_read(recogniser->config, recogniser->generic_path, NGRAM_AUTO,
                                                ps_get_logmath(recogniser->decoder));
        if (fresh == NULL) return -1;
        ngram_model_free(recogniser->generic);
        recogniser->generic = fresh;
        recogniser->generic_in_search = 0;
    }
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

/// Feeds `count` samples to the decoder's current utterance, 8192 at a time.
static int twin_voice_feed(ps_decoder_t *decoder, const int16 *cursor, size_t count) {
    while (count > 0) {
        size_t chunk = count < 8192 ? count : 8192;
        if (ps_process_raw(decoder, cursor, chunk, FALSE, FALSE) < 0) return -1;
        cursor += chunk;
        count -= chunk;
    }
    return 0;
}

/// Appends `word` without PocketSphinx's alternate-pronunciation suffix ("read(2)" is "read").
static void twin_voice_append_word(char *transcript, size_t size, size_t *length, const char *word) {
    size_t word_length = strcspn(word, "(");
    if (word_length == 0 || size == 0) return;
    if (*length + (*length > 0 ? 1 : 0) + word_length >= size) return;  // the transcript is full
    if (*length > 0) transcript[(*length)++] = ' ';
    memcpy(transcript + *length, word, word_length);
    *length += word_length;
    transcript[*length] = 0;
}

/// Runs the decoder's front end alone over `count` samples (its noise estimate adapts to them) and
/// returns the mean of their cepstra in `mean` (`length` values); 0, or -1 when no frame came out.
static int twin_voice_cepstral_mean(ps_decoder_t *decoder, const int16 *samples, size_t count, mfcc_t *mean, int length) {
    fe_t *front_end = ps_get_fe(decoder);
    if (front_end == NULL || fe_get_output_size(front_end) != length || fe_start_utt(front_end) < 0) return -1;
    enum { BLOCK_FRAMES = 64 };
    mfcc_t **cepstra = (mfcc_t **)ckd_calloc_2d(BLOCK_FRAMES, (size_t)length, sizeof(mfcc_t));
    double *sums = calloc((size_t)length, sizeof(double));
    long total = 0;
    if (cepstra != NULL && sums != NULL) {
        const int16 *cursor = samples;
        size_t remaining = count;
        while (remaining > 0) {
            int32 frames = BLOCK_FRAMES;
            size_t before = remaining;
            if (fe_process_frames(front_end, &cursor, &remaining, cepstra, &frames, NULL) < 0) break;
            for (int32 frame = 0; frame < frames; frame++) {
                for (int index = 0; index < length; index++) sums[index] += cepstra[frame][index];
            }
            total += frames;
            if (remaining == before && frames == 0) break;  // no progress
        }
    }
    int32 last = 0;
    fe_end_utt(front_end, cepstra != NULL ? cepstra[0] : NULL, &last);
    if (total > 0) {
        for (int index = 0; index < length; index++) mean[index] = (mfcc_t)(sums[index] / (double)total);
    }
    free(sums);
    if (cepstra != NULL) ckd_free_2d(cepstra);
    return total > 0 ? 0 : -1;
}

int twin_voice_recognise(void *handle, const void *samples, size_t byte_count,
                         const void *priming, size_t priming_byte_count,
                         double keep_from_seconds, double keep_until_seconds,
                         char *transcript, size_t transcript_size, double *speech_seconds) {
    twin_voice_recogniser *recogniser = handle;
    ps_decoder_t *decoder = recogniser->decoder;
    if (transcript_size > 0) transcript[0] = 0;
    *speech_seconds = 0;
    size_t total = byte_count / sizeof(int16);
    size_t prime = priming != NULL ? priming_byte_count / sizeof(int16) : 0;
    // A new stream (the noise estimate reset) from the mean of the priming audio's cepstra, or (with
    // none) from the mean the recogniser was opened with.
    if (ps_start_stream(decoder) < 0) return -1;
    feat_t *features = ps_get_feat(decoder);
    if (recogniser->initial_cmn != NULL && features != NULL && features->cmn_struct != NULL
        && features->cmn_struct->veclen == recogniser->cmn_length) {
        mfcc_t *mean = malloc((size_t)recogniser->cmn_length * sizeof(mfcc_t));
        if (mean != NULL && prime > 0
            && twin_voice_cepstral_mean(decoder, priming, prime, mean, recogniser->cmn_length) == 0) {
            cmn_live_set(features->cmn_struct, mean);
        } else {
            cmn_live_set(features->cmn_struct, recogniser->initial_cmn);
        }
        free(mean);
    }
    if (ps_start_utt(decoder) < 0) return -1;
    if (twin_voice_feed(decoder, samples, total) < 0) {
        ps_end_utt(decoder);
        return -1;
    }
    if (ps_end_utt(decoder) < 0) return -1;
    // The words of the best path that start in the kept span, and the frames they span (the
    // speech time; fillers such as <sil> and [NOISE] left out).
    int frame_rate = cmd_ln_int32_r(recogniser->config, "-frate");
    if (frame_rate <= 0) return -1;
    double first = keep_from_seconds * frame_rate, last = keep_until_seconds * frame_rate;
    long frames = 0;
    size_t length = 0;
    // Segment times count from the stream's first utterance, which this version does not reset: the
    // first segment (the sentence start, <s>) starts at the utterance's first frame.
    int offset = -1;
    for (ps_seg_t *segment = ps_seg_iter(decoder); segment != NULL; segment = ps_seg_next(segment)) {
        const char *word = ps_seg_word(segment);
        int start = 0, end = 0;
        ps_seg_frames(segment, &start, &end);
        if (offset < 0) offset = start;
        if (word == NULL || word[0] == '<' || word[0] == '[') continue;
        if (start - offset < first || start - offset >= last) continue;
        twin_voice_append_word(transcript, transcript_size, &length, word);
        if (end >= start) frames += end - start + 1;
    }
    *speech_seconds = (double)frames / frame_rate;
    return 0;
}
