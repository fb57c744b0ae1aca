#include "gfo/gp/marginal_likelihood.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <stdexcept>
#include <utility>
#include <vector>

#include "gfo/common/errors.hpp"
#include "gfo/common/lbfgs.hpp"
#include "gfo/gp/cholesky.hpp"

namespace gfo::gp {
namespace {

constexpr double kLog2Pi = 1.8378770664093453;
constexpr double kMinLogLengthscale = -6.9;  // 1e-3
constexpr double kMaxLogLengthscale = 6.9;   // 1e3
constexpr double kMinLogSignal = -6.9;
constexpr double kMaxLogSignal = 4.6;  // 100 times the targets' variance
constexpr double kMaxLogNoise = 0.7;   // 2 times the targets' variance
// Length scales: log-normal around the unit cube's width. A wider prior (median growing with the
// dimension) let parameters be judged irrelevant after a few trials and then never explored:
// measured on benchmarks/problems.py (mixed, sphere10), best values 0.2 and 4 instead of 1e-4
// and 0.05 after 60 trials.
constexpr double kLengthscalePriorMean = 0.0;
constexpr double kLengthscalePriorVariance = 0.5;
constexpr double kSignalPriorMean = 0.0;
constexpr double kSignalPriorVariance = 2.25;
constexpr double kNoisePriorMean = -6.0;
constexpr double kNoisePriorVariance = 4.0;
// Cold starts (length scale, noise variance): a smooth signal with little noise, and a rough one
// with much noise; from either alone the optimizer can end in the other's basin.
constexpr std::pair<double, double> kColdStarts[] = {{0.5, 1e-3}, {2.0, 0.1}};

Eigen::Index dimension_of(const Eigen::VectorXd& theta) { return theta.size() - 2; }

double normal_log_density(double value, double mean, double variance, double& derivative) {
  derivative = -(value - mean) / variance;
  return -0.5 * (value - mean) * (value - mean) / variance;
}

}  // namespace

long long refit_level(long long n, const FitOptions& options) {
  const double base = std::max(options.always_refit_below, 1);
  if (static_cast<double>(n) <= base || options.refit_growth <= 0.0) return -1;
  return static_cast<long long>(std::floor(std::log(static_cast<double>(n) / base) / std::log1p(options.refit_growth)));
}

bool refit_due(long long n, const FitOptions& options) {
  const long long fitted_to = options.warm_start_observations > 0 ? options.warm_start_observations : n - 1;
  const long long level = refit_level(n, options);
  return level < 0 || level != refit_level(fitted_to, options);
}

Eigen::VectorXd to_log_parameters(const GPHyperparameters& hyperparameters) {
  const Eigen::Index d = hyperparameters.kernel.lengthscales.size();
  Eigen::VectorXd theta(d + 2);
  theta.head(d) = hyperparameters.kernel.lengthscales.array().log().matrix();
  theta(d) = std::log(hyperparameters.kernel.signal_variance);
  theta(d + 1) = std::log(hyperparameters.noise_variance);
  return theta;
}

GPHyperparameters from_log_parameters(const Eigen::VectorXd& theta) {
  if (theta.size() < 2)
    throw std::invalid_argument("log-hyperparameters need a signal and a noise variance (size >= 2)");
  const Eigen::Index d = dimension_of(theta);
  GPHyperparameters hyperparameters;
  hyperparameters.kernel.lengthscales = theta.head(d).array().exp().matrix();
  hyperparameters.kernel.signal_variance = std::exp(theta(d));
  hyperparameters.noise_variance = std::exp(theta(d + 1));
  return hyperparameters;
}

double log_marginal_likelihood(const Kernel& kernel, const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                               const Eigen::VectorXd& theta, Eigen::VectorXd* gradient) {
  const Eigen::Index n = x.rows();
  const Eigen::Index d = dimension_of(theta);
  const GPHyperparameters hp = from_log_parameters(theta);
  const Eigen::MatrixXd r2 = kernel.squared_distance(x, x, hp.kernel.lengthscales);
  const double signal = hp.kernel.signal_variance;
  Eigen::MatrixXd gram_derivative;  // signal * d profile / d r2
  const Eigen::MatrixXd signal_part = signal * kernel_profile(kernel.type(), r2, &gram_derivative);
  gram_derivative *= signal;
  Eigen::MatrixXd gram = signal_part;
  gram.diagonal().array() += hp.noise_variance;
  const JitteredCholesky cholesky = cholesky_with_jitter(gram);
  const Eigen::VectorXd alpha = cholesky.factor.solve(y);
  const double log_det = 2.0 * cholesky.factor.matrixLLT().diagonal().array().log().sum();
  const double value = -0.5 * y.dot(alpha) - 0.5 * log_det - 0.5 * static_cast<double>(n) * kLog2Pi;
  if (gradient == nullptr) return value;

  // d value / d theta_k = 0.5 * sum(W o dK/dtheta_k), W = alpha alpha^T - K^-1.
  Eigen::MatrixXd w = Eigen::MatrixXd::Identity(n, n);
  cholesky.factor.solveInPlace(w);
  w *= -1.0;
  w.noalias() += alpha * alpha.transpose();
  gradient->resize(theta.size());
  const Eigen::MatrixXd w_times_derivative = w.cwiseProduct(gram_derivative);
  // dK/dlog l_j = signal * profile'(r2) * (-2 D_j / l_j^2), D_j the dim's squared distance.
  const Eigen::ArrayXd inverse_sq = hp.kernel.lengthscales.array().square().inverse();
  Eigen::VectorXd weighted_distance_sums = Eigen::VectorXd::Zero(d);
  for (Eigen::Index c = 0; c < n; ++c) {
    const auto weights = w_times_derivative.col(c).array();
    for (Eigen::Index j = 0; j < d; ++j) {
      const auto diff = x.col(j).array() - x(c, j);
      weighted_distance_sums(j) += kernel.is_categorical(j) ? (weights * (diff.abs() > 0.5).cast<double>()).sum()
                                                            : (weights * diff.square()).sum();
    }
  }
  gradient->head(d) = -(inverse_sq * weighted_distance_sums.array()).matrix();
  (*gradient)(d) = 0.5 * w.cwiseProduct(signal_part).sum();
  (*gradient)(d + 1) = 0.5 * hp.noise_variance * w.trace();
  return value;
}

double log_prior(const Eigen::VectorXd& theta, Eigen::VectorXd* gradient) {
  const Eigen::Index d = dimension_of(theta);
  if (gradient != nullptr) gradient->resize(theta.size());
  double value = 0.0;
  double derivative = 0.0;
  for (Eigen::Index j = 0; j < d; ++j) {
    value += normal_log_density(theta(j), kLengthscalePriorMean, kLengthscalePriorVariance, derivative);
    if (gradient != nullptr) (*gradient)(j) = derivative;
  }
  value += normal_log_density(theta(d), kSignalPriorMean, kSignalPriorVariance, derivative);
  if (gradient != nullptr) (*gradient)(d) = derivative;
  value += normal_log_density(theta(d + 1), kNoisePriorMean, kNoisePriorVariance, derivative);
  if (gradient != nullptr) (*gradient)(d + 1) = derivative;
  return value;
}

int max_fit_evaluations(const FitOptions& options) {
  return static_cast<int>(std::size(kColdStarts)) * options.max_evaluations + options.warm_max_evaluations;
}

GPHyperparameters fit_hyperparameters(const Kernel& kernel, const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                      const FitOptions& options, const GPHyperparameters* warm_start) {
  const Eigen::Index d = kernel.dimension();
  if (x.rows() != y.size() || x.cols() != d)
    throw std::invalid_argument("fit_hyperparameters: x, y and the kernel's dimension disagree");
  const double log_noise_floor = std::log(options.noise_floor);
  // Free parameters: all of theta, or all but the noise when it is fixed.
  const Eigen::Index n_free = options.fixed_noise ? d + 1 : d + 2;

  Eigen::VectorXd lower(n_free);
  Eigen::VectorXd upper(n_free);
  lower.head(d).setConstant(kMinLogLengthscale);
  upper.head(d).setConstant(kMaxLogLengthscale);
  lower(d) = kMinLogSignal;
  upper(d) = kMaxLogSignal;
  if (!options.fixed_noise) {
    lower(d + 1) = log_noise_floor;
    upper(d + 1) = std::max(kMaxLogNoise, log_noise_floor);
  }

  const auto full_theta = [&](const Eigen::VectorXd& free) {
    Eigen::VectorXd theta(d + 2);
    theta.head(n_free) = free;
    if (options.fixed_noise) theta(d + 1) = log_noise_floor;
    return theta;
  };
  const DifferentiableFunction negative_log_posterior = [&](const Eigen::VectorXd& free, Eigen::VectorXd& gradient) {
    const Eigen::VectorXd theta = full_theta(free);
    Eigen::VectorXd likelihood_gradient;
    Eigen::VectorXd prior_gradient;
    const double value =
        log_marginal_likelihood(kernel, x, y, theta, &likelihood_gradient) + log_prior(theta, &prior_gradient);
    gradient = -(likelihood_gradient + prior_gradient).head(n_free);
    return -value;
  };

  std::vector<Eigen::VectorXd> starts;
  for (const auto& [lengthscale, noise] : kColdStarts) {
    Eigen::VectorXd start(n_free);
    start.head(d).setConstant(std::log(lengthscale));
    start(d) = kSignalPriorMean;
    if (!options.fixed_noise) start(d + 1) = std::max(std::log(noise), log_noise_floor);
    starts.push_back(start);
  }
  const bool has_warm_start = warm_start != nullptr && warm_start->kernel.lengthscales.size() == d &&
                              warm_start->kernel.lengthscales.allFinite();
  const Eigen::Index n = x.rows();
  if (has_warm_start && !refit_due(n, options)) {
    GPHyperparameters kept = *warm_start;
    if (options.fixed_noise) kept.noise_variance = options.noise_floor;
    return kept;
  }
  MinimizeResult best;
  best.value = std::numeric_limits<double>::infinity();
  if (has_warm_start) {
    const Eigen::VectorXd start = to_log_parameters(*warm_start).head(n_free);
    try {
      best = minimize_in_box(negative_log_posterior, start, lower, upper, options.warm_max_evaluations, 1e-4,
                             options.cancelled);
    } catch (const NumericalError&) {
      best.value = std::numeric_limits<double>::infinity();  // restart cold below
    }
  }
  const bool restart_due =
      n <= options.always_restart_below || (options.restart_period > 0 && n % options.restart_period == 0);
  if (!std::isfinite(best.value) || restart_due) {
    for (const Eigen::VectorXd& start : starts) {
      const MinimizeResult result = minimize_in_box(negative_log_posterior, start, lower, upper,
                                                    options.max_evaluations, 1e-8, options.cancelled);
      if (result.value < best.value) best = result;
    }
  }
  if (!std::isfinite(best.value)) throw NumericalError("fit_hyperparameters: no finite marginal likelihood");
  return from_log_parameters(full_theta(best.x));
}

}  // namespace gfo::gp
