#pragma once
// log EHVI estimated by quasi-Monte Carlo, for fronts whose exact box decomposition would be too
// large (many objectives, long fronts). By Fubini, with D the region below the reference r that
// the front does not dominate and Y_j ~ N(mu_j, sigma_j^2) independent,
//   EHVI = E vol{z in D : z >= Y} = integral over D of prod_j Phi((z_j - mu_j) / sigma_j) dz.
// The last objective is integrated exactly: above a point z' of the first m - 1 objectives, D is
// (-inf, top(z')) with top(z') the least last coordinate of the front's points p with p' <= z'
// (r_m when none), and the integral of Phi over it is sigma_m h((top - mu_m) / sigma_m), the
// one-sided box gain of log_ehvi.hpp. The remaining integral over z' is estimated on a fixed
// set of randomly shifted Sobol points t in [0, 1)^(m-1) mapped to z_j = r_j - s_j t_j / (1 - t_j),
// which covers (-inf, r_j] with density s_j / (s_j + r_j - z_j)^2 (s_j: the front's extent in
// objective j): heavier tails than the Gaussian integrand, so the importance weights stay bounded
// and nothing of D is cut off. top is found once per point, at construction; a posterior's cost
// is then n_samples x m normal log-CDFs, whatever the front's size. Every term is positive, so
// the estimate is a log-sum-exp, finite and smooth in (mu, sigma) far from the front too.
// Deterministic given the seed.

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "gfo/gp/gaussian_process.hpp"
#include "gfo/mo/log_ehvi.hpp"

namespace gfo::mo {

class QmcLogEHVI final : public LogEHVI {
 public:
  // `front`: one minimized point per row (rows not strictly below `reference` are ignored);
  // `n_samples`: Sobol points (a power of two keeps them a net).
  QmcLogEHVI(std::vector<const gp::GaussianProcess*> objectives, const Eigen::MatrixXd& front,
             const Eigen::VectorXd& reference, Eigen::Index n_samples, std::uint64_t seed);

  double from_posteriors(const Eigen::VectorXd& mean, const Eigen::VectorXd& stddev, Eigen::VectorXd* d_mean,
                         Eigen::VectorXd* d_stddev) const override;

 private:
  Eigen::MatrixXd samples_;      // the points z' of the first m - 1 objectives, one per row
  Eigen::VectorXd tops_;         // top(z') of each
  Eigen::VectorXd log_weights_;  // log(1 / (density x number of points)) of each
};

}  // namespace gfo::mo
