#pragma once
// The plain single-objective and constrained / multi-objective calls of gfo::gp::propose_gp as the
// core tests use them: completed observations only, running points, plain warm starts.

#include <Eigen/Core>
#include <optional>
#include <random>
#include <vector>

#include "gfo/gp/proposal.hpp"

namespace gfo_test {

// n uniform random points of the unit cube [0, 1)^d, one per row.
inline Eigen::MatrixXd random_coordinates(Eigen::Index n, Eigen::Index d, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  Eigen::MatrixXd x(n, d);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < d; ++j) x(i, j) = uniform(rng);
  return x;
}

inline gfo::gp::GPTrials completed_trials(const Eigen::MatrixXd& observed, const Eigen::MatrixXd& objectives,
                                          const Eigen::MatrixXd& constraints, const Eigen::MatrixXd& running) {
  gfo::gp::GPTrials trials;
  trials.points = observed;
  trials.outcomes.assign(static_cast<size_t>(observed.rows()), gfo::gp::TrialOutcome::kCompleted);
  trials.objectives = objectives;
  trials.constraints = constraints;
  trials.running = running;
  return trials;
}

struct EIProposal {
  Eigen::VectorXd point;
  double acquisition_value = 0.0;
  gfo::gp::GPHyperparameters hyperparameters;
  std::optional<gfo::gp::GramFactor> observed_factor;
};

// One objective, no constraint; `factor`, when given, is the cached Gram factor of a warm start
// fitted to observed.rows() - 1 observations.
inline EIProposal propose_ei(const gfo::SearchSpace& space, const Eigen::MatrixXd& observed,
                             const Eigen::VectorXd& values, const Eigen::MatrixXd& running,
                             const gfo::gp::GPEIOptions& options, const gfo::gp::GPHyperparameters* warm_start,
                             std::uint64_t seed, const gfo::gp::GramFactor* factor = nullptr) {
  std::vector<std::optional<gfo::gp::GPModelState>> warm_starts;
  if (warm_start != nullptr) {
    gfo::gp::GPModelState state;
    state.hyperparameters = *warm_start;
    if (factor != nullptr) state.factor = *factor;
    warm_starts.push_back(state);
  }
  const gfo::gp::GPProposal proposal =
      gfo::gp::propose_gp(space, completed_trials(observed, values, Eigen::MatrixXd(observed.rows(), 0), running),
                          options, warm_starts, seed);
  return {proposal.point, proposal.acquisition_value, proposal.models.at(0).hyperparameters,
          proposal.models.at(0).factor};
}

struct ModelsProposal {
  Eigen::VectorXd point;
  double acquisition_value = 0.0;
  std::vector<gfo::gp::GPHyperparameters> hyperparameters;
};

inline ModelsProposal propose_models(const gfo::SearchSpace& space, const Eigen::MatrixXd& observed,
                                     const Eigen::MatrixXd& objectives, const Eigen::MatrixXd& constraints,
                                     const Eigen::MatrixXd& running, const gfo::gp::GPEIOptions& options,
                                     const std::vector<std::optional<gfo::gp::GPHyperparameters>>& warm_starts,
                                     std::uint64_t seed) {
  std::vector<std::optional<gfo::gp::GPModelState>> states;
  for (const auto& hyperparameters : warm_starts) {
    if (!hyperparameters) {
      states.emplace_back();
      continue;
    }
    gfo::gp::GPModelState state;
    state.hyperparameters = *hyperparameters;
    states.push_back(state);
  }
  const gfo::gp::GPProposal proposal =
      gfo::gp::propose_gp(space, completed_trials(observed, objectives, constraints, running), options, states, seed);
  ModelsProposal result{proposal.point, proposal.acquisition_value, {}};
  for (const gfo::gp::GPModelState& model : proposal.models) result.hyperparameters.push_back(model.hyperparameters);
  return result;
}

// Five observations of the unit square, none feasible: objective |x|^2, constraint
// 1.2 - x0 - x1 (feasible when x0 + x1 >= 1.2, far from every observation).
struct InfeasibleObservations {
  Eigen::MatrixXd x = (Eigen::MatrixXd(5, 2) << 0.1, 0.1, 0.2, 0.1, 0.1, 0.3, 0.3, 0.2, 0.25, 0.25).finished();
  Eigen::MatrixXd values = x.rowwise().squaredNorm();
  Eigen::MatrixXd constraints = (1.2 - x.rowwise().sum().array()).matrix();
};

}  // namespace gfo_test
