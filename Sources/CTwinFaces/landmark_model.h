// The 68-point landmark model in one flat block of memory, and dlib's face detector, both kept in a
// user cache so that a process after the first one loads them in milliseconds instead of a second.
#ifndef TWIN_LANDMARK_MODEL_H
#define TWIN_LANDMARK_MODEL_H

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/revision.h>

namespace twin_faces {

/// One split of a regression tree: the difference of two feature pixels compared with a threshold.
struct Split {
    uint32_t first;
    uint32_t second;
    float threshold;
};

/// dlib's shape predictor (an ensemble of regression trees, Kazemi and Sullivan 2014) held flat:
/// every tree has the same depth, every cascade the same number of trees and feature pixels.
/// Evaluation follows dlib's `shape_predictor::operator()` step by step; its leaves are held in half precision, which
/// moves a point by thousandths of a pixel (dlib rounds points to whole pixels).
class LandmarkModel {
public:
    /// Reads `model_path` (a dlib shape predictor file) through the cache: the flat copy when one
    /// matches the file's size and modification time, otherwise dlib's deserialisers, after which
    /// the flat copy is written for the next process. Throws std::runtime_error with a message.
    static std::unique_ptr<LandmarkModel> load(const std::string &model_path);

    unsigned long landmark_count() const { return initial_shape_.size() / 2; }

    /// The landmarks inside `box`, in the picture's pixels (rounded as dlib rounds them).
    std::vector<dlib::point> fit(const dlib::array2d<unsigned char> &picture, const dlib::rectangle &box) const;

private:
    struct Layout {
        uint32_t cascades, trees, splits_per_tree, features, values;  // values: 2 x landmarks
    };

    Layout layout_{};
    dlib::matrix<float, 0, 1> initial_shape_;
    std::vector<std::vector<unsigned long>> anchors_;
    std::vector<std::vector<dlib::vector<float, 2>>> deltas_;
    const Split *splits_ = nullptr;
    const uint16_t *leaves_ = nullptr;  // IEEE half precision: 65 of the model's 70 MB as floats
    std::shared_ptr<const void> storage_;  // the mapped cache file or the bytes built from the model

    friend struct ModelCodec;
};

/// dlib's HOG frontal face detector, decoded from the cache when there (its embedded, compressed
/// form takes about 0.4 s of CPU to decode) and written there otherwise.
dlib::frontal_face_detector load_detector();

}  // namespace twin_faces

#endif
