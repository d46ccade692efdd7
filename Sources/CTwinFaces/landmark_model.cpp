// The landmark model and the face detector through a user cache (see landmark_model.h).
//
// Cache files live in $XDG_CACHE_HOME/twin-preflight (or ~/.cache/twin-preflight), are written whole to a
// temporary name and renamed, and are trusted only when the folder and file pass model_cache.h's checks and their
// header, size, source file and checksum all match; anything else is ignored and rebuilt. A cache that cannot be
// written costs speed, never a result.
#include "landmark_model.h"
#include "model_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace twin_faces {
namespace {

// 02: leaves in half precision (01 held them as floats).
constexpr char landmark_magic[8] = {'T', 'W', 'I', 'N', 'L', 'M', '0', '2'};
constexpr char detector_magic[8] = {'T', 'W', 'I', 'N', 'F', 'D', '0', '1'};
constexpr size_t max_detector_bytes = 4u << 20;
// The largest flat landmark model read from the cache (dlib's 68-point model is about 37 MB).
constexpr size_t max_landmark_bytes = size_t(256) << 20;

// Bounds on a model's shape: dlib's 68-point model is 15 cascades of 500 trees of depth 4 over 400 pixels.
constexpr uint32_t max_cascades = 64, max_trees = 8192, max_splits = 4095, max_features = 65536, max_values = 2048;
// The largest magnitude of any number of a model (its shape, offsets and leaves are fractions of the face box; dlib's
// model stays under 2): even summed over every tree of every cascade, positions stay far inside `long`.
constexpr float max_model_value = 1000;
// The smallest spread (mean squared distance of the initial shape's points from their centre, in the face box's unit
// square) of a model's initial shape; dlib's is about 0.1. A collapsed shape makes dlib's similarity transform divide
// by almost nothing, and a pixel position outside `long`'s range (found by the cache fuzz target).
constexpr double min_initial_spread = 1e-4;
// The largest magnitude of a fitted shape's coordinate, in the face box's unit square, between cascades: a fit that
// leaves it is stopped with an error rather than turned into pixel positions.
constexpr float max_fitted_value = 1e4f;

struct LandmarkHeader {
    char magic[8];
    uint64_t source_size;
    int64_t source_seconds;
    int64_t source_nanoseconds;
    uint64_t checksum;
    uint32_t cascades, trees, splits_per_tree, features, values, reserved;
};
static_assert(sizeof(LandmarkHeader) == 64, "the cache header is 64 bytes");

struct DetectorHeader {
    char magic[8];
    uint64_t size;
    uint64_t checksum;
};

/// The nearest IEEE half-precision number to `value` (ties to even; overflow to infinity, NaN kept).
uint16_t to_half(float value) {
    uint32_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    uint32_t sign = (bits >> 16) & 0x8000u, mantissa = bits & 0x7fffffu;
    int32_t exponent = int32_t((bits >> 23) & 0xffu) - 127 + 15;
    if (((bits >> 23) & 0xffu) == 0xffu) return static_cast<uint16_t>(sign | 0x7c00u | (mantissa ? 0x200u : 0));
    if (exponent >= 31) return static_cast<uint16_t>(sign | 0x7c00u);
    if (exponent <= 0) {  // a subnormal half, or zero
        if (exponent < -10) return static_cast<uint16_t>(sign);
        mantissa |= 0x800000u;
        uint32_t shift = uint32_t(14 - exponent), half = mantissa >> shift;
        uint32_t rest = mantissa & ((1u << shift) - 1), halfway = 1u << (shift - 1);
        if (rest > halfway || (rest == halfway && (half & 1u))) half++;
        return static_cast<uint16_t>(sign | half);
    }
    uint32_t half = sign | uint32_t(exponent) << 10 | mantissa >> 13, rest = mantissa & 0x1fffu;
    if (rest > 0x1000u || (rest == 0x1000u && (half & 1u))) half++;  // a carry into the exponent is still right
    return static_cast<uint16_t>(half);
}

/// Every half-precision number as a float, by its bits: the fit reads its leaves through this table. Built once and
/// never freed: the model's preload thread may still be reading it while the process exits and runs static
/// destructors (the mutation sweep caught a std::vector here being freed under it).
const float *half_table() {
    static const float *const table = [] {
        float *values = new float[65536];
        for (uint32_t half = 0; half < 65536; half++) {
            uint32_t sign = (half & 0x8000u) << 16, exponent = (half >> 10) & 0x1fu, mantissa = half & 0x3ffu, bits;
            if (exponent == 31) {
                bits = sign | 0x7f800000u | mantissa << 13;
            } else if (exponent != 0) {
                bits = sign | (exponent - 15 + 127) << 23 | mantissa << 13;
            } else if (mantissa == 0) {
                bits = sign;
            } else {  // subnormal: normalised for the float
                uint32_t shifted = mantissa, float_exponent = 127 - 15 + 1;
                while (!(shifted & 0x400u)) { shifted <<= 1; float_exponent--; }
                bits = sign | float_exponent << 23 | (shifted & 0x3ffu) << 13;
            }
            std::memcpy(&values[half], &bits, sizeof bits);
        }
        return values;
    }();
    return table;
}

/// A 64-bit checksum over whole words (a rotate-xor-multiply hash): about 5 ms for the 37 MB model.
uint64_t checksum(const char *bytes, size_t size) {
    uint64_t hash = 0x9E3779B97F4A7C15ull ^ size;
    size_t index = 0;
    for (; index + 8 <= size; index += 8) {
        uint64_t word;
        std::memcpy(&word, bytes + index, 8);
        hash = ((hash ^ word) << 29 | (hash ^ word) >> 35) * 0xBF58476D1CE4E5B9ull;
    }
    for (; index < size; index++) hash = (hash ^ static_cast<unsigned char>(bytes[index])) * 0x100000001B3ull;
    return hash ^ (hash >> 31);
}

std::string hex(uint64_t value) {
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
    return text;
}

/// The size in bytes of a flat model's body, or 0 when the layout is out of bounds.
size_t body_size(uint32_t cascades, uint32_t trees, uint32_t splits, uint32_t features, uint32_t values) {
    if (cascades == 0 || cascades > max_cascades || trees == 0 || trees > max_trees || splits == 0 || splits > max_splits
        || features == 0 || features > max_features || values == 0 || values > max_values || values % 2 != 0) {
        return 0;
    }
    size_t tree_count = size_t(cascades) * trees;  // at most 2^19: every product below stays far under 2^64
    return size_t(values) * sizeof(float) + size_t(cascades) * features * (sizeof(uint32_t) + 2 * sizeof(float))
        + tree_count * splits * sizeof(Split) + tree_count * (size_t(splits) + 1) * values * sizeof(uint16_t);
}

/// The size a landmark cache file's header promises (header and body), or 0 when the header is not ours or out of bounds.
size_t promised_landmark_size(const char *bytes) {
    LandmarkHeader header;
    std::memcpy(&header, bytes, sizeof header);
    if (std::memcmp(header.magic, landmark_magic, sizeof header.magic) != 0) return 0;
    size_t body = body_size(header.cascades, header.trees, header.splits_per_tree, header.features, header.values);
    return body == 0 ? 0 : sizeof header + body;
}

}  // namespace

