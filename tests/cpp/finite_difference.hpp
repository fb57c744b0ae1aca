#pragma once
// Central finite differences shared by the gradient tests.

#include <Eigen/Core>
#include <functional>

namespace gfo_test {

// Gradient of f at x by central differences with step h in every coordinate.
inline Eigen::VectorXd central_difference(const std::function<double(const Eigen::VectorXd&)>& f,
                                          const Eigen::VectorXd& x, double h = 1e-6) {
  Eigen::VectorXd gradient(x.size());
  for (Eigen::Index j = 0; j < x.size(); ++j) {
    Eigen::VectorXd plus = x;
    Eigen::VectorXd minus = x;
    plus(j) += h;
    minus(j) -= h;
    gradient(j) = (f(plus) - f(minus)) / (2.0 * h);
  }
  return gradient;
}

}  // namespace gfo_test
