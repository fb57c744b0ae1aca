#pragma once

#include <Eigen/Cholesky>
#include <Eigen/Core>

#include "gfo/common/errors.hpp"

namespace gfo::gp {

struct JitteredCholesky {
  Eigen::LLT<Eigen::MatrixXd> factor;
  double jitter = 0.0;  // added to the diagonal to make the factorization succeed
};

// Cholesky factor of a symmetric matrix. When the matrix is not numerically positive definite,
// retries with a diagonal jitter growing tenfold from 1e-10 times the mean diagonal; throws
// NumericalError when even a jitter as large as the mean diagonal fails.
JitteredCholesky cholesky_with_jitter(const Eigen::MatrixXd& matrix);

}  // namespace gfo::gp
