#include "gfo/gp/proposal.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <utility>

#include "gfo/common/errors.hpp"
#include "gfo/common/targets.hpp"
#include "gfo/gp/acquisition_sum.hpp"
#include "gfo/gp/cholesky.hpp"
#include "gfo/gp/feasibility.hpp"
#include "gfo/gp/model_subset.hpp"
#include "gfo/mo/log_ehvi.hpp"
#include "gfo/mo/pareto.hpp"
#include "gfo/mo/qmc_log_ehvi.hpp"

namespace gfo::gp {
namespace {

using Rows = std::vector<Eigen::Index>;

// The completion model's labels and the threshold between them (see the header).
constexpr double kCompletedLabel = 0.0;
constexpr double kNotCompletedLabel = 1.0;
constexpr double kCompletionThreshold = 0.5;
// A pruned trial is imputed at least the median completed value.
constexpr double kLowestPrunedQuantile = 0.5;
// ... and worse by up to this many standard deviations of the completed values as its rank falls.
constexpr double kPrunedPenalty = 1.0;

bool has_incomplete(const GPTrials& trials) {
  return std::any_of(trials.outcomes.begin(), trials.outcomes.end(),
                     [](TrialOutcome o) { return o != TrialOutcome::kCompleted; });
}

void validate(const SearchSpace& space, const GPTrials& trials, const GPEIOptions& options, std::size_t n_warm_starts) {
  if (options.kernel != KernelType::kMatern52 && options.kernel != KernelType::kSquaredExponential)
    throw std::invalid_argument("kernel: unknown kernel type");
  if (options.acquisition != AcquisitionType::kLogEI && options.acquisition != AcquisitionType::kEI &&
      options.acquisition != AcquisitionType::kUCB)
    throw std::invalid_argument("acquisition: unknown acquisition type");
  if (!std::isfinite(options.ucb_beta)) throw std::invalid_argument("ucb_beta: must be finite");
  if (!(options.optimizer.same_point_tolerance >= 0.0))
    throw std::invalid_argument("same_point_tolerance: must be >= 0");
  const Eigen::Index d = space.size();
  const auto n = static_cast<Eigen::Index>(trials.outcomes.size());
  if (trials.points.rows() != n || (n > 0 && trials.points.cols() != d))
    throw std::invalid_argument("points: expected one row per outcome and one column per dimension");
  if (std::none_of(trials.outcomes.begin(), trials.outcomes.end(),
                   [](TrialOutcome o) { return o == TrialOutcome::kCompleted; }))
    throw std::invalid_argument("outcomes: at least one completed trial is needed");
  if (trials.objectives.rows() != n || trials.objectives.cols() < 1)
    throw std::invalid_argument("objectives: expected one row per trial and at least one column");
  if (trials.constraints.cols() > 0 && trials.constraints.rows() != n)
    throw std::invalid_argument("constraints: expected one row per trial");
  if (trials.pruned_ranks.size() != 0 && trials.pruned_ranks.size() != n)
    throw std::invalid_argument("pruned_ranks: expected none or one per trial");
  if (trials.running.rows() > 0 && trials.running.cols() != d)
    throw std::invalid_argument("running: expected one column per dimension");
  // A NaN coordinate would reach the kernel and turn every posterior into NaN.
  if (!trials.points.allFinite()) throw std::invalid_argument("points: coordinates must be finite");
  if (!trials.running.allFinite()) throw std::invalid_argument("running: coordinates must be finite");
  for (Eigen::Index i = 0; i < n; ++i) {
    if (trials.outcomes[static_cast<size_t>(i)] != TrialOutcome::kCompleted) continue;
    if (trials.objectives.row(i).hasNaN())
      throw std::invalid_argument("objectives: NaN values of completed trials must be removed");
  }
  for (Eigen::Index k = 0; k < trials.constraints.cols(); ++k) {
    bool any = false;
    for (Eigen::Index i = 0; i < n && !any; ++i)
      any =
          trials.outcomes[static_cast<size_t>(i)] == TrialOutcome::kCompleted && !std::isnan(trials.constraints(i, k));
    if (!any) throw std::invalid_argument("constraints: every constraint needs at least one value");
  }
  if (n_warm_starts != 0 && n_warm_starts != n_models(trials))
    throw std::invalid_argument("warm_starts: expected none or one per model");
}

// The Gram factor of x: `cached` extended by x's new rows when it is a prefix of x under these
// hyperparameters, else factored afresh (also when the extension is not positive definite).
GramFactor factor_of(const Kernel& kernel, const Eigen::MatrixXd& x, const GPHyperparameters& hyperparameters,
                     const GramFactor* cached) {
  if (cached != nullptr && cached->is_prefix_of(kernel, x, hyperparameters)) {
    const Eigen::Index known = cached->inputs().rows();
    if (known == x.rows()) return *cached;
    try {
      return cached->extended(kernel, x.bottomRows(x.rows() - known));
    } catch (const NumericalError&) {
      // fall through to a fresh factorization, which may choose another jitter
    }
  }
  return GramFactor(kernel, x, hyperparameters);
}

// A warm start of another dimension (a stale cache) is no warm start.
bool usable_warm_start(const std::optional<GPModelState>& warm_start, Eigen::Index dimension) {
  return warm_start && warm_start->hyperparameters.kernel.lengthscales.size() == dimension &&
         warm_start->hyperparameters.kernel.lengthscales.allFinite();
}

// Fits (or keeps, by the refit schedule) one model's hyperparameters and factors its Gram matrix.
// `n_dropped`: finished trials left out of x by model_subset, counted by the refit schedule. The
// fit sees at most max_fit_rows (0: all) of the rows, evenly spread over them.
GPModelState fit_model(const Kernel& kernel, const Eigen::MatrixXd& x, const Eigen::VectorXd& y, FitOptions fit,
                       const std::optional<GPModelState>& warm_start, Eigen::Index n_dropped, Eigen::Index max_fit_rows,
                       bool& refitted) {
  const bool usable = usable_warm_start(warm_start, x.cols());
  fit.warm_start_observations = usable ? warm_start->n_observations : 0;
  const GPHyperparameters* start = usable ? &warm_start->hyperparameters : nullptr;
  const long long n_scheduled = x.rows() + n_dropped;
  const bool fitted_now = start == nullptr || refit_due(n_scheduled, fit);
  GPModelState state;
  if (fitted_now) {
    // The schedule was decided above on every finished trial, not on x's rows.
    fit.always_refit_below = std::numeric_limits<int>::max();
    if (max_fit_rows > 0 && x.rows() > max_fit_rows) {
      Rows rows;
      for (Eigen::Index k = 0; k < max_fit_rows; ++k) rows.push_back(k * x.rows() / max_fit_rows);
      state.hyperparameters = fit_hyperparameters(kernel, x(rows, Eigen::all), y(rows), fit, start);
    } else {
      state.hyperparameters = fit_hyperparameters(kernel, x, y, fit, start);
    }
  } else {
    state.hyperparameters = *start;
    if (fit.fixed_noise) state.hyperparameters.noise_variance = fit.noise_floor;
  }
  refitted = refitted || fitted_now;
  state.n_observations = fitted_now ? n_scheduled : warm_start->n_observations;
  const GramFactor* cached = usable && warm_start->factor ? &*warm_start->factor : nullptr;
  state.factor = factor_of(kernel, x, state.hyperparameters, cached);
  return state;
}

// The GP of a model's observations plus the running points at the posterior mean.
GaussianProcess with_believed_pending(const Kernel& kernel, const GramFactor& observed, const Eigen::VectorXd& y,
                                      const Eigen::MatrixXd& running) {
  if (running.rows() == 0) return GaussianProcess(kernel, observed, y);
  Eigen::VectorXd believed;
  Eigen::VectorXd variance;
  GaussianProcess(kernel, observed, y).predict(running, believed, variance);
  Eigen::VectorXd y_all(y.size() + running.rows());
  y_all << y, believed;
  try {
    return GaussianProcess(kernel, observed.extended(kernel, running), y_all);
  } catch (const NumericalError&) {
    Eigen::MatrixXd x(observed.inputs().rows() + running.rows(), running.cols());
    x << observed.inputs(), running;
    return GaussianProcess(kernel, x, y_all, observed.hyperparameters());
  }
}

// sign(v) log(1 + |v|) elementwise: linear near 0, logarithmic in both tails.
Eigen::VectorXd bilog(const Eigen::VectorXd& values) {
  return values.unaryExpr([](double v) { return std::copysign(std::log1p(std::abs(v)), v); });
}

// The q-quantile of `values` (linear between order statistics).
double quantile(Eigen::VectorXd values, double q) {
  std::sort(values.data(), values.data() + values.size());
  const double position = q * static_cast<double>(values.size() - 1);
  const auto below = static_cast<Eigen::Index>(std::floor(position));
  const Eigen::Index above = std::min(below + 1, values.size() - 1);
  const double weight = position - static_cast<double>(below);
  return (1.0 - weight) * values(below) + weight * values(above);
}

// Whether two completed rows have the same point and the same objective and constraint values:
// the objective has shown itself deterministic, so evaluating a completed point again teaches
// nothing. Without this, on small discrete spaces (a k-nearest-neighbours classifier's three
// parameters in benchmarks/suite_tuning.py) EI kept proposing the incumbent: 48 of 60 trials.
bool a_repeat_gave_the_same_values(const Eigen::MatrixXd& x, Rows completed, const GPTrials& trials) {
  const auto row_less = [&](Eigen::Index a, Eigen::Index b) {
    for (Eigen::Index j = 0; j < x.cols(); ++j)
      if (x(a, j) != x(b, j)) return x(a, j) < x(b, j);
    return false;
  };
  const auto same_values = [&](const Eigen::MatrixXd& values, Eigen::Index a, Eigen::Index b) {
    for (Eigen::Index k = 0; k < values.cols(); ++k)
      if (values(a, k) != values(b, k) && !(std::isnan(values(a, k)) && std::isnan(values(b, k)))) return false;
    return true;
  };
  std::sort(completed.begin(), completed.end(), row_less);
  for (std::size_t r = 1; r < completed.size(); ++r) {
    const Eigen::Index a = completed[r - 1];
    const Eigen::Index b = completed[r];
    if (!row_less(a, b) && same_values(trials.objectives, a, b) && same_values(trials.constraints, a, b)) return true;
  }
  return false;
}

// Whether no point of a space without continuous dims is left once `excluded` is taken out.
bool finite_space_exhausted(const SearchSpace& space, const ExcludedPoints& excluded) {
  if (excluded.empty()) return false;
  double size = 1.0;
  for (Eigen::Index j = 0; j < space.size(); ++j) {
    if (space.is_continuous(j)) return false;
    if (space.dimension(j).kind != DimensionKind::kContinuous) size *= static_cast<double>(space.n_values(j));
  }
  return static_cast<double>(excluded.n_distinct()) >= size;
}

// The robust bilog warp of GPEIOptions::warp_objectives.
Eigen::VectorXd warped(const Eigen::VectorXd& values) {
  const double median = quantile(values, 0.5);
  const double spread = quantile(values, 0.75) - quantile(values, 0.25);
  return bilog((values.array() - median).matrix() / (spread > 0.0 ? spread : 1.0));
}

}  // namespace

std::size_t n_models(const GPTrials& trials) {
  return static_cast<std::size_t>(trials.objectives.cols() + trials.constraints.cols()) +
         (has_incomplete(trials) ? 1U : 0U);
}

double proposal_work(Eigen::Index n_observations, Eigen::Index dimension, std::size_t n_models,
                     const GPEIOptions& options) {
  const auto n = static_cast<double>(n_observations);
  const auto d = static_cast<double>(dimension);
  // One marginal likelihood with its gradient: a Cholesky factor and the inverse (4/3 n^3), the
  // distances and the length scales' gradient (about 4 n^2 d).
  const double fit = max_fit_evaluations(options.fit) * (4.0 / 3.0 * n * n * n + 4.0 * n * n * d);
  // One point's posterior: the cross-covariance (2 n d, and an exp and a square root per entry,
  // counted as 40) and a triangular solve (n^2); with the gradient, about twice that. A candidate
  // also costs its Sobol coordinates (counted as 100 each). The counts of exp, root and Sobol draws
  // bring the candidate-heavy case of benchmarks/proposal_work.py within 3x of the others' rate.
  const double point = n * (2.0 * d + 40.0) + n * n;
  const double candidate = point + 100.0 * d;
  const AcqOptimizerOptions& optimizer = options.optimizer;
  const double search = static_cast<double>(optimizer.n_candidates + optimizer.n_perturbed_candidates) * candidate +
                        static_cast<double>(std::max(optimizer.n_local_searches, 1)) * optimizer.max_rounds *
                            optimizer.max_lbfgs_evaluations * 2.0 * point;
  return static_cast<double>(n_models) * (fit + search);
}

Eigen::VectorXd standardize_targets(const Eigen::VectorXd& values) { return standardize(values, "values").values; }

Eigen::VectorXd reference_point(const Eigen::MatrixXd& standardized_feasible) {
  constexpr double kLargest = std::numeric_limits<double>::max();
  Eigen::VectorXd reference(standardized_feasible.cols());
  for (Eigen::Index j = 0; j < standardized_feasible.cols(); ++j) {
    double worst = -kLargest;
    for (const double v : standardized_feasible.col(j)) worst = std::isfinite(v) ? std::max(worst, v) : worst;
    // 10% of |worst| further out, which overflows only past max / 1.1: the largest double then.
    const double moved = std::abs(worst) <= kLargest / 1.1 ? worst + 0.1 * std::abs(worst) : kLargest;
    reference(j) = moved == 0.0 ? 1e-12 : moved;
  }
  return reference;
}

namespace {

// Where the proposal looks for the acquisition's maximizer, never returning a point of `excluded`.
using PointSearch = std::function<AcqOptimum(const AcquisitionFunction& acquisition,
                                             const Eigen::MatrixXd& starting_points, const ExcludedPoints& excluded)>;

// The rows of some finished trials, with every running trial.
GPTrials rows_of(const GPTrials& trials, const Rows& rows) {
  GPTrials subset;
  subset.points = trials.points(rows, Eigen::all);
  for (const Eigen::Index i : rows) subset.outcomes.push_back(trials.outcomes[static_cast<size_t>(i)]);
  subset.objectives = trials.objectives(rows, Eigen::all);
  subset.constraints = trials.constraints.cols() > 0 ? Eigen::MatrixXd(trials.constraints(rows, Eigen::all))
                                                     : Eigen::MatrixXd(static_cast<Eigen::Index>(rows.size()), 0);
  if (trials.pruned_ranks.size() > 0) subset.pruned_ranks = trials.pruned_ranks(rows);
  subset.running = trials.running;
  return subset;
}

// The constraint violation of each completed row (0 when feasible), the mean of its positive
// constraint values (their sum could overflow); 0 on other rows.
Eigen::VectorXd violations(const GPTrials& trials, const Rows& completed) {
  const Eigen::Index n_constraints = trials.constraints.cols();
  Eigen::VectorXd violation = Eigen::VectorXd::Zero(trials.points.rows());
  for (const Eigen::Index i : completed)
    for (Eigen::Index k = 0; k < n_constraints; ++k) {
      const double value = trials.constraints(i, k);
      if (!std::isnan(value) && value > 0.0) violation(i) += value / static_cast<double>(n_constraints);
    }
  return violation;
}

// Where model_subset anchors a long study's models: the feasible Pareto front (the best trial
// with one objective), at most kMaxAnchors of it evenly spread; with no feasible trial, the
// least violating one.
Rows anchor_rows(const GPTrials& trials, const Rows& completed) {
  constexpr std::size_t kMaxAnchors = 8;
  const Eigen::VectorXd violation = violations(trials, completed);
  Rows feasible;
  for (const Eigen::Index i : completed)
    if (violation(i) == 0.0) feasible.push_back(i);
  if (feasible.empty())
    return {*std::min_element(completed.begin(), completed.end(),
                              [&](Eigen::Index a, Eigen::Index b) { return violation(a) < violation(b); })};
  Rows front;
  for (const Eigen::Index r : mo::pareto_front_indices(trials.objectives(feasible, Eigen::all)))
    front.push_back(feasible[static_cast<size_t>(r)]);
  std::sort(front.begin(), front.end());
  if (front.size() <= kMaxAnchors) return front;
  Rows spread;
  for (std::size_t k = 0; k < kMaxAnchors; ++k) spread.push_back(front[k * front.size() / kMaxAnchors]);
  return spread;
}

// `rows`, plus for each constraint that no completed row among them has a value of, the latest
// completed row that has one (each constraint's model needs a value), in ascending order.
Rows with_every_constraint(const GPTrials& trials, Rows rows) {
  const auto has_value = [&](Eigen::Index i, Eigen::Index k) {
    return trials.outcomes[static_cast<size_t>(i)] == TrialOutcome::kCompleted && !std::isnan(trials.constraints(i, k));
  };
  for (Eigen::Index k = 0; k < trials.constraints.cols(); ++k) {
    if (std::any_of(rows.begin(), rows.end(), [&](Eigen::Index i) { return has_value(i, k); })) continue;
    for (Eigen::Index i = trials.points.rows() - 1; i >= 0; --i)
      if (has_value(i, k)) {
        rows.insert(std::upper_bound(rows.begin(), rows.end(), i), i);
        break;
      }
  }
  return rows;
}

// The models of `trials` (dropping n_dropped finished trials, see GPEIOptions::
// max_model_observations), their acquisition, and the point `search` finds outside `excluded`,
// preferring one outside `avoided` too when avoid_running.
GPProposal fit_and_search(const SearchSpace& space, const GPTrials& trials, Eigen::Index n_dropped,
                          const GPEIOptions& options, const std::vector<std::optional<GPModelState>>& warm_starts,
                          std::uint64_t seed, const PointSearch& search, const ExcludedPoints& excluded,
                          const ExcludedPoints& avoided, bool avoid_running) {
  const auto n = static_cast<Eigen::Index>(trials.outcomes.size());
  const Eigen::Index m = trials.objectives.cols();
  const Eigen::Index n_constraints = trials.constraints.cols();
  const Eigen::MatrixXd x = space.snap(trials.points);
  const Eigen::MatrixXd running =
      trials.running.rows() > 0 ? space.snap(trials.running) : Eigen::MatrixXd(0, space.size());
  const auto warm_start = [&](std::size_t k) {
    return k < warm_starts.size() ? warm_starts[k] : std::optional<GPModelState>();
  };
  Rows completed;
  Rows modelled;  // completed and pruned rows, in the given order
  for (Eigen::Index i = 0; i < n; ++i) {
    const TrialOutcome outcome = trials.outcomes[static_cast<size_t>(i)];
    if (outcome == TrialOutcome::kCompleted) completed.push_back(i);
    if (outcome != TrialOutcome::kFailed) modelled.push_back(i);
  }
  GPProposal proposal;
  const Kernel kernel(options.kernel, space.categorical_mask());
  FitOptions fit = options.fit;
  fit.fixed_noise = fit.fixed_noise || options.deterministic_objective;
  fit.cancelled = options.cancelled;

  // Feasibility of the completed trials: a missing constraint value counts as satisfied.
  const Eigen::VectorXd violation = violations(trials, completed);
  Rows feasible;
  for (const Eigen::Index i : completed)
    if (violation(i) == 0.0) feasible.push_back(i);

  // Objectives: completed values standardized, pruned rows imputed from their ranks.
  const Eigen::MatrixXd x_modelled = x(modelled, Eigen::all);
  std::vector<GaussianProcess> objective_gps;
  objective_gps.reserve(static_cast<size_t>(m));
  Eigen::MatrixXd standardized(n, m);
  standardized.setConstant(std::numeric_limits<double>::quiet_NaN());
  // Pruned trials' imputed values were calibrated unwarped (kPrunedPenalty): with the warp, the
  // training-like study of tests/python/test_gp_ei_real_studies.py wasted 10.1 of its 18 late
  // trials (seeds 0-7) instead of 9.9 unwarped, and imputing before the warp, 10.6.
  const bool warp = options.warp_objectives && modelled.size() == completed.size();
  for (Eigen::Index j = 0; j < m; ++j) {
    const Eigen::VectorXd raw = trials.objectives(completed, j);
    const Standardized plain = standardize(raw, "objectives");
    const Standardized s = warp ? standardize(warped(plain.values), "objectives") : plain;
    for (size_t r = 0; r < completed.size(); ++r)
      standardized(completed[r], j) = s.values(static_cast<Eigen::Index>(r));
    Eigen::VectorXd y(static_cast<Eigen::Index>(modelled.size()));
    for (size_t r = 0; r < modelled.size(); ++r) {
      const Eigen::Index i = modelled[r];
      if (trials.outcomes[static_cast<size_t>(i)] == TrialOutcome::kCompleted) {
        y(static_cast<Eigen::Index>(r)) = standardized(i, j);
      } else {
        const double rank = trials.pruned_ranks.size() == n ? trials.pruned_ranks(i) : std::nan("");
        const double q = std::isnan(rank) ? 1.0 : std::clamp(rank, kLowestPrunedQuantile, 1.0);
        const double penalty = kPrunedPenalty * (q - kLowestPrunedQuantile) / (1.0 - kLowestPrunedQuantile);
        y(static_cast<Eigen::Index>(r)) = quantile(s.values, q) + penalty;
      }
    }
    GPModelState state = fit_model(kernel, x_modelled, y, fit, warm_start(static_cast<size_t>(j)), n_dropped,
                                   options.max_fit_observations, proposal.refitted);
    objective_gps.push_back(with_believed_pending(kernel, *state.factor, y, running));
    proposal.models.push_back(std::move(state));
  }

  // Constraints: a GP on the completed trials that gave a value.
  std::vector<GaussianProcess> constraint_gps;
  constraint_gps.reserve(static_cast<size_t>(n_constraints));
  std::vector<double> thresholds;
  for (Eigen::Index k = 0; k < n_constraints; ++k) {
    Rows rows;
    for (const Eigen::Index i : completed)
      if (!std::isnan(trials.constraints(i, k))) rows.push_back(i);
    const Standardized c = standardize(trials.constraints(rows, k), "constraints");
    GPModelState state = fit_model(kernel, x(rows, Eigen::all), c.values, fit, warm_start(static_cast<size_t>(m + k)),
                                   n_dropped, options.max_fit_observations, proposal.refitted);
    thresholds.push_back(c.map(0.0));
    constraint_gps.emplace_back(kernel, *state.factor, c.values);
    proposal.models.push_back(std::move(state));
  }

  // Completion: every finished trial, labelled.
  std::optional<GaussianProcess> completion_gp;
  double completion_threshold = 0.0;
  if (has_incomplete(trials)) {
    Eigen::VectorXd labels(n);
    for (Eigen::Index i = 0; i < n; ++i)
      labels(i) =
          trials.outcomes[static_cast<size_t>(i)] == TrialOutcome::kCompleted ? kCompletedLabel : kNotCompletedLabel;
    const Standardized l = standardize(labels, "labels");
    FitOptions label_fit = options.fit;  // labels are noisy whatever the objective is
    label_fit.cancelled = options.cancelled;
    GPModelState state = fit_model(kernel, x, l.values, label_fit, warm_start(static_cast<size_t>(m + n_constraints)),
                                   n_dropped, options.max_fit_observations, proposal.refitted);
    completion_threshold = l.map(kCompletionThreshold);
    completion_gp.emplace(kernel, *state.factor, l.values);
    proposal.models.push_back(std::move(state));
  }

  // The acquisition's terms.
  std::vector<std::unique_ptr<AcquisitionFunction>> terms;
  const Eigen::MatrixXd feasible_values = standardized(feasible, Eigen::all);
  if (!feasible.empty()) {
    const bool alone = n_constraints == 0 && !completion_gp;
    if (m == 1) {
      const AcquisitionType type = alone ? options.acquisition : AcquisitionType::kLogEI;
      terms.push_back(std::make_unique<SingleObjectiveAcquisition>(objective_gps.front(), type,
                                                                   feasible_values.minCoeff(), options.ucb_beta));
    } else {
      // Running points join the front where the model believes they are.
      Eigen::MatrixXd with_running(feasible_values.rows() + running.rows(), m);
      with_running.topRows(feasible_values.rows()) = feasible_values;
      for (Eigen::Index j = 0; j < m && running.rows() > 0; ++j) {
        Eigen::VectorXd mean;
        Eigen::VectorXd variance;
        objective_gps[static_cast<size_t>(j)].predict(running, mean, variance);
        with_running.col(j).tail(running.rows()) = mean;
      }
      const Eigen::MatrixXd front = with_running(mo::pareto_front_indices(with_running), Eigen::all);
      const Eigen::VectorXd reference = reference_point(feasible_values);
      std::vector<const GaussianProcess*> gps;
      gps.reserve(objective_gps.size());
      for (const GaussianProcess& gp : objective_gps) gps.push_back(&gp);
      std::optional<mo::BoxDecomposition> boxes =
          mo::non_dominated_boxes(front, reference, static_cast<std::size_t>(options.max_ehvi_boxes));
      if (boxes)
        terms.push_back(std::make_unique<mo::ExactLogEHVI>(std::move(gps), std::move(*boxes)));
      else
        terms.push_back(
            std::make_unique<mo::QmcLogEHVI>(std::move(gps), front, reference, options.n_ehvi_samples, seed));
    }
  }
  for (size_t k = 0; k < constraint_gps.size(); ++k)
    terms.push_back(std::make_unique<LogProbabilityOfFeasibility>(constraint_gps[k], thresholds[k]));
  if (completion_gp)
    terms.push_back(std::make_unique<LogProbabilityOfFeasibility>(*completion_gp, completion_threshold));
  const AcquisitionSum acquisition(std::move(terms));

  // Starting points: feasible completed trials (the front first, then by their standardized
  // values' sum), then the least violating ones.
  std::vector<bool> on_front(static_cast<size_t>(n), false);
  if (!feasible.empty())
    for (const Eigen::Index r : mo::pareto_front_indices(feasible_values))
      on_front[static_cast<size_t>(feasible[static_cast<size_t>(r)])] = true;
  Rows order = completed;
  const auto rank = [&](Eigen::Index i) { return on_front[static_cast<size_t>(i)] ? 0 : violation(i) == 0.0 ? 1 : 2; };
  std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) {
    if (rank(a) != rank(b)) return rank(a) < rank(b);
    if (rank(a) == 2) return violation(a) < violation(b);
    return standardized.row(a).sum() < standardized.row(b).sum();
  });
  const auto n_best = std::min(order.size(), static_cast<size_t>(std::max(options.n_best_starting_points, 0)));
  order.resize(n_best);