/// Turns a model read by dlib into the flat layout, and checks a flat body before it is used.
struct ModelCodec {
    static std::vector<char> flatten(const std::string &model_path, const struct stat &source) {
        std::ifstream file(model_path, std::ios::binary);
        if (!file) throw std::runtime_error("cannot open the landmark model " + model_path);
        int version = 0;
        dlib::matrix<float, 0, 1> initial_shape;
        std::vector<std::vector<dlib::impl::regression_tree>> forests;
        std::vector<std::vector<unsigned long>> anchors;
        std::vector<std::vector<dlib::vector<float, 2>>> deltas;
        // The fields of dlib's own `deserialize(shape_predictor &, std::istream &)`, in its order.
        dlib::deserialize(version, file);
        if (version != 1) throw std::runtime_error(model_path + " is not a dlib shape predictor (version " + std::to_string(version) + ")");
        dlib::deserialize(initial_shape, file);
        dlib::deserialize(forests, file);
        dlib::deserialize(anchors, file);
        dlib::deserialize(deltas, file);

        LandmarkHeader header{};
        std::memcpy(header.magic, landmark_magic, sizeof header.magic);
        header.source_size = static_cast<uint64_t>(source.st_size);
        header.source_seconds = source.st_mtim.tv_sec;
        header.source_nanoseconds = source.st_mtim.tv_nsec;
        header.cascades = static_cast<uint32_t>(forests.size());
        header.trees = forests.empty() ? 0 : static_cast<uint32_t>(forests[0].size());
        header.splits_per_tree = header.trees == 0 ? 0 : static_cast<uint32_t>(forests[0][0].splits.size());
        header.features = anchors.empty() ? 0 : static_cast<uint32_t>(anchors[0].size());
        header.values = static_cast<uint32_t>(initial_shape.size());
        size_t body = body_size(header.cascades, header.trees, header.splits_per_tree, header.features, header.values);
        if (body == 0 || anchors.size() != forests.size() || deltas.size() != forests.size()) {
            throw std::runtime_error("the landmark model's layout is not supported (uneven cascades or trees)");
        }

        std::vector<char> bytes(sizeof header + body);
        char *out = bytes.data() + sizeof header;
        auto put = [&out](const void *value, size_t size) { std::memcpy(out, value, size); out += size; };
        for (long index = 0; index < initial_shape.size(); index++) put(&initial_shape(index), sizeof(float));
        for (const auto &cascade : anchors) {
            if (cascade.size() != header.features) throw std::runtime_error("the landmark model's cascades differ in size");
            for (unsigned long anchor : cascade) { uint32_t value = static_cast<uint32_t>(anchor); put(&value, sizeof value); }
        }
        for (const auto &cascade : deltas) {
            if (cascade.size() != header.features) throw std::runtime_error("the landmark model's cascades differ in size");
            for (const auto &delta : cascade) { float pair[2] = {delta.x(), delta.y()}; put(pair, sizeof pair); }
        }
        for (const auto &cascade : forests) {
            if (cascade.size() != header.trees) throw std::runtime_error("the landmark model's cascades differ in trees");
            for (const auto &tree : cascade) {
                if (tree.splits.size() != header.splits_per_tree || tree.leaf_values.size() != header.splits_per_tree + 1) {
                    throw std::runtime_error("the landmark model's trees differ in depth");
                }
                for (const auto &split : tree.splits) {
                    Split flat{static_cast<uint32_t>(split.idx1), static_cast<uint32_t>(split.idx2), split.thresh};
                    put(&flat, sizeof flat);
                }
            }
        }
        for (const auto &cascade : forests) {
            for (const auto &tree : cascade) {
                for (const auto &leaf : tree.leaf_values) {
                    if (leaf.size() != header.values) throw std::runtime_error("the landmark model's leaves differ in size");
                    // Half precision halves the model's memory (65 of its 70 MB are leaves): a leaf is a small
                    // offset, and the rounding, summed over the 7 500 leaves of a fit, moves a point by a few
                    // thousandths of a pixel.
                    for (long index = 0; index < leaf.size(); index++) {
                        uint16_t half = to_half(leaf(index));
                        put(&half, sizeof half);
                    }
                }
            }
        }
        header.checksum = checksum(bytes.data() + sizeof header, body);
        std::memcpy(bytes.data(), &header, sizeof header);
        return bytes;
    }

