#pragma once
// What the embed tests share: the process's Runtime and throwaway directories for SQLite files.

#include <string>

#include "gfo/embed/optuna.hpp"

namespace gfo_embed_test {

// The Runtime of this test process, owned by the global test environment (main.cpp).
const gfo::optuna::Runtime& runtime();

// A fresh directory under the system's temporary directory, removed with its contents when the
// object goes.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const noexcept { return path_; }
  // "sqlite:///<dir>/<file_name>".
  std::string sqlite_url(const std::string& file_name) const;

 private:
  std::string path_;
};

}  // namespace gfo_embed_test
