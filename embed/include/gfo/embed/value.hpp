#pragma once
// A Python scalar crossing the C++/Python boundary: None, bool, int, float or str. Sampler and
// pruner options, trial parameters and user attributes are Values.

#include <cstdint>
#include <limits>
#include <map>
#include <ostream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <variant>

namespace gfo::optuna {

class Value {
 public:
  using Variant = std::variant<std::nullptr_t, bool, std::int64_t, double, std::string>;

  Value() = default;  // None
  Value(std::nullptr_t) {}
  Value(bool value) : variant_(value) {}
  // Every integer type becomes a Python int (an int64 on this side).
  template <
      typename Integer,
      std::enable_if_t<std::is_integral_v<Integer> && !std::is_same_v<Integer, bool>, int> = 0>
  Value(Integer value) : variant_(to_int64(value)) {}
  Value(double value) : variant_(value) {}
  Value(const char* value) : variant_(std::string(value)) {}
  Value(std::string value) : variant_(std::move(value)) {}

  const Variant& variant() const noexcept { return variant_; }
  bool is_none() const noexcept { return std::holds_alternative<std::nullptr_t>(variant_); }

  // Each throws std::invalid_argument naming the held type when it is another one; as_double
  // also accepts an int.
  bool as_bool() const;
  std::int64_t as_int() const;
  double as_double() const;
  const std::string& as_string() const;

  // "None", "bool", "int", "float" or "str": the Python type held.
  const char* type_name() const noexcept;

  friend bool operator==(const Value& a, const Value& b) { return a.variant_ == b.variant_; }
  friend bool operator!=(const Value& a, const Value& b) { return !(a == b); }

 private:
  template <typename Integer>
  static std::int64_t to_int64(Integer value) {
    if constexpr (std::is_unsigned_v<Integer> && sizeof(Integer) >= sizeof(std::int64_t)) {
      if (value > static_cast<Integer>(std::numeric_limits<std::int64_t>::max()))
        throw std::out_of_range("gfo::optuna::Value: integer above the int64 range");
    }
    return static_cast<std::int64_t>(value);
  }

  Variant variant_;
};

// Prints None, True/False, integers, floats (with the stream's precision) and strings unquoted.
std::ostream& operator<<(std::ostream& stream, const Value& value);

// Parameter name -> value, as in Optuna's trial.params.
using Params = std::map<std::string, Value>;
// Keyword arguments of a Python constructor: {{"seed", 0}, {"n_startup_trials", 5}}.
using Options = std::map<std::string, Value>;

}  // namespace gfo::optuna