    /// The mean squared distance of a shape's points (x, y pairs, read unaligned) from their centre.
    static double initial_spread(const float *shape, uint32_t points) {
        auto value = [shape](size_t index) {
            float number;
            std::memcpy(&number, reinterpret_cast<const char *>(shape) + index * sizeof number, sizeof number);
            return double(number);
        };
        double x = 0, y = 0;
        for (uint32_t point = 0; point < points; point++) { x += value(2 * point); y += value(2 * point + 1); }
        x /= points; y /= points;
        double spread = 0;
        for (uint32_t point = 0; point < points; point++) {
            spread += (value(2 * point) - x) * (value(2 * point) - x) + (value(2 * point + 1) - y) * (value(2 * point + 1) - y);
        }
        return spread / points;
    }

    /// Points `model` into a flat block (header included) after checking every index in it.
    static bool adopt(LandmarkModel &model, const char *bytes, size_t size) {
        if (size < sizeof(LandmarkHeader)) return false;
        LandmarkHeader header;
        std::memcpy(&header, bytes, sizeof header);
        size_t body = body_size(header.cascades, header.trees, header.splits_per_tree, header.features, header.values);
        if (std::memcmp(header.magic, landmark_magic, sizeof header.magic) != 0 || body == 0
            || size != sizeof header + body) {
            return false;
        }
        const char *in = bytes + sizeof header;
        auto floats = [&in](size_t count) {
            const float *start = reinterpret_cast<const float *>(in);
            in += count * sizeof(float);
            return start;
        };
        // Every number of the model is a small offset in the face box's unit square. A huge or non-finite one would
        // make dlib turn a float outside `long`'s range into a pixel position (undefined behaviour, found by the
        // cache fuzz target): such a model is refused whole.
        size_t split_total = size_t(header.cascades) * header.trees * header.splits_per_tree;
        size_t leaf_total = size_t(header.cascades) * header.trees * (size_t(header.splits_per_tree) + 1) * header.values;
        auto sane = [](const char *at, size_t count) {
            for (size_t index = 0; index < count; index++) {
                float value;
                std::memcpy(&value, at + index * sizeof value, sizeof value);
                if (!std::isfinite(value) || std::fabs(value) > max_model_value) return false;
            }
            return true;
        };
        auto sane_halves = [](const char *at, size_t count) {
            const float *table = half_table();
            for (size_t index = 0; index < count; index++) {
                uint16_t half;
                std::memcpy(&half, at + index * sizeof half, sizeof half);
                if (!std::isfinite(table[half]) || std::fabs(table[half]) > max_model_value) return false;
            }
            return true;
        };
        const char *deltas_start = in + header.values * sizeof(float) + size_t(header.cascades) * header.features * sizeof(uint32_t);
        const char *leaves_start = deltas_start + size_t(header.cascades) * header.features * 2 * sizeof(float)
            + split_total * sizeof(Split);
        if (!sane(in, header.values) || !sane(deltas_start, size_t(header.cascades) * header.features * 2)
            || !sane_halves(leaves_start, leaf_total)) {
            return false;
        }
        uint32_t landmarks = header.values / 2;
        if (landmarks == 0 || initial_spread(reinterpret_cast<const float *>(in), landmarks) < min_initial_spread) return false;
        model.layout_ = {header.cascades, header.trees, header.splits_per_tree, header.features, header.values};
        model.initial_shape_.set_size(header.values);
        const float *initial = floats(header.values);
        for (uint32_t index = 0; index < header.values; index++) model.initial_shape_(index) = initial[index];
        model.anchors_.assign(header.cascades, std::vector<unsigned long>(header.features));
        for (auto &cascade : model.anchors_) {
            for (auto &anchor : cascade) {
                uint32_t value;
                std::memcpy(&value, in, sizeof value);
                in += sizeof value;
                if (value >= landmarks) return false;
                anchor = value;
            }
        }
        model.deltas_.assign(header.cascades, std::vector<dlib::vector<float, 2>>(header.features));
        for (auto &cascade : model.deltas_) {
            for (auto &delta : cascade) {
                const float *pair = floats(2);
                delta = dlib::vector<float, 2>(pair[0], pair[1]);
            }
        }
        model.splits_ = reinterpret_cast<const Split *>(in);
        size_t split_count = size_t(header.cascades) * header.trees * header.splits_per_tree;
        for (size_t index = 0; index < split_count; index++) {
            if (model.splits_[index].first >= header.features || model.splits_[index].second >= header.features) return false;
        }
        in += split_count * sizeof(Split);
        model.leaves_ = reinterpret_cast<const uint16_t *>(in);
        return true;
    }

