#include "components.hpp"

#include <map>
#include <stdexcept>
#include <string>

#include "py_value.hpp"

namespace gfo::optuna::detail {
namespace py = pybind11;
namespace {

// The class `name` of `module` when it is a subclass of module.<base_name>, else None.
py::object find_class(const char* module_name, const std::string& name, const char* base_name) {
  const py::module_ module = py::module_::import(module_name);
  if (!py::hasattr(module, name.c_str())) return py::none();
  py::object candidate = module.attr(name.c_str());
  const py::object issubclass = py::module_::import("builtins").attr("issubclass");
  if (!py::isinstance<py::type>(candidate) ||
      !issubclass(candidate, module.attr(base_name)).cast<bool>())
    return py::none();
  return candidate;
}

void require_no_options(const Options& options, const char* what) {
  if (!options.empty())
    throw std::invalid_argument(std::string("gfo::optuna: ") + what +
                                " options given without a name; name the class they are for");
}

}  // namespace

py::object make_sampler(const SamplerSpec& spec) {
  if (spec.name.empty()) {
    require_no_options(spec.options, "sampler");
    return py::none();
  }
  const py::object sampler_class = spec.name == "GPEISampler" || spec.name == "GASampler"
                                       ? py::module_::import("optuna_gfo").attr(spec.name.c_str())
                                       : find_class("optuna.samplers", spec.name, "BaseSampler");
  if (sampler_class.is_none())
    throw std::invalid_argument("gfo::optuna: unknown sampler \"" + spec.name +
                                "\"; expected GPEISampler, GASampler or a class of "
                                "optuna.samplers such as TPESampler or RandomSampler");
  return sampler_class(**to_kwargs(spec.options));
}

py::object make_pruner(const PrunerSpec& spec) {
  if (spec.name.empty()) {
    require_no_options(spec.options, "pruner");
    return py::none();
  }
  static const std::map<std::string, std::string> kShortNames = {
      {"none", "NopPruner"},
      {"median", "MedianPruner"},
      {"percentile", "PercentilePruner"},
      {"successive_halving", "SuccessiveHalvingPruner"},
      {"hyperband", "HyperbandPruner"},
      {"threshold", "ThresholdPruner"},
      {"wilcoxon", "WilcoxonPruner"},
  };
  const auto short_name = kShortNames.find(spec.name);
  const std::string class_name = short_name == kShortNames.end() ? spec.name : short_name->second;
  const py::object pruner_class = find_class("optuna.pruners", class_name, "BasePruner");
  if (pruner_class.is_none())
    throw std::invalid_argument("gfo::optuna: unknown pruner \"" + spec.name +
                                "\"; expected none, median, percentile, successive_halving, "
                                "hyperband, threshold, wilcoxon or a class of optuna.pruners");
  return pruner_class(**to_kwargs(spec.options));
}

}  // namespace gfo::optuna::detail
