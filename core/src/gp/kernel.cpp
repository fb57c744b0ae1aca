#include "gfo/gp/kernel.hpp"

#include <cmath>
#include <stdexcept>
#include <vector>

namespace gfo::gp {
namespace {
const double kSqrt5 = std::sqrt(5.0);
}

double kernel_profile(KernelType type, double r2) {
  if (type == KernelType::kSquaredExponential) return std::exp(-0.5 * r2);
  const double r = std::sqrt(r2);
  return (1.0 + kSqrt5 * r + 5.0 / 3.0 * r2) * std::exp(-kSqrt5 * r);
}

double kernel_profile_derivative(KernelType type, double r2) {
  if (type == KernelType::kSquaredExponential) return -0.5 * std::exp(-0.5 * r2);
  // d/dr of the Matern 5/2 profile is -(5/3) r (1 + sqrt5 r) exp(-sqrt5 r); divided by 2r.
  const double r = std::sqrt(r2);
  return -5.0 / 6.0 * (1.0 + kSqrt5 * r) * std::exp(-kSqrt5 * r);
}

Eigen::MatrixXd kernel_profile(KernelType type, const Eigen::MatrixXd& r2, Eigen::MatrixXd* derivative) {
  if (type == KernelType::kSquaredExponential) {
    Eigen::MatrixXd value = (-0.5 * r2.array()).exp().matrix();
    if (derivative != nullptr) *derivative = -0.5 * value;
    return value;
  }
  const Eigen::ArrayXXd r = r2.array().sqrt();
  const Eigen::ArrayXXd decay = (-kSqrt5 * r).exp();
  if (derivative != nullptr) *derivative = (-5.0 / 6.0 * (1.0 + kSqrt5 * r) * decay).matrix();
  return ((1.0 + kSqrt5 * r + 5.0 / 3.0 * r2.array()) * decay).matrix();
}

Kernel::Kernel(KernelType type, std::vector<bool> categorical_mask)
    : type_(type), categorical_(std::move(categorical_mask)) {}

Eigen::MatrixXd Kernel::dimension_distance(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, Eigen::Index j) const {
  Eigen::MatrixXd out(a.rows(), b.rows());
  // Column by column: contiguous, vectorized, and exact (no |a|^2 + |b|^2 - 2ab cancellation).
  for (Eigen::Index c = 0; c < b.rows(); ++c) {
    const auto diff = a.col(j).array() - b(c, j);
    if (is_categorical(j))
      out.col(c) = (diff.abs() > 0.5).cast<double>().matrix();
    else
      out.col(c) = diff.square().matrix();
  }
  return out;
}

Eigen::MatrixXd Kernel::squared_distance(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b,
                                         const Eigen::VectorXd& lengthscales) const {
  if (a.cols() != dimension() || b.cols() != dimension() || lengthscales.size() != dimension())
    throw std::invalid_argument("Kernel: points and length scales must match the kernel's dimension");
  const Eigen::ArrayXd inverse = lengthscales.array().inverse();
  // Continuous dimensions: |a|^2 + |b|^2 - 2 a b^T on the scaled points, one matrix product
  // (measured 5-10x faster than summing per dimension at n = 1000). Its cancellation error is
  // ~1e-16 of the squared norms, far below anything the kernel resolves; negatives are clipped.
  std::vector<Eigen::Index> continuous;
  for (Eigen::Index j = 0; j < dimension(); ++j)
    if (!is_categorical(j)) continuous.push_back(j);
  Eigen::MatrixXd scaled_a(a.rows(), static_cast<Eigen::Index>(continuous.size()));
  Eigen::MatrixXd scaled_b(b.rows(), static_cast<Eigen::Index>(continuous.size()));
  for (size_t k = 0; k < continuous.size(); ++k) {
    scaled_a.col(static_cast<Eigen::Index>(k)) = a.col(continuous[k]) * inverse(continuous[k]);
    scaled_b.col(static_cast<Eigen::Index>(k)) = b.col(continuous[k]) * inverse(continuous[k]);
  }
  Eigen::MatrixXd r2 = -2.0 * scaled_a * scaled_b.transpose();
  r2.colwise() += scaled_a.rowwise().squaredNorm();
  r2.rowwise() += scaled_b.rowwise().squaredNorm().transpose();
  r2 = r2.cwiseMax(0.0);
  if (&a == &b) {  // a Gram matrix: exactly symmetric with a zero diagonal
    r2 = 0.5 * (r2 + r2.transpose()).eval();
    r2.diagonal().setZero();
  }
  for (Eigen::Index j = 0; j < dimension(); ++j) {
    if (!is_categorical(j)) continue;
    const double weight = inverse(j) * inverse(j);
    for (Eigen::Index c = 0; c < b.rows(); ++c)
      r2.col(c).array() += weight * ((a.col(j).array() - b(c, j)).abs() > 0.5).cast<double>();
  }
  return r2;
}

Eigen::MatrixXd Kernel::covariance(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b,
                                   const KernelParameters& parameters) const {
  return parameters.signal_variance * kernel_profile(type_, squared_distance(a, b, parameters.lengthscales), nullptr);
}

Eigen::VectorXd Kernel::covariance_with_gradient(const Eigen::VectorXd& x, const Eigen::MatrixXd& b,
                                                 const KernelParameters& parameters, Eigen::MatrixXd& gradient) const {
  // b against the point (not the point against b): the distance loop then runs down b's
  // contiguous columns.
  Eigen::MatrixXd dk_dr2;
  Eigen::VectorXd k = parameters.signal_variance *
                      kernel_profile(type_, squared_distance(b, x.transpose(), parameters.lengthscales), &dk_dr2);
  dk_dr2 *= parameters.signal_variance;
  gradient.setZero(b.rows(), dimension());
  for (Eigen::Index j = 0; j < dimension(); ++j) {
    if (is_categorical(j)) continue;
    const double inverse_sq = 1.0 / (parameters.lengthscales(j) * parameters.lengthscales(j));
    gradient.col(j) = dk_dr2.col(0).cwiseProduct((x(j) - b.col(j).array()).matrix()) * (2.0 * inverse_sq);
  }
  return k;
}

}  // namespace gfo::gp
