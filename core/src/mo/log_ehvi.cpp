#include "gfo/mo/log_ehvi.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

#include "gfo/common/normal.hpp"

namespace gfo::mo {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// log(1 - exp(a)) for a <= 0, accurate for a near 0 and far below it.
double log1mexp(double a) { return a > -0.6931471805599453 ? std::log(-std::expm1(a)) : std::log1p(-std::exp(a)); }

}  // namespace

double log_expected_box_gain(double lower, double upper, double mean, double stddev, double* d_mean, double* d_stddev) {
  const double z_upper = (upper - mean) / stddev;
  const double log_h_upper = log_h(z_upper);
  const bool bounded_below = lower > -kInfinity;
  const double z_lower = bounded_below ? (lower - mean) / stddev : -kInfinity;
  // log(h(z_u) - h(z_l)), h increasing.
  const double log_difference =
      bounded_below ? log_h_upper + log1mexp(std::min(log_h(z_lower) - log_h_upper, -1e-300)) : log_h_upper;
  if (d_mean != nullptr || d_stddev != nullptr) {
    // d log D / d z_u = Phi(z_u) / D, d log D / d z_l = -Phi(z_l) / D, formed in log space.
    const double d_upper = std::exp(normal_log_cdf(z_upper) - log_difference);
    const double d_lower = bounded_below ? -std::exp(normal_log_cdf(z_lower) - log_difference) : 0.0;
    const double lower_term = bounded_below ? z_lower * d_lower : 0.0;
    if (d_mean != nullptr) *d_mean = -(d_upper + d_lower) / stddev;
    if (d_stddev != nullptr) *d_stddev = (1.0 - z_upper * d_upper - lower_term) / stddev;
  }
  return std::log(stddev) + log_difference;
}

LogEHVI::LogEHVI(std::vector<const gp::GaussianProcess*> objectives) : objectives_(std::move(objectives)) {
  if (objectives_.empty()) throw std::invalid_argument("LogEHVI: at least one objective is needed");
}

ExactLogEHVI::ExactLogEHVI(std::vector<const gp::GaussianProcess*> objectives, BoxDecomposition boxes)
    : LogEHVI(std::move(objectives)), boxes_(std::move(boxes)) {
  if (boxes_.intervals.size() != n_objectives() || boxes_.boxes.cols() != static_cast<Eigen::Index>(n_objectives()))
    throw std::invalid_argument("ExactLogEHVI: the boxes and the objectives disagree");
}

double ExactLogEHVI::from_posteriors(const Eigen::VectorXd& mean, const Eigen::VectorXd& stddev,
                                     Eigen::VectorXd* d_mean, Eigen::VectorXd* d_stddev) const {
  const size_t m = n_objectives();
  const bool with_gradient = d_mean != nullptr && d_stddev != nullptr;
  // Each interval's log gain once: boxes share intervals.
  std::vector<Eigen::VectorXd> gain(m), gain_d_mean(m), gain_d_stddev(m);
  for (size_t j = 0; j < m; ++j) {
    const Eigen::MatrixXd& intervals = boxes_.intervals[j];
    gain[j].resize(intervals.rows());
    gain_d_mean[j].resize(intervals.rows());
    gain_d_stddev[j].resize(intervals.rows());
    for (Eigen::Index k = 0; k < intervals.rows(); ++k) {
      const auto jj = static_cast<Eigen::Index>(j);
      gain[j](k) = log_expected_box_gain(intervals(k, 0), intervals(k, 1), mean(jj), stddev(jj),
                                         with_gradient ? &gain_d_mean[j](k) : nullptr,
                                         with_gradient ? &gain_d_stddev[j](k) : nullptr);
    }
  }
  const Eigen::Index n_boxes = boxes_.boxes.rows();
  Eigen::VectorXd log_box(n_boxes);
  for (Eigen::Index b = 0; b < n_boxes; ++b) {
    double sum = 0.0;
    for (size_t j = 0; j < m; ++j) sum += gain[j](boxes_.boxes(b, static_cast<Eigen::Index>(j)));
    log_box(b) = sum;
  }
  const double largest = n_boxes > 0 ? log_box.maxCoeff() : -kInfinity;
  if (!std::isfinite(largest)) {
    if (with_gradient) {
      d_mean->setZero(static_cast<Eigen::Index>(m));
      d_stddev->setZero(static_cast<Eigen::Index>(m));
    }
    return -kInfinity;
  }
  const Eigen::VectorXd weights = (log_box.array() - largest).exp().matrix();
  const double total = weights.sum();
  if (with_gradient) {
    // d log sum exp = sum of softmax weight times d log box.
    d_mean->setZero(static_cast<Eigen::Index>(m));
    d_stddev->setZero(static_cast<Eigen::Index>(m));
    for (Eigen::Index b = 0; b < n_boxes; ++b) {
      const double weight = weights(b) / total;
      for (size_t j = 0; j < m; ++j) {
        const auto jj = static_cast<Eigen::Index>(j);
        (*d_mean)(jj) += weight * gain_d_mean[j](boxes_.boxes(b, jj));
        (*d_stddev)(jj) += weight * gain_d_stddev[j](boxes_.boxes(b, jj));
      }
    }
  }
  return largest + std::log(total);
}

Eigen::VectorXd LogEHVI::evaluate(const Eigen::MatrixXd& points) const {
  const size_t m = objectives_.size();
  Eigen::MatrixXd means(points.rows(), static_cast<Eigen::Index>(m));
  Eigen::MatrixXd stddevs(points.rows(), static_cast<Eigen::Index>(m));
  for (size_t j = 0; j < m; ++j) {
    Eigen::VectorXd mean;
    Eigen::VectorXd variance;
    objectives_[j]->predict(points, mean, variance);
    means.col(static_cast<Eigen::Index>(j)) = mean;
    stddevs.col(static_cast<Eigen::Index>(j)) = variance.array().sqrt().matrix();
  }
  Eigen::VectorXd values(points.rows());
  for (Eigen::Index i = 0; i < points.rows(); ++i)
    values(i) = from_posteriors(means.row(i).transpose(), stddevs.row(i).transpose(), nullptr, nullptr);
  return values;
}

double LogEHVI::evaluate_with_gradient(const Eigen::VectorXd& point, Eigen::VectorXd& gradient) const {
  const size_t m = objectives_.size();
  std::vector<gp::PointPosterior> posteriors;
  Eigen::VectorXd mean(static_cast<Eigen::Index>(m));
  Eigen::VectorXd stddev(static_cast<Eigen::Index>(m));
  for (size_t j = 0; j < m; ++j) {
    posteriors.push_back(objectives_[j]->predict_with_gradient(point));
    mean(static_cast<Eigen::Index>(j)) = posteriors.back().mean;
    stddev(static_cast<Eigen::Index>(j)) = std::sqrt(posteriors.back().variance);
  }
  Eigen::VectorXd d_mean;
  Eigen::VectorXd d_stddev;
  const double value = from_posteriors(mean, stddev, &d_mean, &d_stddev);
  gradient = Eigen::VectorXd::Zero(point.size());
  for (size_t j = 0; j < m; ++j) {
    const auto jj = static_cast<Eigen::Index>(j);
    gradient += d_mean(jj) * posteriors[j].mean_gradient +
                (d_stddev(jj) / (2.0 * stddev(jj))) * posteriors[j].variance_gradient;
  }
  return value;
}

}  // namespace gfo::mo
