#include "gfo/gp/gram_factor.hpp"

#include <Eigen/Cholesky>
#include <utility>

#include "gfo/common/errors.hpp"
#include "gfo/gp/cholesky.hpp"

namespace gfo::gp {

GramFactor::GramFactor(const Kernel& kernel, Eigen::MatrixXd x, GPHyperparameters hyperparameters)
    : kernel_type_(kernel.type()),
      inputs_(std::make_shared<const Eigen::MatrixXd>(std::move(x))),
      hyperparameters_(std::move(hyperparameters)) {
  Eigen::MatrixXd gram = kernel.covariance(*inputs_, *inputs_, hyperparameters_.kernel);
  gram.diagonal().array() += hyperparameters_.noise_variance;
  const JitteredCholesky cholesky = cholesky_with_jitter(gram);
  lower_ = std::make_shared<const Eigen::MatrixXd>(cholesky.factor.matrixL());
  jitter_ = cholesky.jitter;
}

GramFactor GramFactor::extended(const Kernel& kernel, const Eigen::MatrixXd& more) const {
  const Eigen::Index n = inputs_->rows();
  const Eigen::Index m = more.rows();
  GramFactor result;
  result.kernel_type_ = kernel_type_;
  result.hyperparameters_ = hyperparameters_;
  result.jitter_ = jitter_;
  Eigen::MatrixXd inputs(n + m, inputs_->cols());
  inputs << *inputs_, more;
  result.inputs_ = std::make_shared<const Eigen::MatrixXd>(std::move(inputs));
  // [K11 K12; K21 K22] = [L11 0; L21 L22] [L11 0; L21 L22]^T: L21 = K21 L11^-T, and L22 the
  // factor of the Schur complement K22 - L21 L21^T.
  const Eigen::MatrixXd cross = kernel.covariance(*inputs_, more, hyperparameters_.kernel);             // n x m
  const Eigen::MatrixXd lower_cross = lower_->triangularView<Eigen::Lower>().solve(cross).transpose();  // m x n
  Eigen::MatrixXd schur = kernel.covariance(more, more, hyperparameters_.kernel);
  schur.diagonal().array() += hyperparameters_.noise_variance + jitter_;
  schur.noalias() -= lower_cross * lower_cross.transpose();
  const Eigen::LLT<Eigen::MatrixXd> block(schur);
  if (block.info() != Eigen::Success) throw NumericalError("GramFactor: the new rows' block is not positive definite");
  Eigen::MatrixXd lower(n + m, n + m);
  lower.topLeftCorner(n, n) = *lower_;
  lower.topRightCorner(n, m).setZero();
  lower.bottomLeftCorner(m, n) = lower_cross;
  lower.bottomRightCorner(m, m) = block.matrixL();
  result.lower_ = std::make_shared<const Eigen::MatrixXd>(std::move(lower));
  return result;
}

bool GramFactor::is_prefix_of(const Kernel& kernel, const Eigen::MatrixXd& x,
                              const GPHyperparameters& hyperparameters) const {
  return kernel.type() == kernel_type_ && x.cols() == inputs_->cols() && x.rows() >= inputs_->rows() &&
         hyperparameters.noise_variance == hyperparameters_.noise_variance &&
         hyperparameters.kernel.signal_variance == hyperparameters_.kernel.signal_variance &&
         hyperparameters.kernel.lengthscales == hyperparameters_.kernel.lengthscales &&
         x.topRows(inputs_->rows()) == *inputs_;
}

Eigen::MatrixXd GramFactor::solve(const Eigen::MatrixXd& b) const {
  const Eigen::MatrixXd half = lower_->triangularView<Eigen::Lower>().solve(b);
  return lower_->transpose().triangularView<Eigen::Upper>().solve(half);
}

Eigen::VectorXd GramFactor::solve_vector(const Eigen::VectorXd& b) const {
  Eigen::VectorXd x = b;
  lower_->triangularView<Eigen::Lower>().solveInPlace(x);
  lower_->triangularView<Eigen::Lower>().transpose().solveInPlace(x);
  return x;
}

}  // namespace gfo::gp
