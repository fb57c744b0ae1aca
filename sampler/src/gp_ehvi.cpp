#include "gfo/gp_ehvi.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <utility>

#include "gfo/acq_optimizer.hpp"
#include "gfo/feasibility.hpp"
#include "gfo/log_ehvi.hpp"
#include "gfo/marginal_likelihood.hpp"
#include "gfo/pareto.hpp"
#include "gfo/targets.hpp"

namespace gfo {
namespace {

const GPHyperparameters* warm_start_of(const std::vector<std::optional<GPHyperparameters>>& warm_starts, size_t k) {
  return k < warm_starts.size() && warm_starts[k] ? &*warm_starts[k] : nullptr;
}

void validate(const SearchSpace& space, const Eigen::MatrixXd& observed, const Eigen::MatrixXd& objectives,
              const Eigen::MatrixXd& constraints, const Eigen::MatrixXd& pending, const GPEIOptions& options,
              size_t n_warm_starts) {
  const Eigen::Index d = space.size();
  const Eigen::Index n = observed.rows();
  if (n < 1) throw std::invalid_argument("observed: at least one observation is needed");
  if (observed.cols() != d) throw std::invalid_argument("observed: expected one column per dimension");
  if (objectives.rows() != n || objectives.cols() < 1)
    throw std::invalid_argument("objectives: expected one row per observation and at least one column");
  if (constraints.rows() != n && constraints.cols() > 0)
    throw std::invalid_argument("constraints: expected one row per observation");
  if (pending.rows() > 0 && pending.cols() != d) throw std::invalid_argument("pending: expected one column per dimension");
  for (Eigen::Index k = 0; k < constraints.cols(); ++k)
    if (constraints.col(k).array().isNaN().all())
      throw std::invalid_argument("constraints: every constraint needs at least one value");
  if (n_warm_starts != 0 && n_warm_starts != static_cast<size_t>(objectives.cols() + constraints.cols()))
    throw std::invalid_argument("warm_starts: expected none or one per objective and constraint");
  if (options.acquisition != AcquisitionType::kLogEI)
    throw std::invalid_argument("options.acquisition: constrained and multi-objective proposals use log EI / log EHVI");
}

}  // namespace

Eigen::VectorXd reference_point(const Eigen::MatrixXd& objectives) {
  Eigen::VectorXd reference(objectives.cols());
  for (Eigen::Index j = 0; j < objectives.cols(); ++j) {
    const double worst = clip_infinite(objectives.col(j), "objectives").maxCoeff();
    const double moved = std::max(1.1 * worst, 0.9 * worst);
    reference(j) = moved == 0.0 ? 1e-12 : moved;
  }
  return reference;
}

GPEHVIProposal propose_gp_ehvi(const SearchSpace& space, const Eigen::MatrixXd& observed,
                               const Eigen::MatrixXd& objectives, const Eigen::MatrixXd& constraints,
                               const Eigen::MatrixXd& pending, const GPEIOptions& options,
                               const std::vector<std::optional<GPHyperparameters>>& warm_starts,
                               std::uint64_t seed) {
  validate(space, observed, objectives, constraints, pending, options, warm_starts.size());
  const Eigen::Index d = space.size();
  const Eigen::Index n = observed.rows();
  const Eigen::Index m = objectives.cols();
  const Eigen::Index k_constraints = constraints.cols();
  const Eigen::MatrixXd x = space.snap(observed);
  const Eigen::MatrixXd x_pending = pending.rows() > 0 ? space.snap(pending) : Eigen::MatrixXd(0, d);
  const Kernel kernel(options.kernel, space.categorical_mask());
  FitOptions fit = options.fit;
  fit.fixed_noise = fit.fixed_noise || options.deterministic_objective;

  // Feasibility: a missing constraint value counts as satisfied.
  std::vector<bool> feasible(static_cast<size_t>(n), true);
  Eigen::VectorXd violation = Eigen::VectorXd::Zero(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index k = 0; k < k_constraints; ++k) {
      const double value = constraints(i, k);
      if (!std::isnan(value) && value > 0.0) {
        feasible[static_cast<size_t>(i)] = false;
        violation(i) += value;
      }
    }
  }
  std::vector<Eigen::Index> feasible_rows;
  for (Eigen::Index i = 0; i < n; ++i)
    if (feasible[static_cast<size_t>(i)]) feasible_rows.push_back(i);

