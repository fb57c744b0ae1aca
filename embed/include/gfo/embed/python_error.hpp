#pragma once
// The C++ face of an exception raised in the embedded Python interpreter.

#include <stdexcept>
#include <string>

namespace gfo::optuna {

// Thrown by every gfo::optuna call whose Python side raised. what() is "<type>: <message>", as the
// last line of a Python traceback.
class PythonError : public std::runtime_error {
 public:
  PythonError(std::string python_type, std::string python_message, std::string traceback);

  // The exception's class: "ValueError" for built-ins, else qualified by its module
  // ("optuna.exceptions.DuplicatedStudyError").
  const std::string& python_type() const noexcept { return python_type_; }
  // str(exception).
  const std::string& python_message() const noexcept { return python_message_; }
  // The formatted stack ("Traceback (most recent call last): ..."); empty when Python had none.
  const std::string& traceback() const noexcept { return traceback_; }

 private:
  std::string python_type_;
  std::string python_message_;
  std::string traceback_;
};

}  // namespace gfo::optuna
