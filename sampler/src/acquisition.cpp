#include "gfo/acquisition.hpp"

#include <cmath>

#include "gfo/normal.hpp"

namespace gfo {

Acquisition::Acquisition(const GaussianProcess& gp, AcquisitionType type, double incumbent, double ucb_beta)
    : PosteriorAcquisition(gp), type_(type), incumbent_(incumbent), ucb_beta_(ucb_beta) {}

double Acquisition::from_posterior(double mean, double stddev, double* d_mean, double* d_stddev) const {
  if (type_ == AcquisitionType::kUCB) {
    if (d_mean != nullptr) *d_mean = -1.0;
    if (d_stddev != nullptr) *d_stddev = ucb_beta_;
    return -(mean - ucb_beta_ * stddev);
  }
  // Minimization: EI = sigma h(z), z = (incumbent - mu) / sigma, dEI/dmu = -Phi(z), dEI/dsigma = phi(z).
  const double z = (incumbent_ - mean) / stddev;
  const double log_ei = std::log(stddev) + log_h(z);
  if (type_ == AcquisitionType::kLogEI) {
    // d log EI = dEI / EI, with the ratios formed in log space.
    if (d_mean != nullptr) *d_mean = -std::exp(normal_log_cdf(z) - log_ei);
    if (d_stddev != nullptr) *d_stddev = std::exp(normal_log_pdf(z) - log_ei);
    return log_ei;
  }
  if (d_mean != nullptr) *d_mean = -normal_cdf(z);
  if (d_stddev != nullptr) *d_stddev = std::exp(normal_log_pdf(z));
  return std::exp(log_ei);
}

Eigen::VectorXd PosteriorAcquisition::evaluate(const Eigen::MatrixXd& points) const {
  Eigen::VectorXd mean;
  Eigen::VectorXd variance;
  gp_.predict(points, mean, variance);
  Eigen::VectorXd values(points.rows());
  for (Eigen::Index i = 0; i < points.rows(); ++i)
    values(i) = from_posterior(mean(i), std::sqrt(variance(i)), nullptr, nullptr);
  return values;
}

double PosteriorAcquisition::evaluate_with_gradient(const Eigen::VectorXd& point, Eigen::VectorXd& gradient) const {
  const PointPosterior posterior = gp_.predict_with_gradient(point);
  const double stddev = std::sqrt(posterior.variance);
  double d_mean = 0.0;
  double d_stddev = 0.0;
  const double value = from_posterior(posterior.mean, stddev, &d_mean, &d_stddev);
  gradient = d_mean * posterior.mean_gradient + (d_stddev / (2.0 * stddev)) * posterior.variance_gradient;
  return value;
}

}  // namespace gfo
