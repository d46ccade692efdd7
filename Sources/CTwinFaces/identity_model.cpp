// dlib's face-recognition ResNet (dlib_face_recognition_resnet_model_v1.dat) behind the C boundary: a 128-number
// descriptor of a face from the 150x150 chip that dlib aligns with the 68 landmarks already fitted. Two faces of
// one person lie closer than about 0.6 (dlib's own figure; docs/identity.md has ours).
#include "twin_faces.h"

#include <dlfcn.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include <dlib/dnn.h>
#include <dlib/image_processing.h>
#include <dlib/image_transforms.h>

namespace {

// The network of dlib's dnn_face_recognition_ex.cpp, layer for layer: the model file holds its weights only.
template <template <int, template <typename> class, int, typename> class block, int N, template <typename> class BN,
          typename SUBNET>
using residual = dlib::add_prev1<block<N, BN, 1, dlib::tag1<SUBNET>>>;

template <template <int, template <typename> class, int, typename> class block, int N, template <typename> class BN,
          typename SUBNET>
using residual_down = dlib::add_prev2<dlib::avg_pool<2, 2, 2, 2, dlib::skip1<dlib::tag2<block<N, BN, 2, dlib::tag1<SUBNET>>>>>>;

template <int N, template <typename> class BN, int stride, typename SUBNET>
using block = BN<dlib::con<N, 3, 3, 1, 1, dlib::relu<BN<dlib::con<N, 3, 3, stride, stride, SUBNET>>>>>;

template <int N, typename SUBNET> using ares = dlib::relu<residual<block, N, dlib::affine, SUBNET>>;
template <int N, typename SUBNET> using ares_down = dlib::relu<residual_down<block, N, dlib::affine, SUBNET>>;

template <typename SUBNET> using alevel0 = ares_down<256, SUBNET>;
template <typename SUBNET> using alevel1 = ares<256, ares<256, ares_down<256, SUBNET>>>;
template <typename SUBNET> using alevel2 = ares<128, ares<128, ares_down<128, SUBNET>>>;
template <typename SUBNET> using alevel3 = ares<64, ares<64, ares<64, ares_down<64, SUBNET>>>>;
template <typename SUBNET> using alevel4 = ares<32, ares<32, ares<32, SUBNET>>>;

using FaceNet = dlib::loss_metric<dlib::fc_no_bias<128, dlib::avg_pool_everything<
    alevel0<alevel1<alevel2<alevel3<alevel4<
    dlib::max_pool<3, 3, 2, 2, dlib::relu<dlib::affine<dlib::con<32, 7, 7, 2, 2, dlib::input_rgb_image_sized<150>>>>>>>>>>>>>;

void write_message(char *message, size_t message_size, const std::string &text) {
    if (message == nullptr || message_size == 0) return;
    std::snprintf(message, message_size, "%s", text.c_str());
}

/// One model file, loaded once, and its one network. A network keeps the outputs of its layers, so threads take
/// turns: a descriptor takes about 10 ms, while a second copy would cost 22 MB of weights and its layers' buffers,
/// and reading or copying it more CPU than the waits it saves (benchmarks/identity.sh, docs/performance.md).
struct IdentityModel {
    twin_faces_status status = TWIN_FACES_MODEL_UNAVAILABLE;
    std::string error;
    double load_seconds = 0;
    std::mutex run_lock;
    std::unique_ptr<FaceNet> network;
};

/// The largest identity model file read (dlib's is 22 MB): a profile or TWIN_IDENTITY_MODEL naming anything bigger,
/// or anything but a regular file, is refused before dlib reads it.
constexpr off_t max_identity_model_bytes = off_t(256) << 20;

/// OpenBLAS, which dlib's convolutions run on, starts a thread per core that spins while waiting for work. twin
/// already checks files side by side, so a descriptor runs on one thread: on two cores that measured 15 ms of CPU
/// instead of 59 (benchmarks/identity.sh, docs/performance.md), and less wall time too. OPENBLAS_NUM_THREADS, when
/// the user sets it, wins. Looked up at run time: the reference BLAS has no such function.
void use_one_blas_thread() {
    if (std::getenv("OPENBLAS_NUM_THREADS") != nullptr) return;
    using SetThreads = void (*)(int);
    if (auto set = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) set(1);
}

/// The network from a model file, after checking it is a regular file of a sane size (a FIFO would block dlib's read).
std::unique_ptr<FaceNet> read_network(const std::string &path) {
    struct stat file {};
    if (::stat(path.c_str(), &file) != 0 || !S_ISREG(file.st_mode) || file.st_size > max_identity_model_bytes) {
        throw std::runtime_error("not a regular file of at most 256 MB");
    }
    auto net = std::make_unique<FaceNet>();
    dlib::deserialize(path) >> *net;
    return net;
}

/// The models by path, each loaded at most once per process; a file that failed to load keeps its message.
/// Never destroyed, like the landmark model: a process may exit while another thread still holds one.
std::shared_ptr<IdentityModel> identity_model(const std::string &path, bool &loaded_here) {
    static auto *lock = new std::mutex;
    static auto *models = new std::map<std::string, std::shared_ptr<IdentityModel>>;
    std::lock_guard<std::mutex> guard(*lock);
    if (auto found = models->find(path); found != models->end()) return found->second;
    loaded_here = true;
    auto model = std::make_shared<IdentityModel>();
    auto start = std::chrono::steady_clock::now();
    try {
        use_one_blas_thread();
        model->network = read_network(path);
        model->status = TWIN_FACES_OK;
    } catch (const std::exception &error) {
        model->error = "cannot load the face-recognition model " + path + ": " + error.what();
    } catch (...) {
        model->error = "cannot load the face-recognition model " + path;
    }
    model->load_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    (*models)[path] = model;
    return model;
}

}  // namespace

