#ifndef TWIN_FACES_H
#define TWIN_FACES_H
/// The C face of the C++ face shim: dlib's HOG frontal face detector and its 68-point landmark
/// model, and its face-recognition ResNet, behind plain C functions. Every C++ exception is caught inside the shim and becomes a
/// status and a message; nothing C++ crosses into Swift. Every symbol is prefixed `twin_faces_`.
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Outcome of a face shim call.
typedef enum {
    TWIN_FACES_OK = 0,
    /// The buffer is smaller than width * height, a side is 0 or over `TWIN_FACES_MAX_SIDE`.
    TWIN_FACES_BAD_INPUT = 1,
    /// The landmark model file cannot be read or is not a dlib shape predictor.
    TWIN_FACES_MODEL_UNAVAILABLE = 2,
    /// dlib threw (out of memory or an internal error); the message says what.
    TWIN_FACES_FAILED = 3,
} twin_faces_status;

/// The largest side, in pixels, the shim accepts (the caller works at about 800).
#define TWIN_FACES_MAX_SIDE 8192
/// Points of the landmark model (iBUG 300-W numbering).
#define TWIN_FACES_LANDMARKS 68

/// One detection: the box in the buffer's pixels and the detector's score (higher is surer;
/// dlib's own cut-off is 0). `sub_detector` is dlib's index: 0 front, 1 left, 2 right,
/// 3 front turned left, 4 front turned right.
typedef struct {
    int32_t left;
    int32_t top;
    int32_t width;
    int32_t height;
    double score;
    int32_t sub_detector;
} twin_face_box;

/// Detects faces in an 8-bit greyscale buffer of `width` x `height` (rows packed, `size` bytes
/// at least width * height) and writes up to `capacity` detections scoring at least
/// `min_score` (may be negative, to see weak candidates), best first; `*count` is how many
/// were found in all, which may exceed `capacity`. No model file is needed.
twin_faces_status twin_faces_detect(const void *grey, size_t size, uint32_t width, uint32_t height,
                                    double min_score, twin_face_box *boxes, size_t capacity, size_t *count,
                                    char *message, size_t message_size);

/// Loads the 68-point landmark model from `model_path` once per process (later calls, from any
/// thread, share the first load and its outcome, whatever path they pass) and reports the time
/// the load took in `*load_seconds` (0 after the first call).
twin_faces_status twin_faces_load_model(const char *model_path, double *load_seconds, char *message, size_t message_size);

/// Starts loading the landmark model on a thread of its own and returns at once (later calls do
/// nothing). Landmark calls wait for that load; a process may exit while it still runs.
void twin_faces_preload_model(const char *model_path);

/// Fits the 68 landmarks inside `box` (loading the model first if needed) and writes them as
/// x, y pairs into `points` (room for 2 * TWIN_FACES_LANDMARKS floats), in the buffer's pixels.
twin_faces_status twin_faces_landmarks(const void *grey, size_t size, uint32_t width, uint32_t height,
                                       const char *model_path, twin_face_box box, float *points,
                                       char *message, size_t message_size);

/// For the cache fuzz target only: reads the file `name` in `directory` as a cached flat landmark model, the way a
/// load reads one (trust checks, a bounded read, the size against the header, every index checked), but without the
/// checksum and source match, which no mutated input would pass; when the model is adopted, fits it once in a small
/// picture. Returns 1 when the model was adopted, 0 otherwise.
int twin_faces_fuzz_landmark_cache(const char *directory, const char *name);

/// Numbers in a face descriptor (dlib's face-recognition ResNet).
#define TWIN_FACES_DESCRIPTOR_SIZE 128

/// Loads dlib's face-recognition ResNet (`dlib_face_recognition_resnet_model_v1.dat`) from `model_path`, once per
/// path and process (a path that failed keeps failing with the same message), and reports the time the load
/// took in `*load_seconds` (0 when an earlier call had loaded it).
twin_faces_status twin_faces_load_identity_model(const char *model_path, double *load_seconds, char *message,
                                                 size_t message_size);

/// Writes the 128-number descriptor of the face whose 68 landmarks (`points`, x, y pairs in the buffer's pixels,
/// as `twin_faces_landmarks` gives them) lie in the greyscale buffer, into `descriptor` (room for
/// TWIN_FACES_DESCRIPTOR_SIZE floats), loading the model from `model_path` first if needed.
twin_faces_status twin_faces_descriptor(const void *grey, size_t size, uint32_t width, uint32_t height,
                                        const char *model_path, const float *points, float *descriptor,
                                        char *message, size_t message_size);

/// The threads OpenBLAS computes on (1 once the shim has loaded, unless OPENBLAS_NUM_THREADS, GOTO_NUM_THREADS or
/// OMP_NUM_THREADS set it); -1 when the BLAS is not OpenBLAS.
int twin_faces_blas_threads(void);

#ifdef __cplusplus
}
#endif
#endif
