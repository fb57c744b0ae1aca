#include <pybind11/eigen.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <stdexcept>
#include <tuple>
#include <utility>
#include <vector>

#include "bindings.hpp"
#include "gfo/gp/proposal.hpp"
#include "gfo/mo/pareto.hpp"

namespace py = pybind11;

namespace gfo_bindings {
namespace {

gfo::gp::GPProposal propose_gp(const gfo::SearchSpace& space, const Eigen::MatrixXd& points,
                           const std::vector<gfo::gp::TrialOutcome>& outcomes, const Eigen::MatrixXd& objectives,
                           const Eigen::MatrixXd& constraints, const Eigen::VectorXd& pruned_ranks,
                           const Eigen::MatrixXd& running, const gfo::gp::GPEIOptions& options,
                           const std::vector<std::optional<gfo::gp::GPModelState>>& warm_starts, std::uint64_t seed) {
  gfo::gp::GPTrials trials{points, outcomes, objectives, constraints, pruned_ranks, running};
  return gfo::gp::propose_gp(space, trials, options, warm_starts, seed);
}

gfo::gp::GPModelState model_from_log_parameters(const Eigen::VectorXd& log_parameters, long long n_observations) {
  if (!log_parameters.allFinite()) throw std::invalid_argument("log_parameters: must be finite");
  if (n_observations < 0) throw std::invalid_argument("n_observations: must be >= 0");
  gfo::gp::GPModelState state;
  state.hyperparameters = gfo::gp::from_log_parameters(log_parameters);
  state.n_observations = n_observations;
  return state;
}

}  // namespace

void bind_gp_ei(py::module_& module) {
  py::enum_<gfo::gp::KernelType>(module, "KernelType")
      .value("MATERN52", gfo::gp::KernelType::kMatern52)
      .value("SQUARED_EXPONENTIAL", gfo::gp::KernelType::kSquaredExponential);
  py::enum_<gfo::gp::AcquisitionType>(module, "AcquisitionType")
      .value("LOG_EI", gfo::gp::AcquisitionType::kLogEI)
      .value("EI", gfo::gp::AcquisitionType::kEI)
      .value("UCB", gfo::gp::AcquisitionType::kUCB);

  py::class_<gfo::gp::GPEIOptions>(module, "GPEIOptions")
      .def(py::init<>())
      .def_readwrite("kernel", &gfo::gp::GPEIOptions::kernel)
      .def_readwrite("acquisition", &gfo::gp::GPEIOptions::acquisition)
      .def_readwrite("ucb_beta", &gfo::gp::GPEIOptions::ucb_beta)
      .def_readwrite("deterministic_objective", &gfo::gp::GPEIOptions::deterministic_objective)
      .def_readwrite("n_best_starting_points", &gfo::gp::GPEIOptions::n_best_starting_points)
      .def_property(
          "n_candidates", [](const gfo::gp::GPEIOptions& o) { return o.optimizer.n_candidates; },
          [](gfo::gp::GPEIOptions& o, int value) { o.optimizer.n_candidates = value; })
      .def_property(
          "n_local_searches", [](const gfo::gp::GPEIOptions& o) { return o.optimizer.n_local_searches; },
          [](gfo::gp::GPEIOptions& o, int value) { o.optimizer.n_local_searches = value; })
      .def_property(
          "n_threads", [](const gfo::gp::GPEIOptions& o) { return o.optimizer.n_threads; },
          [](gfo::gp::GPEIOptions& o, int value) { o.optimizer.n_threads = value; });

  py::enum_<gfo::gp::TrialOutcome>(module, "TrialOutcome")
      .value("COMPLETED", gfo::gp::TrialOutcome::kCompleted)
      .value("PRUNED", gfo::gp::TrialOutcome::kPruned)
      .value("FAILED", gfo::gp::TrialOutcome::kFailed);
  py::class_<gfo::gp::GPModelState>(module, "GPModelState",
                                "One model's fit (hyperparameters, the number of observations they were fitted "
                                "to, the Gram factor), passed back to propose_gp as its warm start.")
      .def_static("from_log_parameters", &model_from_log_parameters, py::arg("log_parameters"),
                  py::arg("n_observations"),
                  "A warm start from stored log-hyperparameters (length scales, signal and noise variance) "
                  "fitted to n_observations (0: unknown).")
      .def_property_readonly("log_parameters",
                             [](const gfo::gp::GPModelState& s) { return gfo::gp::to_log_parameters(s.hyperparameters); })
      .def_readonly("n_observations", &gfo::gp::GPModelState::n_observations);
  py::class_<gfo::gp::GPProposal>(module, "GPProposal")
      .def_readonly("point", &gfo::gp::GPProposal::point)
      .def_readonly("acquisition_value", &gfo::gp::GPProposal::acquisition_value)
      .def_readonly("models", &gfo::gp::GPProposal::models)
      .def_readonly("refitted", &gfo::gp::GPProposal::refitted)
      .def_readonly("exhausted", &gfo::gp::GPProposal::exhausted);
  module.def("propose_gp", &propose_gp, py::arg("space"), py::arg("points"), py::arg("outcomes"),
             py::arg("objectives"), py::arg("constraints"), py::arg("pruned_ranks"), py::arg("running"),
             py::arg("options"), py::arg("warm_starts"), py::arg("seed"), py::call_guard<py::gil_scoped_release>(),
             "The next point of a study: finished trials (points, outcomes, minimized objectives, constraints, "
             "pruned trials' ranks) and running ones, one model per objective, constraint and (when a trial did "
             "not complete) completion; warm_starts: [] or one GPModelState or None per model.");
  module.def("hypervolume", &gfo::mo::hypervolume, py::arg("points"), py::arg("reference"),
             "Volume dominated by the rows of `points` (minimized objectives) below `reference`.");
}

}  // namespace gfo_bindings
