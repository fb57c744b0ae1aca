#include "gfo/gp/acquisition_sum.hpp"

#include <stdexcept>
#include <utility>

namespace gfo::gp {

AcquisitionSum::AcquisitionSum(std::vector<std::unique_ptr<AcquisitionFunction>> terms) : terms_(std::move(terms)) {
  if (terms_.empty()) throw std::invalid_argument("AcquisitionSum: at least one term is needed");
}

Eigen::VectorXd AcquisitionSum::evaluate(const Eigen::MatrixXd& points) const {
  Eigen::VectorXd values = terms_.front()->evaluate(points);
  for (size_t k = 1; k < terms_.size(); ++k) values += terms_[k]->evaluate(points);
  return values;
}

double AcquisitionSum::evaluate_with_gradient(const Eigen::VectorXd& point, Eigen::VectorXd& gradient) const {
  double value = terms_.front()->evaluate_with_gradient(point, gradient);
  Eigen::VectorXd term_gradient;
  for (size_t k = 1; k < terms_.size(); ++k) {
    value += terms_[k]->evaluate_with_gradient(point, term_gradient);
    gradient += term_gradient;
  }
  return value;
}

std::vector<ScoredRow> AcquisitionSum::best_rows(const Eigen::MatrixXd& points, Eigen::Index count) const {
  if (terms_.size() == 1) return terms_.front()->best_rows(points, count);
  return AcquisitionFunction::best_rows(points, count);
}

}  // namespace gfo::gp
