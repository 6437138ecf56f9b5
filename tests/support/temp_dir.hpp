#pragma once

// A directory of its own under the system temp dir, removed with everything in it.

#include <filesystem>
#include <string>
#include <system_error>

#include <stdlib.h>

namespace msfit::testing {

class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "msfit") {
    std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
    if (::mkdtemp(pattern.data()) != nullptr) {
      path_ = pattern;
    }
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) {
      std::filesystem::remove_all(path_, ignored);
    }
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // Empty when the directory could not be made.
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace msfit::testing
