#pragma once
// Acquisition functions on a GP of a minimized, standardized objective. Larger is better.
//   logei: log expected improvement (Ament et al., NeurIPS 2023), finite where EI underflows;
//   ei:    expected improvement;
//   ucb:   the negated lower confidence bound -(mu - beta sigma), optimistic for minimization.

#include <Eigen/Core>
#include <vector>

#include "gfo/gp/gaussian_process.hpp"

namespace gfo::gp {

enum class AcquisitionType { kLogEI, kEI, kUCB };

struct ScoredRow {
  Eigen::Index row = 0;
  double value = 0.0;
};

// What the acquisition optimizer maximizes.
class AcquisitionFunction {
 public:
  virtual ~AcquisitionFunction() = default;
  // Values at every row of `points`.
  virtual Eigen::VectorXd evaluate(const Eigen::MatrixXd& points) const = 0;
  // Value at one point, and its gradient with respect to the point.
  virtual double evaluate_with_gradient(const Eigen::VectorXd& point, Eigen::VectorXd& gradient) const = 0;
  // The `count` rows of `points` with the largest values, largest first (ties: lower row first).
  // By default every row is evaluated; a subclass may skip rows it can prove are not among them.
  virtual std::vector<ScoredRow> best_rows(const Eigen::MatrixXd& points, Eigen::Index count) const;
};

// An acquisition that is a function of one GP's posterior mean and standard deviation at the
// point; subclasses give that function and its two derivatives.
class PosteriorAcquisition : public AcquisitionFunction {
 public:
  // `gp` must outlive this object.
  explicit PosteriorAcquisition(const GaussianProcess& gp) : gp_(gp) {}

  Eigen::VectorXd evaluate(const Eigen::MatrixXd& points) const final;
  double evaluate_with_gradient(const Eigen::VectorXd& point, Eigen::VectorXd& gradient) const final;
  // With many training points and an acquisition that grows with the standard deviation, rows
  // are screened first by an upper bound (the exact mean with the variance given only the first
  // training points) and evaluated exactly only while their bound can still beat the count-th
  // best exact value: the same rows and values as evaluating all.
  std::vector<ScoredRow> best_rows(const Eigen::MatrixXd& points, Eigen::Index count) const final;

  // The value and, where the pointers are given, its derivatives with respect to the posterior
  // mean and standard deviation.
  virtual double from_posterior(double mean, double stddev, double* d_mean, double* d_stddev) const = 0;
  // Whether from_posterior never decreases when the standard deviation grows.
  virtual bool grows_with_stddev() const { return false; }

 private:
  const GaussianProcess& gp_;
};

class SingleObjectiveAcquisition : public PosteriorAcquisition {
 public:
  SingleObjectiveAcquisition(const GaussianProcess& gp, AcquisitionType type, double incumbent, double ucb_beta = 2.0);

  double from_posterior(double mean, double stddev, double* d_mean, double* d_stddev) const override;
  bool grows_with_stddev() const override { return type_ != AcquisitionType::kUCB || ucb_beta_ >= 0.0; }

 private:
  AcquisitionType type_;
  double incumbent_;
  double ucb_beta_;
};

}  // namespace gfo::gp
