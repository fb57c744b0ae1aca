#include <pybind11/eigen.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <stdexcept>
#include <tuple>
#include <utility>
#include <vector>

#include "bindings.hpp"
#include "checks.hpp"
#include "gfo/gp/proposal.hpp"
#include "gfo/mo/pareto.hpp"
#include "interrupt.hpp"

namespace py = pybind11;

namespace gfo_bindings {
namespace {

const EnumTable<gfo::gp::KernelType>& kernel_types() {
  static const EnumTable<gfo::gp::KernelType> table{{"MATERN52", gfo::gp::KernelType::kMatern52},
                                                    {"SQUARED_EXPONENTIAL", gfo::gp::KernelType::kSquaredExponential}};
  return table;
}

const EnumTable<gfo::gp::AcquisitionType>& acquisition_types() {
  static const EnumTable<gfo::gp::AcquisitionType> table{{"LOG_EI", gfo::gp::AcquisitionType::kLogEI},
                                                         {"EI", gfo::gp::AcquisitionType::kEI},
                                                         {"UCB", gfo::gp::AcquisitionType::kUCB}};
  return table;
}

const EnumTable<gfo::gp::TrialOutcome>& trial_outcomes() {
  static const EnumTable<gfo::gp::TrialOutcome> table{{"COMPLETED", gfo::gp::TrialOutcome::kCompleted},
                                                      {"PRUNED", gfo::gp::TrialOutcome::kPruned},
                                                      {"FAILED", gfo::gp::TrialOutcome::kFailed}};
  return table;
}

// Beyond this, exp of a log-hyperparameter over- or underflows.
constexpr double kMaxLogParameter = 700.0;

void check_trials(const gfo::SearchSpace& space, const gfo::gp::GPTrials& trials, const gfo::gp::GPEIOptions& options) {
  const Eigen::Index d = space.size();
  const auto n = static_cast<Eigen::Index>(trials.outcomes.size());
  require(d >= 1, "space", "has no dimensions");
  for (std::size_t i = 0; i < trials.outcomes.size(); ++i)
    checked_enum(trials.outcomes[i], trial_outcomes(), ("outcomes[" + std::to_string(i) + "]").c_str());
  require_rows(trials.points.rows(), n, "points", "outcome");
  if (n > 0) require_columns(trials.points, d, "points", "dimension");
  require_finite(trials.points, "points");
  require_rows(trials.objectives.rows(), n, "objectives", "outcome");
  for (Eigen::Index i = 0; i < n; ++i)
    if (trials.outcomes[static_cast<std::size_t>(i)] == gfo::gp::TrialOutcome::kCompleted)
      require_no_nan(trials.objectives.row(i), "objectives");
  if (trials.constraints.cols() > 0) require_rows(trials.constraints.rows(), n, "constraints", "outcome");
  if (trials.pruned_ranks.size() > 0) require_rows(trials.pruned_ranks.size(), n, "pruned_ranks", "outcome");
  for (Eigen::Index i = 0; i < trials.pruned_ranks.size(); ++i) {
    const double rank = trials.pruned_ranks(i);
    if (!(std::isnan(rank) || (rank >= 0.0 && rank <= 1.0)))
      reject("pruned_ranks",
             "row " + std::to_string(i) + " holds " + format(rank) + ", not a share in [0, 1] (or NaN)");
  }
  if (trials.running.rows() > 0) require_columns(trials.running, d, "running", "dimension");
  require_finite(trials.running, "running");
  require(static_cast<long long>(options.optimizer.n_candidates) * std::max<Eigen::Index>(d, 1) <= kMaxOutputValues,
          "n_candidates", "times the number of dimensions exceeds " + std::to_string(kMaxOutputValues) + " values");
}

gfo::gp::GPProposal propose_gp(const gfo::SearchSpace& space, const Eigen::MatrixXd& points,
                               const std::vector<gfo::gp::TrialOutcome>& outcomes, const Eigen::MatrixXd& objectives,
                               const Eigen::MatrixXd& constraints, const Eigen::VectorXd& pruned_ranks,
                               const Eigen::MatrixXd& running, gfo::gp::GPEIOptions options,
                               const std::vector<std::optional<gfo::gp::GPModelState>>& warm_starts,
                               std::uint64_t seed) {
  gfo::gp::GPTrials trials{points, outcomes, objectives, constraints, pruned_ranks, running};
  check_trials(space, trials, options);
  options.cancelled = interrupt_check();
  const py::gil_scoped_release release;
  return gfo::gp::propose_gp(space, trials, options, warm_starts, seed);
}

gfo::gp::GPProposal choose_gp_candidate(const gfo::SearchSpace& space, const Eigen::MatrixXd& points,
                                        const std::vector<gfo::gp::TrialOutcome>& outcomes,
                                        const Eigen::MatrixXd& objectives, const Eigen::MatrixXd& constraints,
                                        const Eigen::VectorXd& pruned_ranks, const Eigen::MatrixXd& running,
                                        const Eigen::MatrixXd& candidates, gfo::gp::GPEIOptions options,
                                        const std::vector<std::optional<gfo::gp::GPModelState>>& warm_starts,
                                        std::uint64_t seed) {
  gfo::gp::GPTrials trials{points, outcomes, objectives, constraints, pruned_ranks, running};
  check_trials(space, trials, options);
  require(candidates.rows() >= 1, "candidates", "needs at least one row");
  require(candidates.rows() <= kMaxCount, "candidates", "has more than " + std::to_string(kMaxCount) + " rows");
  require_columns(candidates, space.size(), "candidates", "dimension");
  require_finite(candidates, "candidates");
  options.cancelled = interrupt_check();
  const py::gil_scoped_release release;
  return gfo::gp::choose_gp_candidate(space, trials, options, warm_starts, candidates, seed);
}

gfo::gp::GPModelState model_from_log_parameters(const Eigen::VectorXd& log_parameters, long long n_observations) {
  require_finite(log_parameters, "log_parameters");
  require(
      log_parameters.size() >= 2, "log_parameters",
      "needs the log signal and noise variances last (size >= 2), got size " + std::to_string(log_parameters.size()));
  require(log_parameters.cwiseAbs().maxCoeff() <= kMaxLogParameter, "log_parameters",
          "entries must be in [-700, 700] (their exp must be a positive finite double)");
  require(n_observations >= 0, "n_observations", "must be >= 0");
  gfo::gp::GPModelState state;
  state.hyperparameters = gfo::gp::from_log_parameters(log_parameters);
  state.n_observations = n_observations;
  return state;
}

double hypervolume(const Eigen::MatrixXd& points, const Eigen::VectorXd& reference) {
  require_no_nan(points, "points");
  return gfo::mo::hypervolume(points, reference);
}

// The boxes as (lower, upper) bounds, one box per row; none past max_boxes.
std::optional<std::pair<Eigen::MatrixXd, Eigen::MatrixXd>> non_dominated_boxes(const Eigen::MatrixXd& points,
                                                                               const Eigen::VectorXd& reference,
                                                                               int max_boxes) {
  require_no_nan(points, "points");
  const std::optional<gfo::mo::BoxDecomposition> boxes =
      gfo::mo::non_dominated_boxes(points, reference, static_cast<std::size_t>(max_boxes));
  if (!boxes) return std::nullopt;
  const Eigen::Index m = reference.size();
  std::pair<Eigen::MatrixXd, Eigen::MatrixXd> bounds{Eigen::MatrixXd(boxes->boxes.rows(), m),
                                                     Eigen::MatrixXd(boxes->boxes.rows(), m)};
  for (Eigen::Index b = 0; b < boxes->boxes.rows(); ++b) {
    for (Eigen::Index j = 0; j < m; ++j) {
      const auto interval = boxes->intervals[static_cast<std::size_t>(j)].row(boxes->boxes(b, j));
      bounds.first(b, j) = interval(0);
      bounds.second(b, j) = interval(1);
    }
  }
  return bounds;
}

}  // namespace

void bind_gp_ei(py::module_& module) {
  bind_enum(module, "KernelType", kernel_types());
  bind_enum(module, "AcquisitionType", acquisition_types());

  py::class_<gfo::gp::GPEIOptions>(module, "GPEIOptions")
      .def(py::init<>())
      .def_property(
          "kernel", [](const gfo::gp::GPEIOptions& o) { return o.kernel; },
          [](gfo::gp::GPEIOptions& o, gfo::gp::KernelType value) {
            o.kernel = checked_enum(value, kernel_types(), "kernel");
          })
      .def_property(
          "acquisition", [](const gfo::gp::GPEIOptions& o) { return o.acquisition; },
          [](gfo::gp::GPEIOptions& o, gfo::gp::AcquisitionType value) {
            o.acquisition = checked_enum(value, acquisition_types(), "acquisition");
          })
      .def_property(
          "ucb_beta", [](const gfo::gp::GPEIOptions& o) { return o.ucb_beta; },
          [](gfo::gp::GPEIOptions& o, double value) {
            require_in_range(value, 0.0, kMaxShapeParameter, "ucb_beta");
            o.ucb_beta = value;
          })
      .def_readwrite("deterministic_objective", &gfo::gp::GPEIOptions::deterministic_objective)
      .def_readwrite("warp_objectives", &gfo::gp::GPEIOptions::warp_objectives)
      .def_property(
          "n_best_starting_points", [](const gfo::gp::GPEIOptions& o) { return o.n_best_starting_points; },
          [](gfo::gp::GPEIOptions& o, const py::int_& value) {
            o.n_best_starting_points = checked_count(value, 0, "n_best_starting_points");
          })
      .def_property(
          "max_ehvi_boxes", [](const gfo::gp::GPEIOptions& o) { return o.max_ehvi_boxes; },
          [](gfo::gp::GPEIOptions& o, const py::int_& value) {
            o.max_ehvi_boxes = checked_count(value, 0, "max_ehvi_boxes");
          })
      .def_property(
          "max_model_observations", [](const gfo::gp::GPEIOptions& o) { return o.max_model_observations; },
          [](gfo::gp::GPEIOptions& o, const py::int_& value) {
            o.max_model_observations = checked_count(value, 0, "max_model_observations");
          })
      .def_property(
          "max_fit_observations", [](const gfo::gp::GPEIOptions& o) { return o.max_fit_observations; },
          [](gfo::gp::GPEIOptions& o, const py::int_& value) {
            o.max_fit_observations = checked_count(value, 0, "max_fit_observations");
          })
      .def_property(
          "n_ehvi_samples", [](const gfo::gp::GPEIOptions& o) { return o.n_ehvi_samples; },
          [](gfo::gp::GPEIOptions& o, const py::int_& value) {
            o.n_ehvi_samples = checked_count(value, 1, "n_ehvi_samples");
          })
      .def_property(
          "n_candidates", [](const gfo::gp::GPEIOptions& o) { return o.optimizer.n_candidates; },
          [](gfo::gp::GPEIOptions& o, const py::int_& value) {
            o.optimizer.n_candidates = checked_count(value, 1, "n_candidates");
          })
      .def_property(
          "n_local_searches", [](const gfo::gp::GPEIOptions& o) { return o.optimizer.n_local_searches; },
          [](gfo::gp::GPEIOptions& o, const py::int_& value) {
            o.optimizer.n_local_searches = checked_count(value, 0, "n_local_searches");
          })
      .def_property(
          "n_perturbed_candidates", [](const gfo::gp::GPEIOptions& o) { return o.optimizer.n_perturbed_candidates; },
          [](gfo::gp::GPEIOptions& o, const py::int_& value) {
            o.optimizer.n_perturbed_candidates = checked_count(value, 0, "n_perturbed_candidates");
          })
      .def_property(
          "n_threads", [](const gfo::gp::GPEIOptions& o) { return o.optimizer.n_threads; },
          [](gfo::gp::GPEIOptions& o, const py::int_& value) {
            o.optimizer.n_threads = checked_count(value, 0, "n_threads", kMaxThreads);
          })
      .def_property(
          "always_refit_below", [](const gfo::gp::GPEIOptions& o) { return o.fit.always_refit_below; },
          [](gfo::gp::GPEIOptions& o, const py::int_& value) {
            o.fit.always_refit_below = checked_count(value, 0, "always_refit_below");
          })
      .def_property(
          "refit_growth", [](const gfo::gp::GPEIOptions& o) { return o.fit.refit_growth; },
          [](gfo::gp::GPEIOptions& o, double value) {
            require_in_range(value, 0.0, kMaxShapeParameter, "refit_growth");
            o.fit.refit_growth = value;
          });

  bind_enum(module, "TrialOutcome", trial_outcomes());
  py::class_<gfo::gp::GPModelState>(module, "GPModelState",
                                    "One model's fit (hyperparameters, the number of observations they were fitted "
                                    "to, the Gram factor), passed back to propose_gp as its warm start.")
      .def_static("from_log_parameters", &model_from_log_parameters, py::arg("log_parameters"),
                  py::arg("n_observations"),
                  "A warm start from stored log-hyperparameters (length scales, signal and noise variance) "
                  "fitted to n_observations (0: unknown).")
      .def_property_readonly(
          "log_parameters",
          [](const gfo::gp::GPModelState& s) { return gfo::gp::to_log_parameters(s.hyperparameters); })
      .def_readonly("n_observations", &gfo::gp::GPModelState::n_observations);
  py::class_<gfo::gp::GPProposal>(module, "GPProposal")
      .def_readonly("point", &gfo::gp::GPProposal::point)
      .def_readonly("acquisition_value", &gfo::gp::GPProposal::acquisition_value)
      .def_readonly("models", &gfo::gp::GPProposal::models)
      .def_readonly("refitted", &gfo::gp::GPProposal::refitted)
      .def_readonly("exhausted", &gfo::gp::GPProposal::exhausted)
      .def_readonly("candidate", &gfo::gp::GPProposal::candidate);
  module.def("propose_gp", &propose_gp, py::arg("space"), py::arg("points"), py::arg("outcomes"), py::arg("objectives"),
             py::arg("constraints"), py::arg("pruned_ranks"), py::arg("running"), py::arg("options"),
             py::arg("warm_starts"), py::arg("seed"),
             "The next point of a study: finished trials (points, outcomes, minimized objectives, constraints, "
             "pruned trials' ranks) and running ones, one model per objective, constraint and (when a trial did "
             "not complete) completion; warm_starts: [] or one GPModelState or None per model. Runs without the "
             "GIL; Ctrl-C stops it (KeyboardInterrupt).");
  module.def("choose_gp_candidate", &choose_gp_candidate, py::arg("space"), py::arg("points"), py::arg("outcomes"),
             py::arg("objectives"), py::arg("constraints"), py::arg("pruned_ranks"), py::arg("running"),
             py::arg("candidates"), py::arg("options"), py::arg("warm_starts"), py::arg("seed"),
             "propose_gp's models and acquisition, maximized over the rows of `candidates` (core coordinates) "
             "instead of the space; the result's `candidate` is the chosen row (-1 when every candidate is "
             "excluded). Runs without the GIL.");
  module.def("proposal_work", &gfo::gp::proposal_work, py::arg("n_observations"), py::arg("dimension"),
             py::arg("n_models"), py::arg("options"),
             "About how many floating-point operations one propose_gp call takes at most: for warning of a "
             "long proposal, not a timing.");
  module.def("hypervolume", &hypervolume, py::arg("points"), py::arg("reference"),
             py::call_guard<py::gil_scoped_release>(),
             "Volume dominated by the rows of `points` (minimized objectives) below `reference`; inf when "
             "unbounded or past the largest double.");
  module.def(
      "non_dominated_boxes",
      [](const Eigen::MatrixXd& points, const Eigen::VectorXd& reference, const py::int_& max_boxes) {
        const int cap = checked_count(max_boxes, 0, "max_boxes");
        const py::gil_scoped_release release;
        return non_dominated_boxes(points, reference, cap);
      },
      py::arg("points"), py::arg("reference"), py::arg("max_boxes"),
      "Disjoint boxes (lower, upper), one per row, whose union is the region below `reference` that no row of "
      "`points` dominates; None past max_boxes (at most MAX_COUNT).");
}

}  // namespace gfo_bindings