extern "C" twin_faces_status twin_faces_load_identity_model(const char *model_path, double *load_seconds, char *message,
                                                            size_t message_size) {
    if (load_seconds != nullptr) *load_seconds = 0;
    try {
        bool loaded_here = false;
        auto model = identity_model(model_path == nullptr ? "" : model_path, loaded_here);
        if (load_seconds != nullptr && loaded_here) *load_seconds = model->load_seconds;
        if (model->status != TWIN_FACES_OK) write_message(message, message_size, model->error);
        return model->status;
    } catch (...) {
        write_message(message, message_size, "cannot load the face-recognition model");
        return TWIN_FACES_FAILED;
    }
}

extern "C" twin_faces_status twin_faces_descriptor(const void *grey, size_t size, uint32_t width, uint32_t height,
                                                   const char *model_path, const float *points, float *descriptor,
                                                   char *message, size_t message_size) {
    if (grey == nullptr || points == nullptr || descriptor == nullptr || width == 0 || height == 0
        || width > TWIN_FACES_MAX_SIDE || height > TWIN_FACES_MAX_SIDE || size < static_cast<size_t>(width) * height) {
        write_message(message, message_size, "bad image buffer or landmarks");
        return TWIN_FACES_BAD_INPUT;
    }
    try {
        bool loaded_here = false;
        auto model = identity_model(model_path == nullptr ? "" : model_path, loaded_here);
        if (model->status != TWIN_FACES_OK) {
            write_message(message, message_size, model->error);
            return model->status;
        }
        dlib::array2d<unsigned char> image(height, width);
        const auto *source = static_cast<const unsigned char *>(grey);
        for (uint32_t row = 0; row < height; row++) std::memcpy(&image[row][0], source + size_t(row) * width, width);
        std::vector<dlib::point> parts(TWIN_FACES_LANDMARKS);
        long left = width, top = height, right = 0, bottom = 0;
        for (int part = 0; part < TWIN_FACES_LANDMARKS; part++) {
            parts[part] = dlib::point(static_cast<long>(points[2 * part]), static_cast<long>(points[2 * part + 1]));
            left = std::min(left, parts[part].x()), top = std::min(top, parts[part].y());
            right = std::max(right, parts[part].x()), bottom = std::max(bottom, parts[part].y());
        }
        dlib::full_object_detection shape(dlib::rectangle(left, top, right, bottom), parts);
        // The padding of dlib's own compute_face_descriptor: the chip shows a little around the face.
        dlib::matrix<unsigned char> grey_chip;
        dlib::extract_image_chip(image, dlib::get_face_chip_details(shape, 150, 0.25), grey_chip);
        dlib::matrix<dlib::rgb_pixel> chip;
        dlib::assign_image(chip, grey_chip);
        dlib::matrix<float, 0, 1> values;
        {
            std::lock_guard<std::mutex> turn(model->run_lock);
            values = (*model->network)(chip);
        }
        if (values.size() != TWIN_FACES_DESCRIPTOR_SIZE) {
            write_message(message, message_size, "the face-recognition model gave " + std::to_string(values.size()) + " numbers, not 128");
            return TWIN_FACES_FAILED;
        }
        for (long index = 0; index < values.size(); index++) descriptor[index] = values(index);
        return TWIN_FACES_OK;
    } catch (const std::exception &error) {
        write_message(message, message_size, std::string("face descriptor failed: ") + error.what());
    } catch (...) {
        write_message(message, message_size, "face descriptor failed");
    }
    return TWIN_FACES_FAILED;
}
