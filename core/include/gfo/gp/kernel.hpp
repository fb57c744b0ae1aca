#pragma once
// Stationary ARD kernels on the core's coordinates. Numeric dims contribute (x - y)^2 to the
// squared distance, categorical dims a Hamming term (0 when equal, 1 otherwise); each term is
// divided by the squared length scale of its dim.

#include <Eigen/Core>
#include <vector>

namespace gfo::gp {

enum class KernelType { kMatern52, kSquaredExponential };

// Kernel value with unit signal variance as a function of the squared scaled distance r2.
double kernel_profile(KernelType type, double r2);
// d kernel_profile / d r2 (finite at r2 = 0 for both kernels).
double kernel_profile_derivative(KernelType type, double r2);
// Element-wise profile (and, when `derivative` is given, its derivative) of a matrix of squared
// distances, vectorized: the hot loop of every fit and prediction.
Eigen::MatrixXd kernel_profile(KernelType type, const Eigen::MatrixXd& r2, Eigen::MatrixXd* derivative);

struct KernelParameters {
  Eigen::VectorXd lengthscales;
  double signal_variance = 1.0;
};

class Kernel {
 public:
  Kernel(KernelType type, std::vector<bool> categorical_mask);

  KernelType type() const { return type_; }
  Eigen::Index dimension() const { return static_cast<Eigen::Index>(categorical_.size()); }
  bool is_categorical(Eigen::Index j) const { return categorical_[static_cast<size_t>(j)]; }

  // Squared distance of every row of a to every row of b, per dim, unscaled:
  // (a_j - b_j)^2 or the Hamming term.
  Eigen::MatrixXd dimension_distance(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, Eigen::Index j) const;
  // Squared scaled distance of every row of a to every row of b.
  Eigen::MatrixXd squared_distance(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b,
                                   const Eigen::VectorXd& lengthscales) const;
  // Covariance of every row of a with every row of b (no noise term).
  Eigen::MatrixXd covariance(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b,
                             const KernelParameters& parameters) const;
  // Covariance of one point x with every row of b, and its gradient with respect to x
  // (row i of `gradient` is d k(x, b_i) / dx; zero on categorical dims).
  Eigen::VectorXd covariance_with_gradient(const Eigen::VectorXd& x, const Eigen::MatrixXd& b,
                                           const KernelParameters& parameters, Eigen::MatrixXd& gradient) const;

 private:
  KernelType type_;
  std::vector<bool> categorical_;
};

}  // namespace gfo::gp
