#include "gfo/gp/cholesky.hpp"

#include <cmath>

namespace gfo::gp {

JitteredCholesky cholesky_with_jitter(const Eigen::MatrixXd& matrix) {
  JitteredCholesky result;
  if (!matrix.allFinite()) throw NumericalError("Cholesky: the matrix has non-finite entries");
  result.factor.compute(matrix);
  if (result.factor.info() == Eigen::Success) return result;

  const double scale = std::max(matrix.diagonal().cwiseAbs().mean(), 1e-300);
  for (double jitter = 1e-10 * scale; jitter <= scale; jitter *= 10.0) {
    Eigen::MatrixXd jittered = matrix;
    jittered.diagonal().array() += jitter;
    result.factor.compute(jittered);
    if (result.factor.info() == Eigen::Success) {
      result.jitter = jitter;
      return result;
    }
  }
  throw NumericalError("Cholesky: the matrix is not positive definite even with jitter");
}

}  // namespace gfo::gp
