#pragma once
// Fitting the GP's hyperparameters: maximum a posteriori on log-parameters
//   theta = [log lengthscale_1..d, log signal variance, log noise variance]
// of the log marginal likelihood plus weak priors, by L-BFGS with the analytic gradient.

#include <Eigen/Core>

#include "gfo/common/cancellation.hpp"
#include "gfo/gp/gaussian_process.hpp"
#include "gfo/gp/kernel.hpp"

namespace gfo::gp {

Eigen::VectorXd to_log_parameters(const GPHyperparameters& hyperparameters);
GPHyperparameters from_log_parameters(const Eigen::VectorXd& theta);

// Log marginal likelihood of (x, y) under the GP with log-parameters theta, and its gradient.
double log_marginal_likelihood(const Kernel& kernel, const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                               const Eigen::VectorXd& theta, Eigen::VectorXd* gradient);

// Log density of the priors on theta (up to a constant), and its gradient: log-normal priors on
// the length scales (around 1, the unit cube's width), and weak log-normals on the signal and
// noise variances of standardized targets.
double log_prior(const Eigen::VectorXd& theta, Eigen::VectorXd* gradient);

struct FitOptions {
  bool fixed_noise = false;   // deterministic objective: noise held at noise_floor
  double noise_floor = 1e-6;  // in units of the standardized targets' variance
  int max_evaluations = 100;  // of the marginal likelihood, per cold start
  int warm_max_evaluations = 20;
  // Refitting costs O(n^3) per evaluation, and with many observations the hyperparameters move
  // little from one trial to the next. With a warm start and n observations, the fit runs while
  // n <= always_refit_below, and after that each time n has grown by the factor
  // (1 + refit_growth) since the previous refit point (with 0.1: at n = 110, 121, 133, ..., so
  // about every 30th trial at n = 300); otherwise the warm start is kept as it is.
  int always_refit_below = 100;
  double refit_growth = 0.1;
  // The number of observations the warm start was fitted to, when known (> 0): the fit then
  // runs when n is past a refit point that this count was not, wherever n has jumped from
  // (several workers share the observations, and none may propose at the refit point itself).
  // Unknown (0): when n - 1 was not past the refit point.
  long long warm_start_observations = 0;
  // Cold starts are tried besides the warm start while n <= always_restart_below, when n is a
  // multiple of restart_period (0: never), and whenever the warm fit fails.
  int always_restart_below = 50;
  int restart_period = 0;
  // Asked before every evaluation of the marginal likelihood (see gfo/common/cancellation.hpp).
  CancellationCheck cancelled;
};

// The level of n observations in the refit schedule of `options`: a fit to n observations is
// kept for m while both are on the same level; -1 where every trial refits (n at most
// always_refit_below, or no growth factor).
long long refit_level(long long n, const FitOptions& options);

// Whether a warm start fitted to options.warm_start_observations (unknown when 0: then to n - 1)
// is refitted for n observations.
bool refit_due(long long n, const FitOptions& options);

// The most evaluations of the marginal likelihood one fit makes (its cold starts and the warm
// start), for estimates of a proposal's cost.
int max_fit_evaluations(const FitOptions& options);

// The MAP hyperparameters: the best of a fit from `warm_start` (when given) and fits from
// fixed cold starts; see FitOptions for when each runs.
GPHyperparameters fit_hyperparameters(const Kernel& kernel, const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                      const FitOptions& options, const GPHyperparameters* warm_start);

}  // namespace gfo::gp
