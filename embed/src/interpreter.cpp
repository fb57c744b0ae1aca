#include "interpreter.hpp"

#include <atomic>
#include <filesystem>
#include <stdexcept>

namespace gfo::optuna::detail {
namespace {

// CPython imposes this one: an interpreter per process, and NumPy, SciPy and other extension
// modules cannot be initialized again after a finalize, so a second start is refused even when
// the first interpreter is gone.
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables): one per process, as CPython.
std::atomic<bool> process_has_started_python{false};

void claim_the_process() {
  if (process_has_started_python.exchange(true))
    throw std::logic_error(
        "gfo::optuna::Runtime: only one Runtime per process, for the life of the process "
        "(CPython and extension modules such as NumPy cannot be initialized twice); construct it "
        "once, at startup, and pass it by reference");
  if (Py_IsInitialized() != 0)
    throw std::logic_error(
        "gfo::optuna::Runtime: Python already runs in this process; a Runtime must start it "
        "(do not construct one inside a Python program or next to another embedded interpreter)");
}

std::string program_name(const std::string& python_executable) {
  if (!python_executable.empty()) return python_executable;
  // Built-in default: the python3 that CMake found. When it has gone, CPython's compiled-in prefix
  // of the libpython we link is the next best guess.
  const std::string built_with = GFO_EMBED_PYTHON_EXECUTABLE;
  std::error_code error;
  return std::filesystem::exists(built_with, error) ? built_with : std::string();
}

}  // namespace

Interpreter::Interpreter(const std::string& python_executable) {
  claim_the_process();
  PyConfig config;
  PyConfig_InitPythonConfig(&config);
  config.parse_argv = 0;
  // The host program keeps its own SIGINT handling: Ctrl-C stops it as usual.
  config.install_signal_handlers = 0;
  const std::string program = program_name(python_executable);
  if (!program.empty()) {
    // CPython derives sys.prefix, and a virtual environment's site-packages (pyvenv.cfg), from
    // the program name, as when that executable runs.
    const PyStatus status = PyConfig_SetBytesString(&config, &config.program_name, program.c_str());
    if (PyStatus_Exception(status) != 0) {
      PyConfig_Clear(&config);
      throw std::runtime_error("gfo::optuna::Runtime: cannot use \"" + program +
                               "\" as Python's program name");
    }
  }
  // No directory of the host program on sys.path: a stray optuna.py next to it must not shadow
  // the installed package.
  guard_.emplace(&config, 0, nullptr, false);
}

}  // namespace gfo::optuna::detail
