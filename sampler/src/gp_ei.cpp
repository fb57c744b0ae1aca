#include "gfo/gp_ei.hpp"

#include "gfo/cholesky.hpp"
#include "gfo/targets.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <vector>

namespace gfo {
namespace {

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

GaussianProcess with_pending(const Kernel& kernel, const GramFactor& observed, const Eigen::MatrixXd& pending,
                             const Eigen::VectorXd& y_with_fantasies) {
  try {
    return GaussianProcess(kernel, observed.extended(kernel, pending), y_with_fantasies);
  } catch (const NumericalError&) {
    Eigen::MatrixXd x(observed.inputs().rows() + pending.rows(), pending.cols());
    x << observed.inputs(), pending;
    return GaussianProcess(kernel, x, y_with_fantasies, observed.hyperparameters());
  }
}

}  // namespace

Eigen::VectorXd standardize_targets(const Eigen::VectorXd& values) {
  return standardize(values, "values").values;
}

GPEIProposal propose_gp_ei(const SearchSpace& space, const Eigen::MatrixXd& observed,
                           const Eigen::VectorXd& values, const Eigen::MatrixXd& pending,
                           const GPEIOptions& options, const GPHyperparameters* warm_start,
                           std::uint64_t seed, const GramFactor* observed_factor) {
  const Eigen::Index d = space.size();
  if (observed.rows() < 1) throw std::invalid_argument("observed: at least one observation is needed");
  if (observed.cols() != d) throw std::invalid_argument("observed: expected one column per dimension");
  if (values.size() != observed.rows()) throw std::invalid_argument("values: expected one value per observation");
  if (pending.rows() > 0 && pending.cols() != d)
    throw std::invalid_argument("pending: expected one column per dimension");

  const Eigen::MatrixXd x = space.snap(observed);
  const Eigen::VectorXd y = standardize_targets(values);
  const Kernel kernel(options.kernel, space.categorical_mask());
  FitOptions fit = options.fit;
  fit.fixed_noise = fit.fixed_noise || options.deterministic_objective;
  const GPHyperparameters hyperparameters = fit_hyperparameters(kernel, x, y, fit, warm_start);

  const double incumbent = y.minCoeff();
  const GramFactor observed_gram = factor_of(kernel, x, hyperparameters, observed_factor);
  Eigen::VectorXd y_with_fantasies(x.rows() + pending.rows());
  y_with_fantasies << y, Eigen::VectorXd::Constant(pending.rows(), incumbent);
  const GaussianProcess gp = pending.rows() > 0
                                 ? with_pending(kernel, observed_gram, space.snap(pending), y_with_fantasies)
                                 : GaussianProcess(kernel, observed_gram, y_with_fantasies);
  const Acquisition acquisition(gp, options.acquisition, incumbent, options.ucb_beta);

  std::vector<Eigen::Index> order(static_cast<size_t>(y.size()));
  std::iota(order.begin(), order.end(), 0);
  const auto n_best = std::min(order.size(), static_cast<size_t>(std::max(options.n_best_starting_points, 0)));
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(n_best), order.end(),
                    [&](Eigen::Index a, Eigen::Index b) { return y(a) < y(b); });
  Eigen::MatrixXd starting_points(static_cast<Eigen::Index>(n_best), d);
  for (size_t k = 0; k < n_best; ++k) starting_points.row(static_cast<Eigen::Index>(k)) = x.row(order[k]);

  const AcqOptimum optimum = maximize_acquisition(acquisition, space, starting_points, options.optimizer, seed);
  return {optimum.point, optimum.value, hyperparameters, observed_gram};
}

}  // namespace gfo