    static bool fresh(const char *bytes, size_t size, const struct stat &source) {
        if (size < sizeof(LandmarkHeader)) return false;
        LandmarkHeader header;
        std::memcpy(&header, bytes, sizeof header);
        return std::memcmp(header.magic, landmark_magic, sizeof header.magic) == 0
            && header.source_size == static_cast<uint64_t>(source.st_size) && header.source_seconds == source.st_mtim.tv_sec
            && header.source_nanoseconds == source.st_mtim.tv_nsec
            && header.checksum == checksum(bytes + sizeof header, size - sizeof header);
    }
};

std::unique_ptr<LandmarkModel> LandmarkModel::load(const std::string &model_path) {
    struct stat source {};
    if (::stat(model_path.c_str(), &source) != 0 || !S_ISREG(source.st_mode)) {
        throw std::runtime_error("cannot open the landmark model " + model_path);
    }
    std::string directory = trusted_cache_directory();
    char resolved[PATH_MAX];
    std::string identity = ::realpath(model_path.c_str(), resolved) != nullptr ? resolved : model_path;
    std::string cache_name = "landmarks-" + hex(checksum(identity.data(), identity.size())) + ".bin";

    auto model = std::unique_ptr<LandmarkModel>(new LandmarkModel);
    if (auto cached = read_cache_file(directory, cache_name, sizeof(LandmarkHeader), max_landmark_bytes, promised_landmark_size)) {
        if (ModelCodec::fresh(cached->data(), cached->size(), source) && ModelCodec::adopt(*model, cached->data(), cached->size())) {
            model->storage_ = std::shared_ptr<const void>(cached, cached->data());
            return model;
        }
    }
    auto bytes = std::make_shared<std::vector<char>>(ModelCodec::flatten(model_path, source));
    if (!ModelCodec::adopt(*model, bytes->data(), bytes->size())) {
        throw std::runtime_error("the landmark model " + model_path + " has an index out of range");
    }
    write_cache_file(directory, cache_name, *bytes);
    model->storage_ = std::shared_ptr<const void>(bytes, bytes->data());
    return model;
}

