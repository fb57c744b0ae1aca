#include <pybind11/eigen.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include "bindings.hpp"
#include "gfo/gp_ehvi.hpp"
#include "gfo/gp_ei.hpp"
#include "gfo/pareto.hpp"

namespace py = pybind11;

namespace gfo_bindings {
namespace {

// The fit's log-hyperparameters; the warm start's own array when the fit kept it, because
// log(exp(t)) is not always t: a round-tripped array would no longer match the cached Gram
// factor's hyperparameters, forcing a fresh O(n^3) factorization on the next proposal.
Eigen::VectorXd log_parameters_of(const gfo::GPHyperparameters& fitted,
                                  const std::optional<Eigen::VectorXd>& warm_start_log_parameters) {
  if (warm_start_log_parameters) {
    const gfo::GPHyperparameters kept = gfo::from_log_parameters(*warm_start_log_parameters);
    if (kept.noise_variance == fitted.noise_variance &&
        kept.kernel.signal_variance == fitted.kernel.signal_variance &&
        kept.kernel.lengthscales.size() == fitted.kernel.lengthscales.size() &&
        kept.kernel.lengthscales == fitted.kernel.lengthscales)
      return *warm_start_log_parameters;
  }
  return gfo::to_log_parameters(fitted);
}

std::tuple<Eigen::VectorXd, double, Eigen::VectorXd, std::optional<gfo::GramFactor>> propose_gp_ei(
    const gfo::SearchSpace& space, const Eigen::MatrixXd& observed, const Eigen::VectorXd& values,
    const Eigen::MatrixXd& pending, const gfo::GPEIOptions& options,
    const std::optional<Eigen::VectorXd>& warm_start_log_parameters, std::uint64_t seed,
    const gfo::GramFactor* observed_factor, long long warm_start_observations) {
  std::optional<gfo::GPHyperparameters> warm_start;
  if (warm_start_log_parameters) warm_start = gfo::from_log_parameters(*warm_start_log_parameters);
  gfo::GPEIOptions with_warm_start = options;
  with_warm_start.fit.warm_start_observations = warm_start_observations;
  gfo::GPEIProposal proposal = gfo::propose_gp_ei(space, observed, values, pending, with_warm_start,
                                                  warm_start ? &*warm_start : nullptr, seed, observed_factor);
  return {proposal.point, proposal.acquisition_value,
          log_parameters_of(proposal.hyperparameters, warm_start_log_parameters),
          std::move(proposal.observed_factor)};
}

std::tuple<Eigen::VectorXd, double, std::vector<Eigen::VectorXd>> propose_gp_ehvi(
    const gfo::SearchSpace& space, const Eigen::MatrixXd& observed, const Eigen::MatrixXd& objectives,
    const Eigen::MatrixXd& constraints, const Eigen::MatrixXd& pending, const gfo::GPEIOptions& options,
    const std::vector<std::optional<Eigen::VectorXd>>& warm_start_log_parameters, std::uint64_t seed) {
  std::vector<std::optional<gfo::GPHyperparameters>> warm_starts;
  for (const auto& log_parameters : warm_start_log_parameters)
    warm_starts.push_back(log_parameters ? std::optional(gfo::from_log_parameters(*log_parameters)) : std::nullopt);
  const gfo::GPEHVIProposal proposal =
      gfo::propose_gp_ehvi(space, observed, objectives, constraints, pending, options, warm_starts, seed);
  std::vector<Eigen::VectorXd> fitted;
  for (size_t k = 0; k < proposal.hyperparameters.size(); ++k)
    fitted.push_back(log_parameters_of(proposal.hyperparameters[k], k < warm_start_log_parameters.size()
                                                                        ? warm_start_log_parameters[k]
                                                                        : std::nullopt));
  return {proposal.point, proposal.acquisition_value, fitted};
}

}  // namespace

void bind_gp_ei(py::module_& module) {
  py::enum_<gfo::KernelType>(module, "KernelType")
      .value("MATERN52", gfo::KernelType::kMatern52)
      .value("SQUARED_EXPONENTIAL", gfo::KernelType::kSquaredExponential);
  py::enum_<gfo::AcquisitionType>(module, "AcquisitionType")
      .value("LOG_EI", gfo::AcquisitionType::kLogEI)
      .value("EI", gfo::AcquisitionType::kEI)
      .value("UCB", gfo::AcquisitionType::kUCB);

  py::class_<gfo::GPEIOptions>(module, "GPEIOptions")
      .def(py::init<>())
      .def_readwrite("kernel", &gfo::GPEIOptions::kernel)
      .def_readwrite("acquisition", &gfo::GPEIOptions::acquisition)
      .def_readwrite("ucb_beta", &gfo::GPEIOptions::ucb_beta)
      .def_readwrite("deterministic_objective", &gfo::GPEIOptions::deterministic_objective)
      .def_readwrite("n_best_starting_points", &gfo::GPEIOptions::n_best_starting_points)
      .def_property(
          "n_candidates", [](const gfo::GPEIOptions& o) { return o.optimizer.n_candidates; },
          [](gfo::GPEIOptions& o, int value) { o.optimizer.n_candidates = value; })
      .def_property(
          "n_local_searches", [](const gfo::GPEIOptions& o) { return o.optimizer.n_local_searches; },
          [](gfo::GPEIOptions& o, int value) { o.optimizer.n_local_searches = value; })
      .def_property(
          "n_threads", [](const gfo::GPEIOptions& o) { return o.optimizer.n_threads; },
          [](gfo::GPEIOptions& o, int value) { o.optimizer.n_threads = value; });

  py::class_<gfo::GramFactor>(module, "GramFactor",
                              "Opaque Cholesky factor of a GP's Gram matrix, reused across proposals.")
      .def_property_readonly("rows", [](const gfo::GramFactor& f) { return f.inputs().rows(); });
  module.def(
      "refit_level", [](long long n_observations) { return gfo::refit_level(n_observations, gfo::FitOptions{}); },
      py::arg("n_observations"),
      "Level of n observations in the refit schedule: a fit is kept while the observations stay on "
      "its level; -1 where every proposal refits.");
  module.def(
      "refit_due",
      [](long long n_observations, long long warm_start_observations) {
        gfo::FitOptions options;
        options.warm_start_observations = warm_start_observations;
        return gfo::refit_due(n_observations, options);
      },
      py::arg("n_observations"), py::arg("warm_start_observations"),
      "Whether propose_gp_ei refits a warm start fitted to warm_start_observations (0: unknown, "
      "then n_observations - 1) for n_observations.");
  module.def("propose_gp_ei", &propose_gp_ei, py::arg("space"), py::arg("observed"), py::arg("values"),
             py::arg("pending"), py::arg("options"), py::arg("warm_start_log_parameters"), py::arg("seed"),
             py::arg("observed_factor") = nullptr, py::arg("warm_start_observations") = 0,
             py::call_guard<py::gil_scoped_release>(),
             "Fit the GP and return (next point in core coordinates, acquisition value, fitted "
             "log-hyperparameters for the next warm start, Gram factor of the observations to pass "
             "back as observed_factor next time). warm_start_observations: how many observations "
             "the warm start was fitted to (0: unknown), for the refit schedule.");
  module.def("propose_gp_ehvi", &propose_gp_ehvi, py::arg("space"), py::arg("observed"), py::arg("objectives"),
             py::arg("constraints"), py::arg("pending"), py::arg("options"),
             py::arg("warm_start_log_parameters"), py::arg("seed"), py::call_guard<py::gil_scoped_release>(),
             "Fit one GP per objective column and per constraint column (NaN: no value) and return "
             "(next point maximizing log EHVI plus the log probabilities of feasibility, acquisition "
             "value, fitted log-hyperparameters of every model).");
  module.def("hypervolume", &gfo::hypervolume, py::arg("points"), py::arg("reference"),
             "Volume dominated by the rows of `points` (minimized objectives) below `reference`.");
}

}  // namespace gfo_bindings
