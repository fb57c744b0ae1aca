#include <pybind11/eigen.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <tuple>

#include "bindings.hpp"
#include "gfo/gp_ei.hpp"

namespace py = pybind11;

namespace gfo_bindings {
namespace {

std::tuple<Eigen::VectorXd, double, Eigen::VectorXd> propose_gp_ei(
    const gfo::SearchSpace& space, const Eigen::MatrixXd& observed, const Eigen::VectorXd& values,
    const Eigen::MatrixXd& pending, const gfo::GPEIOptions& options,
    const std::optional<Eigen::VectorXd>& warm_start_log_parameters, std::uint64_t seed) {
  std::optional<gfo::GPHyperparameters> warm_start;
  if (warm_start_log_parameters) warm_start = gfo::from_log_parameters(*warm_start_log_parameters);
  const gfo::GPEIProposal proposal = gfo::propose_gp_ei(
      space, observed, values, pending, options, warm_start ? &*warm_start : nullptr, seed);
  return {proposal.point, proposal.acquisition_value, gfo::to_log_parameters(proposal.hyperparameters)};
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
          [](gfo::GPEIOptions& o, int value) { o.optimizer.n_local_searches = value; });

  module.def("propose_gp_ei", &propose_gp_ei, py::arg("space"), py::arg("observed"), py::arg("values"),
             py::arg("pending"), py::arg("options"), py::arg("warm_start_log_parameters"), py::arg("seed"),
             py::call_guard<py::gil_scoped_release>(),
             "Fit the GP and return (next point in core coordinates, acquisition value, fitted "
             "log-hyperparameters for the next warm start).");
}

}  // namespace gfo_bindings