  GPEHVIProposal proposal;
  std::vector<GaussianProcess> objective_gps;
  objective_gps.reserve(static_cast<size_t>(m));
  Eigen::MatrixXd standardized_front(static_cast<Eigen::Index>(feasible_rows.size()) + x_pending.rows(), m);
  const Eigen::VectorXd raw_reference = reference_point(objectives);
  Eigen::VectorXd reference(m);
  for (Eigen::Index j = 0; j < m; ++j) {
    const Standardized y = standardize(objectives.col(j), "objectives");
    const GPHyperparameters hp =
        fit_hyperparameters(kernel, x, y.values, fit, warm_start_of(warm_starts, static_cast<size_t>(j)));
    proposal.hyperparameters.push_back(hp);
    reference(j) = y.map(raw_reference(j));
    for (size_t r = 0; r < feasible_rows.size(); ++r)
      standardized_front(static_cast<Eigen::Index>(r), j) = y.values(feasible_rows[r]);
    // Fantasies of the pending points: the best feasible value for one objective (the point's EI
    // vanishes), the posterior mean for several (the point joins the front where it is expected).
    Eigen::VectorXd fantasies(x_pending.rows());
    if (x_pending.rows() > 0) {
      if (m == 1) {
        fantasies.setConstant(feasible_rows.empty() ? y.values.minCoeff()
                                                    : standardized_front.col(0).head(feasible_rows.size()).minCoeff());
      } else {
        Eigen::VectorXd variance;
        GaussianProcess(kernel, x, y.values, hp).predict(x_pending, fantasies, variance);
      }
      standardized_front.col(j).tail(x_pending.rows()) = fantasies;
    }
    Eigen::MatrixXd x_all(n + x_pending.rows(), d);
    x_all << x, x_pending;
    Eigen::VectorXd y_all(n + x_pending.rows());
    y_all << y.values, fantasies;
    objective_gps.emplace_back(kernel, x_all, y_all, hp);
  }

  std::vector<GaussianProcess> constraint_gps;
  constraint_gps.reserve(static_cast<size_t>(k_constraints));
  std::vector<double> thresholds;
  for (Eigen::Index k = 0; k < k_constraints; ++k) {
    std::vector<Eigen::Index> rows;
    for (Eigen::Index i = 0; i < n; ++i)
      if (!std::isnan(constraints(i, k))) rows.push_back(i);
    Eigen::MatrixXd xk(static_cast<Eigen::Index>(rows.size()), d);
    Eigen::VectorXd ck(static_cast<Eigen::Index>(rows.size()));
    for (size_t r = 0; r < rows.size(); ++r) {
      xk.row(static_cast<Eigen::Index>(r)) = x.row(rows[r]);
      ck(static_cast<Eigen::Index>(r)) = constraints(rows[r], k);
    }
    const Standardized c = standardize(ck, "constraints");
    const GPHyperparameters hp =
        fit_hyperparameters(kernel, xk, c.values, fit, warm_start_of(warm_starts, static_cast<size_t>(m + k)));
    proposal.hyperparameters.push_back(hp);
    thresholds.push_back(c.map(0.0));
    constraint_gps.emplace_back(kernel, xk, c.values, hp);
  }

  std::vector<std::unique_ptr<AcquisitionFunction>> terms;
  if (standardized_front.rows() > 0) {
    std::vector<Eigen::Index> front_rows = pareto_front_indices(standardized_front);
    Eigen::MatrixXd front(static_cast<Eigen::Index>(front_rows.size()), m);
    for (size_t r = 0; r < front_rows.size(); ++r)
      front.row(static_cast<Eigen::Index>(r)) = standardized_front.row(front_rows[r]);
    std::vector<const GaussianProcess*> gps;
    for (const GaussianProcess& gp : objective_gps) gps.push_back(&gp);
    terms.push_back(std::make_unique<LogEHVI>(std::move(gps), non_dominated_boxes(front, reference)));
  }
  for (size_t k = 0; k < constraint_gps.size(); ++k)
    terms.push_back(std::make_unique<LogProbabilityOfFeasibility>(constraint_gps[k], thresholds[k]));
  const AcquisitionSum acquisition(std::move(terms));

  // Starting points: the feasible observations on the front first, then the least violating.
  std::vector<Eigen::Index> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  const Eigen::MatrixXd objective_front = standardized_front.topRows(static_cast<Eigen::Index>(feasible_rows.size()));
  std::vector<bool> on_front(static_cast<size_t>(n), false);
  for (const Eigen::Index r : pareto_front_indices(objective_front)) on_front[static_cast<size_t>(feasible_rows[static_cast<size_t>(r)])] = true;
  std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) {
    const auto rank = [&](Eigen::Index i) { return on_front[static_cast<size_t>(i)] ? 0 : feasible[static_cast<size_t>(i)] ? 1 : 2; };
    if (rank(a) != rank(b)) return rank(a) < rank(b);
    return violation(a) < violation(b);
  });
  const auto n_best = std::min(order.size(), static_cast<size_t>(std::max(options.n_best_starting_points, 0)));
  Eigen::MatrixXd starting_points(static_cast<Eigen::Index>(n_best), d);
  for (size_t r = 0; r < n_best; ++r) starting_points.row(static_cast<Eigen::Index>(r)) = x.row(order[r]);

  const AcqOptimum optimum = maximize_acquisition(acquisition, space, starting_points, options.optimizer, seed);
  proposal.point = optimum.point;
  proposal.acquisition_value = optimum.value;
  return proposal;
}

}  // namespace gfo
