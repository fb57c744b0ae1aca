#include "embed_test_support.hpp"

#include <stdlib.h>

#include <filesystem>
#include <stdexcept>

namespace gfo_embed_test {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "gfo_embed_XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed: " + pattern);
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::sqlite_url(const std::string& file_name) const {
  return "sqlite:///" + (std::filesystem::path(path_) / file_name).string();
}

}  // namespace gfo_embed_test
