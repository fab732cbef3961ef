// Runs a fuzz target once on each file named on the command line (or in each directory named),
// without libFuzzer: how the seeds and every crash the fuzzer ever found are replayed as ctest
// regression tests in the normal and sanitized builds.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

void replay(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t inputs = 0;
    for (int i = 1; i < argc; ++i) {
        std::filesystem::path where(argv[i]);
        if (!std::filesystem::exists(where)) {
            std::fprintf(stderr, "replay: %s does not exist\n", argv[i]);
            return 2;
        }
        if (!std::filesystem::is_directory(where)) {
            replay(where);
            ++inputs;
            continue;
        }
        for (const auto& entry : std::filesystem::directory_iterator(where)) {
            if (!entry.is_regular_file()) continue;
            replay(entry.path());
            ++inputs;
        }
    }
    std::printf("replayed %zu inputs without a finding\n", inputs);
    return inputs == 0 ? 1 : 0;
}