/// The cache fuzz target (twin_faces.h): everything a load does with a cached file but its checksum and source match.
int fuzz_landmark_cache(const std::string &directory, const std::string &name) {
    auto cached = read_cache_file(directory, name, sizeof(LandmarkHeader), max_landmark_bytes, promised_landmark_size);
    LandmarkModel model;
    if (!cached || !ModelCodec::adopt(model, cached->data(), cached->size())) return 0;
    dlib::array2d<unsigned char> picture(64, 64);
    for (long row = 0; row < 64; row++) {
        for (long column = 0; column < 64; column++) picture[row][column] = static_cast<unsigned char>(row * 4 ^ column * 3);
    }
    std::vector<dlib::point> parts = model.fit(picture, dlib::rectangle(8, 8, 55, 55));
    return parts.size() == model.landmark_count() ? 1 : 0;
}

std::vector<dlib::point> LandmarkModel::fit(const dlib::array2d<unsigned char> &picture, const dlib::rectangle &box) const {
    dlib::matrix<float, 0, 1> current = initial_shape_;
    std::vector<float> features;
    const uint32_t splits = layout_.splits_per_tree, values = layout_.values;
    const float *half = half_table();
    for (uint32_t cascade = 0; cascade < layout_.cascades; cascade++) {
        dlib::impl::extract_feature_pixel_values(picture, box, current, initial_shape_, anchors_[cascade], deltas_[cascade],
                                                 features);
        for (uint32_t tree = 0; tree < layout_.trees; tree++) {
            size_t tree_index = size_t(cascade) * layout_.trees + tree;
            const Split *split = splits_ + tree_index * splits;
            unsigned long node = 0;
            while (node < splits) {
                node = features[split[node].first] - features[split[node].second] > split[node].threshold ? 2 * node + 1 : 2 * node + 2;
            }
            const uint16_t *leaf = leaves_ + (tree_index * (splits + 1) + (node - splits)) * values;
            for (uint32_t value = 0; value < values; value++) current(value) += half[leaf[value]];
        }
        for (uint32_t value = 0; value < values; value++) {
            if (!std::isfinite(current(value)) || std::fabs(current(value)) > max_fitted_value) {
                throw std::runtime_error("the landmark model's fit left the face box: the model or its cached copy is damaged "
                                         "(reinstall libdlib-data, or delete the twin-preflight cache folder to rebuild it)");
            }
        }
    }
    const dlib::point_transform_affine to_picture = dlib::impl::unnormalizing_tform(box);
    std::vector<dlib::point> parts(current.size() / 2);
    for (unsigned long index = 0; index < parts.size(); index++) parts[index] = to_picture(dlib::impl::location(current, index));
    return parts;
}

