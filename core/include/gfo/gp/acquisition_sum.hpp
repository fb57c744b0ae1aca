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
  // A single term's own best_rows, which may screen rows (PosteriorAcquisition); else every row
  // is evaluated.
  std::vector<ScoredRow> best_rows(const Eigen::MatrixXd& points, Eigen::Index count) const override;

 private:
  std::vector<std::unique_ptr<AcquisitionFunction>> terms_;
};

}  // namespace gfo::gp