  const Eigen::MatrixXd starting_points = x(order, Eigen::all);
  AcqOptimum optimum = search(acquisition, starting_points, avoid_running ? avoided : excluded);
  if (!optimum.found && avoid_running) optimum = search(acquisition, starting_points, excluded);
  if (!optimum.found) {
    proposal.exhausted = true;
    proposal.models.clear();
    return proposal;
  }
  proposal.point = optimum.point;
  proposal.acquisition_value = optimum.value;
  return proposal;
}

// The models, the acquisition, and the point `search` finds, preferring one that no running trial holds.
GPProposal propose(const SearchSpace& space, const GPTrials& trials, const GPEIOptions& options,
                   const std::vector<std::optional<GPModelState>>& warm_starts, std::uint64_t seed,
                   const PointSearch& search) {
  validate(space, trials, options, warm_starts.size());
  if (options.max_ehvi_boxes < 0) throw std::invalid_argument("max_ehvi_boxes: must be >= 0");
  if (options.n_ehvi_samples < 1) throw std::invalid_argument("n_ehvi_samples: must be >= 1");
  if (options.max_model_observations < 0) throw std::invalid_argument("max_model_observations: must be >= 0");
  if (options.max_fit_observations < 0) throw std::invalid_argument("max_fit_observations: must be >= 0");
  const Eigen::Index d = space.size();
  const auto n = static_cast<Eigen::Index>(trials.outcomes.size());
  const Eigen::MatrixXd x = space.snap(trials.points);
  const Eigen::MatrixXd running = trials.running.rows() > 0 ? space.snap(trials.running) : Eigen::MatrixXd(0, d);

  Rows completed;
  Rows never_again;  // failed and pruned rows, and completed ones of a deterministic objective
  for (Eigen::Index i = 0; i < n; ++i)
    if (trials.outcomes[static_cast<size_t>(i)] == TrialOutcome::kCompleted) completed.push_back(i);
  const bool deterministic = options.deterministic_objective || a_repeat_gave_the_same_values(x, completed, trials);
  for (Eigen::Index i = 0; i < n; ++i)
    if (trials.outcomes[static_cast<size_t>(i)] != TrialOutcome::kCompleted || deterministic) never_again.push_back(i);
  const double tolerance = options.optimizer.same_point_tolerance;
  const ExcludedPoints excluded(space, x(never_again, Eigen::all), tolerance);
  GPProposal proposal;
  if (finite_space_exhausted(space, excluded)) {
    proposal.exhausted = true;
    return proposal;
  }
  // Running trials' points are avoided too, unless they (with the others) cover a finite space:
  // then running points may be proposed again (many workers on a small grid).
  Eigen::MatrixXd avoided_points(static_cast<Eigen::Index>(never_again.size()) + running.rows(), d);
  avoided_points << x(never_again, Eigen::all), running;
  const ExcludedPoints avoided(space, avoided_points, tolerance);
  const bool avoid_running = running.rows() > 0 && !finite_space_exhausted(space, avoided);

  const auto max_rows = static_cast<Eigen::Index>(options.max_model_observations);
  if (max_rows == 0 || n <= max_rows)
    return fit_and_search(space, trials, 0, options, warm_starts, seed, search, excluded, avoided, avoid_running);
  const Kernel kernel(options.kernel, space.categorical_mask());
  const std::optional<GPModelState> first = warm_starts.empty() ? std::nullopt : warm_starts.front();
  const Eigen::VectorXd lengthscales =
      usable_warm_start(first, d) ? first->hyperparameters.kernel.lengthscales : Eigen::VectorXd::Ones(d);
  const auto anchors_before = [&](Eigen::Index end) {
    Rows earlier;
    for (const Eigen::Index i : completed)
      if (i < end) earlier.push_back(i);
    if (earlier.empty()) earlier = completed;  // every completed trial is in the window
    return Eigen::MatrixXd(x(anchor_rows(trials, earlier), Eigen::all));
  };
  const Rows kept = with_every_constraint(trials, model_subset(kernel, x, anchors_before, lengthscales, max_rows));
  return fit_and_search(space, rows_of(trials, kept), n - static_cast<Eigen::Index>(kept.size()), options, warm_starts,
                        seed, search, excluded, avoided, avoid_running);
}

}  // namespace

