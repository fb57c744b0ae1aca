#pragma once
// The sum of acquisition terms, each in log space: log EI or log EHVI plus one log probability of
// feasibility per constraint is the log of their product.

#include <Eigen/Core>
#include <memory>
#include <vector>

#include "gfo/gp/acquisition.hpp"

namespace gfo::gp {

class AcquisitionSum : public AcquisitionFunction {
 public:
  explicit AcquisitionSum(std::vector<std::unique_ptr<AcquisitionFunction>> terms);

  Eigen::VectorXd evaluate(const Eigen::MatrixXd& points) const override;
  double evaluate_with_gradient(const Eigen::VectorXd& point, Eigen::VectorXd& gradient) const override;

 private:
  std::vector<std::unique_ptr<AcquisitionFunction>> terms_;
};

}  // namespace gfo::gp
