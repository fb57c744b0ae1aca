// Links the installed gfo_core and calls into it: Sobol points (Eigen, Boost.Random) and a
// bound-constrained minimization (NLopt), so every dependency the package config re-finds is used.
#include <cmath>
#include <cstdlib>
#include <iostream>

#include "gfo/common/lbfgs.hpp"
#include "gfo/common/sobol.hpp"

int main() {
  const gfo::ShiftedSobol sobol(2, 7);
  const Eigen::MatrixXd points = sobol.points(0, 16);
  if (points.minCoeff() < 0.0 || points.maxCoeff() >= 1.0) {
    std::cerr << "Sobol points outside the unit square\n";
    return EXIT_FAILURE;
  }
  // (x - 0.3)^2 + (y - 2)^2 on [0, 1]^2: the minimum sits on the bound y = 1.
  const auto function = [](const Eigen::VectorXd& x, Eigen::VectorXd& gradient) {
    gradient = 2.0 * (x - Eigen::Vector2d(0.3, 2.0));
    return (x - Eigen::Vector2d(0.3, 2.0)).squaredNorm();
  };
  const gfo::MinimizeResult result = gfo::minimize_in_box(function, points.row(3).transpose(), Eigen::Vector2d::Zero(),
                                                          Eigen::Vector2d::Ones(), 100, 1e-12);
  if (std::abs(result.x(0) - 0.3) > 1e-6 || std::abs(result.x(1) - 1.0) > 1e-9) {
    std::cerr << "minimize_in_box returned " << result.x.transpose() << ", not (0.3, 1)\n";
    return EXIT_FAILURE;
  }
  std::cout << "gfo_core from the installed package: minimum at " << result.x.transpose() << '\n';
}
