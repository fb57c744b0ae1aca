#pragma once
// Constraints as acquisition terms: the log probability that a GP-modelled constraint value is at
// most its threshold, added to log EI or log EHVI by AcquisitionSum (the product of improvement
// and feasibility probabilities, with the constraints taken as independent).

#include "gfo/gp/acquisition.hpp"
#include "gfo/gp/gaussian_process.hpp"

namespace gfo::gp {

class LogProbabilityOfFeasibility : public PosteriorAcquisition {
 public:
  // log P(c(x) <= threshold); `constraint` must outlive this object.
  LogProbabilityOfFeasibility(const GaussianProcess& constraint, double threshold);

  double from_posterior(double mean, double stddev, double* d_mean, double* d_stddev) const override;

 private:
  double threshold_;
};

}  // namespace gfo::gp
