// dlib behind a C boundary: every entry point catches every C++ exception and returns a status.
#include "twin_faces.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <exception>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "landmark_model.h"

namespace {

void write_message(char *message, size_t message_size, const std::string &text) {
    if (message == nullptr || message_size == 0) return;
    std::snprintf(message, message_size, "%s", text.c_str());
}

bool valid_buffer(const void *grey, size_t size, uint32_t width, uint32_t height) {
    return grey != nullptr && width > 0 && height > 0 && width <= TWIN_FACES_MAX_SIDE && height <= TWIN_FACES_MAX_SIDE
        && size >= static_cast<size_t>(width) * static_cast<size_t>(height);
}

void copy_image(const void *grey, uint32_t width, uint32_t height, dlib::array2d<unsigned char> &image) {
    image.set_size(height, width);
    const auto *source = static_cast<const unsigned char *>(grey);
    for (uint32_t row = 0; row < height; row++) {
        std::memcpy(&image[row][0], source + static_cast<size_t>(row) * width, width);
    }
}

// The landmark model: loaded once, by whichever thread needs it first; its outcome is shared.
struct Model {
    std::once_flag once;
    std::unique_ptr<twin_faces::LandmarkModel> landmarks;
    twin_faces_status status = TWIN_FACES_MODEL_UNAVAILABLE;
    std::string error;
    double load_seconds = 0;
};

// Allocated once and never destroyed: a process may exit while a preload thread is still inside
// dlib's deserialiser, and exit-time destructors of a static Model crashed there.
Model &shared_model() {
    static Model *model = new Model;
    return *model;
}

twin_faces_status load_model(const char *model_path, double *load_seconds, char *message, size_t message_size) {
    Model &model = shared_model();
    bool loaded_here = false;
    std::call_once(model.once, [&] {
        loaded_here = true;
        auto start = std::chrono::steady_clock::now();
        try {
            model.landmarks = twin_faces::LandmarkModel::load(model_path == nullptr ? "" : model_path);
            if (model.landmarks->landmark_count() != TWIN_FACES_LANDMARKS) {
                model.error = "the landmark model has " + std::to_string(model.landmarks->landmark_count())
                    + " points, not 68";
                return;
            }
            model.status = TWIN_FACES_OK;
        } catch (const std::exception &error) {
            model.error = std::string("cannot load the landmark model: ") + error.what();
        } catch (...) {
            model.error = "cannot load the landmark model";
        }
        model.load_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    });
    if (load_seconds != nullptr) *load_seconds = loaded_here ? model.load_seconds : 0;
    if (model.status != TWIN_FACES_OK) write_message(message, message_size, model.error);
    return model.status;
}

}  // namespace

extern "C" twin_faces_status twin_faces_detect(const void *grey, size_t size, uint32_t width, uint32_t height,
                                               double min_score, twin_face_box *boxes, size_t capacity, size_t *count,
                                               char *message, size_t message_size) {
    if (count != nullptr) *count = 0;
    if (!valid_buffer(grey, size, width, height) || (boxes == nullptr && capacity > 0)) {
        write_message(message, message_size, "bad image buffer");
        return TWIN_FACES_BAD_INPUT;
    }
    try {
        // The detector keeps per-image scratch state: one per thread, copied from one decoded per process.
        static const dlib::frontal_face_detector *const prototype = new dlib::frontal_face_detector(twin_faces::load_detector());
        thread_local dlib::frontal_face_detector detector = *prototype;
        dlib::array2d<unsigned char> image;
        copy_image(grey, width, height, image);
        std::vector<dlib::rect_detection> detections;
        detector(image, detections, min_score);
        std::sort(detections.begin(), detections.end(),
                  [](const dlib::rect_detection &a, const dlib::rect_detection &b) {
                      return a.detection_confidence > b.detection_confidence;
                  });
        if (count != nullptr) *count = detections.size();
        for (size_t index = 0; index < std::min(capacity, detections.size()); index++) {
            const auto &detection = detections[index];
            boxes[index] = twin_face_box{
                static_cast<int32_t>(detection.rect.left()), static_cast<int32_t>(detection.rect.top()),
                static_cast<int32_t>(detection.rect.width()), static_cast<int32_t>(detection.rect.height()),
                detection.detection_confidence, static_cast<int32_t>(detection.weight_index)};
        }
        return TWIN_FACES_OK;
    } catch (const std::exception &error) {
        write_message(message, message_size, std::string("face detection failed: ") + error.what());
    } catch (...) {
        write_message(message, message_size, "face detection failed");
    }
    return TWIN_FACES_FAILED;
}

extern "C" twin_faces_status twin_faces_load_model(const char *model_path, double *load_seconds,
                                                   char *message, size_t message_size) {
    try {
        return load_model(model_path, load_seconds, message, message_size);
    } catch (...) {  // std::call_once itself can throw std::system_error
        write_message(message, message_size, "cannot load the landmark model");
        return TWIN_FACES_FAILED;
    }
}

extern "C" void twin_faces_preload_model(const char *model_path) {
    try {
        static std::once_flag started;
        std::string path = model_path == nullptr ? "" : model_path;
        std::call_once(started, [&path] {
            std::thread([path] {
                try {
                    load_model(path.c_str(), nullptr, nullptr, 0);
                } catch (...) {  // the outcome is kept in the model; a later landmark call reports it
                }
            }).detach();
        });
    } catch (...) {  // no thread could be started: the first landmark call loads the model itself
    }
}

extern "C" twin_faces_status twin_faces_landmarks(const void *grey, size_t size, uint32_t width, uint32_t height,
                                                  const char *model_path, twin_face_box box, float *points,
                                                  char *message, size_t message_size) {
    if (!valid_buffer(grey, size, width, height) || points == nullptr || box.width <= 0 || box.height <= 0
        || box.width > TWIN_FACES_MAX_SIDE || box.height > TWIN_FACES_MAX_SIDE) {
        write_message(message, message_size, "bad image buffer or face box");
        return TWIN_FACES_BAD_INPUT;
    }
    try {
        twin_faces_status status = load_model(model_path, nullptr, message, message_size);
        if (status != TWIN_FACES_OK) return status;
        dlib::array2d<unsigned char> image;
        copy_image(grey, width, height, image);
        dlib::rectangle rect(box.left, box.top, box.left + box.width - 1, box.top + box.height - 1);
        std::vector<dlib::point> parts = shared_model().landmarks->fit(image, rect);
        if (parts.size() < TWIN_FACES_LANDMARKS) {  // a model of another shape (e.g. dlib's 5-point one)
            write_message(message, message_size, "the landmark model has " + std::to_string(parts.size()) + " points, not 68");
            return TWIN_FACES_MODEL_UNAVAILABLE;
        }
        for (unsigned long part = 0; part < TWIN_FACES_LANDMARKS; part++) {
            points[2 * part] = static_cast<float>(parts[part].x());
            points[2 * part + 1] = static_cast<float>(parts[part].y());
        }
        return TWIN_FACES_OK;
    } catch (const std::exception &error) {
        write_message(message, message_size, std::string("landmark fitting failed: ") + error.what());
    } catch (...) {
        write_message(message, message_size, "landmark fitting failed");
    }
    return TWIN_FACES_FAILED;
}