GPProposal propose_gp(const SearchSpace& space, const GPTrials& trials, const GPEIOptions& options,
                      const std::vector<std::optional<GPModelState>>& warm_starts, std::uint64_t seed) {
  AcqOptimizerOptions optimizer = options.optimizer;
  optimizer.cancelled = options.cancelled;
  return propose(space, trials, options, warm_starts, seed,
                 [&](const AcquisitionFunction& acquisition, const Eigen::MatrixXd& starting_points,
                     const ExcludedPoints& excluded) {
                   return maximize_acquisition(acquisition, space, starting_points, optimizer, seed, excluded);
                 });
}

GPProposal choose_gp_candidate(const SearchSpace& space, const GPTrials& trials, const GPEIOptions& options,
                               const std::vector<std::optional<GPModelState>>& warm_starts,
                               const Eigen::MatrixXd& candidates, std::uint64_t seed) {
  if (candidates.cols() != space.size()) throw std::invalid_argument("candidates: expected one column per dimension");
  if (!candidates.allFinite()) throw std::invalid_argument("candidates: coordinates must be finite");
  const Eigen::MatrixXd snapped = space.snap(candidates);
  std::optional<Eigen::VectorXd> values;
  Eigen::Index chosen = -1;
  GPProposal proposal =
      propose(space, trials, options, warm_starts, seed,
              [&](const AcquisitionFunction& acquisition, const Eigen::MatrixXd&, const ExcludedPoints& excluded) {
                if (!values) values = acquisition.evaluate(snapped);
                if (values->hasNaN()) throw NumericalError("the acquisition is NaN at a candidate");
                AcqOptimum best;
                best.found = false;
                for (Eigen::Index r = 0; r < snapped.rows(); ++r) {
                  if ((best.found && !((*values)(r) > best.value)) || excluded.contains(snapped.row(r).transpose()))
                    continue;
                  best = AcqOptimum{snapped.row(r).transpose(), (*values)(r), true};
                  chosen = r;
                }
                return best;
              });
  proposal.candidate = proposal.exhausted ? -1 : chosen;
  return proposal;
}

}  // namespace gfo::gp