dlib::frontal_face_detector load_detector() {
    std::string directory = trusted_cache_directory();
    std::string cache_name = "frontal-face-detector-dlib-" + std::to_string(DLIB_MAJOR_VERSION) + "."
        + std::to_string(DLIB_MINOR_VERSION) + ".bin";
    auto promised_size = [](const char *bytes) -> size_t {
        DetectorHeader header;
        std::memcpy(&header, bytes, sizeof header);
        bool plausible = std::memcmp(header.magic, detector_magic, sizeof header.magic) == 0 && header.size > 0
            && header.size <= max_detector_bytes - sizeof header;
        return plausible ? sizeof header + header.size : 0;
    };
    if (auto cached = read_cache_file(directory, cache_name, sizeof(DetectorHeader), max_detector_bytes, promised_size)) {
        DetectorHeader header;
        std::memcpy(&header, cached->data(), sizeof header);
        if (header.checksum == checksum(cached->data() + sizeof header, header.size)) {
            try {
                std::istringstream in(std::string(cached->data() + sizeof header, header.size));
                dlib::frontal_face_detector detector;
                dlib::deserialize(detector, in);
                if (detector.num_detectors() > 0) return detector;
            } catch (...) {  // a cache dlib cannot read is rebuilt below
            }
        }
    }
    dlib::frontal_face_detector detector = dlib::get_frontal_face_detector();
    if (!directory.empty()) {
        std::ostringstream out;
        dlib::serialize(detector, out);
        std::string payload = out.str();
        DetectorHeader header{};
        std::memcpy(header.magic, detector_magic, sizeof header.magic);
        header.size = payload.size();
        header.checksum = checksum(payload.data(), payload.size());
        std::vector<char> bytes(sizeof header + payload.size());
        std::memcpy(bytes.data(), &header, sizeof header);
        std::memcpy(bytes.data() + sizeof header, payload.data(), payload.size());
        write_cache_file(directory, cache_name, bytes);
    }
    return detector;
}

}  // namespace twin_faces

extern "C" int twin_faces_fuzz_landmark_cache(const char *directory, const char *name) {
    try {
        return twin_faces::fuzz_landmark_cache(directory == nullptr ? "" : directory, name == nullptr ? "" : name);
    } catch (...) {
        return 0;
    }
}
