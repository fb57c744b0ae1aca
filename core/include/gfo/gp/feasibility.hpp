#pragma once
// Constraints as acquisition terms: the log probability that a GP-modelled constraint value is at
// most its threshold, and the sum of log-space terms (log EI or log EHVI plus one log probability
// of feasibility per constraint: the product of improvement and feasibility probabilities, with
// the constraints taken as independent).

#include <Eigen/Core>
#include <memory>
#include <vector>

#include "gfo/gp/acquisition.hpp"
#include "gfo/gp/gaussian_process.hpp"

namespace gfo {

class LogProbabilityOfFeasibility : public PosteriorAcquisition {
 public:
  // log P(c(x) <= threshold); `constraint` must outlive this object.
  LogProbabilityOfFeasibility(const GaussianProcess& constraint, double threshold);

  double from_posterior(double mean, double stddev, double* d_mean, double* d_stddev) const override;

 private:
  double threshold_;
};

class AcquisitionSum : public AcquisitionFunction {
 public:
  explicit AcquisitionSum(std::vector<std::unique_ptr<AcquisitionFunction>> terms);

  Eigen::VectorXd evaluate(const Eigen::MatrixXd& points) const override;
  double evaluate_with_gradient(const Eigen::VectorXd& point, Eigen::VectorXd& gradient) const override;

 private:
  std::vector<std::unique_ptr<AcquisitionFunction>> terms_;
};

}  // namespace gfo
