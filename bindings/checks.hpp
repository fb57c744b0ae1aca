#pragma once
// The bindings' argument checks, run before the core allocates or computes: each throws
// std::invalid_argument (Python's ValueError) whose message starts with the argument's name, as
// the Python caller spelled it ("running: row 3 has a NaN").

#include <pybind11/pybind11.h>

#include <Eigen/Core>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace gfo_bindings {

// Upper bounds on sizes and counts: far beyond any use, low enough that memory and time stay
// sane (a tournament of 2**31 - 1 draws once ran for minutes with the GIL released).
inline constexpr long long kMaxCount = 1LL << 20;
inline constexpr long long kMaxThreads = 1LL << 16;
// Most doubles one call may allocate for its output (1 GiB).
inline constexpr long long kMaxOutputValues = 1LL << 27;
// Upper bound of the operators' real-valued shape parameters (distribution indices, BLX-alpha,
// Gaussian sigma, UCB's beta): each is saturated long before (a copy of a parent, the whole range).
inline constexpr double kMaxShapeParameter = 1e6;

[[noreturn]] inline void reject(const char* name, const std::string& problem) {
  throw std::invalid_argument(std::string(name) + ": " + problem);
}

inline void require(bool condition, const char* name, const std::string& problem) {
  if (!condition) reject(name, problem);
}

// Six significant digits (std::to_string writes 1e-08 as 0.000000). No Python call: some checks
// run with the GIL released.
inline std::string format(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

inline std::string describe(double value) { return std::isnan(value) ? "a NaN" : "an infinite value"; }

// Every entry finite; the first offender named by its row (and column, for several columns).
inline void require_finite(const Eigen::Ref<const Eigen::MatrixXd>& values, const char* name) {
  for (Eigen::Index r = 0; r < values.rows(); ++r) {
    for (Eigen::Index c = 0; c < values.cols(); ++c) {
      const double v = values(r, c);
      if (std::isfinite(v)) continue;
      const std::string where = values.cols() == 1 ? "row " + std::to_string(r)
                                                   : "row " + std::to_string(r) + ", column " + std::to_string(c);
      reject(name, where + " has " + describe(v));
    }
  }
}

// No NaN (infinities allowed); the first NaN named by its row.
inline void require_no_nan(const Eigen::Ref<const Eigen::MatrixXd>& values, const char* name) {
  for (Eigen::Index r = 0; r < values.rows(); ++r)
    if (values.row(r).hasNaN()) reject(name, "row " + std::to_string(r) + " has a NaN");
}

inline void require_columns(const Eigen::Ref<const Eigen::MatrixXd>& values, Eigen::Index columns, const char* name,
                            const char* per_what) {
  require(
      values.cols() == columns, name,
      std::to_string(values.cols()) + " columns, expected " + std::to_string(columns) + " (one per " + per_what + ")");
}

inline void require_rows(Eigen::Index rows, Eigen::Index expected, const char* name, const char* per_what) {
  require(rows == expected, name,
          std::to_string(rows) + " rows, expected " + std::to_string(expected) + " (one per " + per_what + ")");
}

inline void require_in_range(double value, double low, double high, const char* name) {
  require(value >= low && value <= high, name,
          "must be in [" + format(low) + ", " + format(high) + "], got " + format(value));
}

// An exclusive lower bound: (low, high].
inline void require_above(double value, double low, double high, const char* name) {
  require(value > low && value <= high, name,
          "must be in (" + format(low) + ", " + format(high) + "], got " + format(value));
}

// A Python int in [low, high], any size (so 2**70 is a ValueError like 2**31, not a TypeError).
inline long long checked_integer(const pybind11::int_& value, long long low, long long high, const char* name) {
  int overflow = 0;
  const long long v = PyLong_AsLongLongAndOverflow(value.ptr(), &overflow);
  if (overflow != 0 || v < low || v > high)
    reject(name, "must be an integer in [" + std::to_string(low) + ", " + std::to_string(high) + "], got " +
                     std::string(pybind11::str(value)));
  return v;
}

// A count for an int field of the core's options.
inline int checked_count(const pybind11::int_& value, long long low, const char* name, long long high = kMaxCount) {
  return static_cast<int>(checked_integer(value, low, high, name));
}

// A C++ enum's Python names and values, written once: they register the Python enum and check
// the values that come back (pybind11's enums accept any int, and KernelType(7) would run as
// some default in the core).
template <typename Enum>
using EnumTable = std::vector<std::pair<const char*, Enum>>;

template <typename Enum>
pybind11::enum_<Enum> bind_enum(pybind11::module_& module, const char* python_name, const EnumTable<Enum>& table) {
  pybind11::enum_<Enum> bound(module, python_name);
  for (const auto& [name, value] : table) bound.value(name, value);
  return bound;
}

template <typename Enum>
Enum checked_enum(Enum value, const EnumTable<Enum>& table, const char* name) {
  std::string known;
  for (const auto& [member, member_value] : table) {
    if (member_value == value) return value;
    known += (known.empty() ? "" : ", ") + std::string(member);
  }
  reject(name, std::to_string(static_cast<long long>(value)) + " is not one of " + known);
}

}  // namespace gfo_bindings
