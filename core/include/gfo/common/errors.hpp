#pragma once

#include <stdexcept>

namespace gfo {

// Raised when a numerical routine cannot produce a usable result (the Python layer falls back
// to independent sampling on it).
class NumericalError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace gfo
