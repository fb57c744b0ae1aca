#include "gfo/mo/qmc_log_ehvi.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

#include "gfo/common/normal.hpp"
#include "gfo/common/sobol.hpp"

namespace gfo::mo {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
// Least extent s_j of the sampling density, in the GPs' standardized units: a front that is one
// point (or flat in an objective) still spreads the points.
constexpr double kLeastExtent = 1e-3;

}  // namespace

QmcLogEHVI::QmcLogEHVI(std::vector<const gp::GaussianProcess*> objectives, const Eigen::MatrixXd& front,
                       const Eigen::VectorXd& reference, Eigen::Index n_samples, std::uint64_t seed)
    : LogEHVI(std::move(objectives)) {
  const auto m = static_cast<Eigen::Index>(n_objectives());
  if (reference.size() != m || front.cols() != m)
    throw std::invalid_argument("QmcLogEHVI: the front, the reference and the objectives disagree");
  if (!reference.allFinite() || !front.allFinite())
    throw std::invalid_argument("QmcLogEHVI: the front and the reference must be finite");
  if (n_samples < 1) throw std::invalid_argument("QmcLogEHVI: n_samples must be >= 1");
  const Eigen::Index free = m - 1;
  // One objective: nothing left to sample, top is the best value.
  if (free == 0) n_samples = 1;
  Eigen::VectorXd extent = Eigen::VectorXd::Constant(m, kLeastExtent);
  for (Eigen::Index p = 0; p < front.rows(); ++p)
    if ((front.row(p).transpose().array() < reference.array()).all())
      extent = extent.cwiseMax(reference - front.row(p).transpose());
  const Eigen::MatrixXd unit = free > 0 ? ShiftedSobol(free, seed).points(0, n_samples) : Eigen::MatrixXd(1, 0);
  samples_.resize(n_samples, free);
  tops_.resize(n_samples);
  log_weights_.resize(n_samples);
  for (Eigen::Index s = 0; s < n_samples; ++s) {
    double log_weight = -std::log(static_cast<double>(n_samples));
    for (Eigen::Index j = 0; j < free; ++j) {
      const double t = unit(s, j);
      samples_(s, j) = reference(j) - extent(j) * t / (1.0 - t);
      log_weight += std::log(extent(j)) - 2.0 * std::log1p(-t);
    }
    log_weights_(s) = log_weight;
    double top = reference(free);
    for (Eigen::Index p = 0; p < front.rows(); ++p)
      if ((front.row(p).head(free).array() <= samples_.row(s).array()).all()) top = std::min(top, front(p, free));
    tops_(s) = top;
  }
}

double QmcLogEHVI::from_posteriors(const Eigen::VectorXd& mean, const Eigen::VectorXd& stddev, Eigen::VectorXd* d_mean,
                                   Eigen::VectorXd* d_stddev) const {
  const Eigen::Index m = mean.size();
  const Eigen::Index free = m - 1;
  const bool with_gradient = d_mean != nullptr && d_stddev != nullptr;
  const Eigen::Index n = samples_.rows();
  Eigen::VectorXd log_terms(n);
  // Per point and objective, d log term / d mean and d log term / d stddev.
  Eigen::MatrixXd term_d_mean(with_gradient ? n : 0, m);
  Eigen::MatrixXd term_d_stddev(with_gradient ? n : 0, m);
  for (Eigen::Index s = 0; s < n; ++s) {
    double sum = log_weights_(s);
    for (Eigen::Index j = 0; j < free; ++j) {
      const double a = (samples_(s, j) - mean(j)) / stddev(j);
      const double log_cdf = normal_log_cdf(a);
      sum += log_cdf;
      if (with_gradient) {
        // d log Phi(a) / da = phi(a) / Phi(a); da / dmu = -1 / sigma, da / dsigma = -a / sigma.
        const double hazard = std::exp(normal_log_pdf(a) - log_cdf);
        term_d_mean(s, j) = -hazard / stddev(j);
        term_d_stddev(s, j) = -a * hazard / stddev(j);
      }
    }
    sum += log_expected_box_gain(-kInfinity, tops_(s), mean(free), stddev(free),
                                 with_gradient ? &term_d_mean(s, free) : nullptr,
                                 with_gradient ? &term_d_stddev(s, free) : nullptr);
    log_terms(s) = sum;
  }
  const double largest = log_terms.maxCoeff();
  if (!std::isfinite(largest)) {
    if (with_gradient) {
      d_mean->setZero(m);
      d_stddev->setZero(m);
    }
    return -kInfinity;
  }
  const Eigen::VectorXd weights = (log_terms.array() - largest).exp().matrix();
  const double total = weights.sum();
  if (with_gradient) {
    // d log sum exp = sum of softmax weight times d log term.
    const Eigen::RowVectorXd share = (weights / total).transpose();
    *d_mean = (share * term_d_mean).transpose();
    *d_stddev = (share * term_d_stddev).transpose();
  }
  return largest + std::log(total);
}

}  // namespace gfo::mo
