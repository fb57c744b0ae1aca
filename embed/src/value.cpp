#include "gfo/embed/value.hpp"

#include <string>

namespace gfo::optuna {
namespace {

template <typename Held>
const Held& held_or_throw(const Value& value, const char* wanted) {
  if (const Held* held = std::get_if<Held>(&value.variant())) return *held;
  throw std::invalid_argument(std::string("gfo::optuna::Value holds a ") + value.type_name() +
                              ", not a " + wanted);
}

}  // namespace

bool Value::as_bool() const { return held_or_throw<bool>(*this, "bool"); }

std::int64_t Value::as_int() const { return held_or_throw<std::int64_t>(*this, "int"); }

double Value::as_double() const {
  if (const std::int64_t* held = std::get_if<std::int64_t>(&variant_))
    return static_cast<double>(*held);
  return held_or_throw<double>(*this, "float");
}

const std::string& Value::as_string() const { return held_or_throw<std::string>(*this, "str"); }

const char* Value::type_name() const noexcept {
  static constexpr const char* kNames[] = {"None", "bool", "int", "float", "str"};
  return kNames[variant_.index()];
}

std::ostream& operator<<(std::ostream& stream, const Value& value) {
  std::visit(
      [&stream](const auto& held) {
        using Held = std::decay_t<decltype(held)>;
        if constexpr (std::is_same_v<Held, std::nullptr_t>) {
          stream << "None";
        } else if constexpr (std::is_same_v<Held, bool>) {
          stream << (held ? "True" : "False");
        } else {
          stream << held;
        }
      },
      value.variant());
  return stream;
}

}  // namespace gfo::optuna
