#include "gfo/ga/dominance.hpp"

#include <algorithm>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "gfo/common/targets.hpp"

namespace gfo::ga {
namespace {

bool constrained_dominates(const Eigen::MatrixXd& objectives, const Eigen::VectorXd& violations, Eigen::Index a,
                           Eigen::Index b) {
  const bool a_feasible = violations(a) == 0.0;
  const bool b_feasible = violations(b) == 0.0;
  if (a_feasible != b_feasible) return a_feasible;
  if (!a_feasible) return violations(a) < violations(b);
  return (objectives.row(a).array() <= objectives.row(b).array()).all() &&
         (objectives.row(a).array() < objectives.row(b).array()).any();
}

void validate(const Eigen::MatrixXd& objectives, const Eigen::VectorXd& violations) {
  if (objectives.cols() < 1) throw std::invalid_argument("objectives: at least one column is needed");
  if (violations.size() != objectives.rows())
    throw std::invalid_argument("violations: expected one per row of objectives");
  if (objectives.array().isNaN().any()) throw std::invalid_argument("objectives: NaN is not allowed");
  if (violations.array().isNaN().any() || (violations.array() < 0.0).any())
    throw std::invalid_argument("violations: must be >= 0 (0 when feasible) and not NaN");
}

}  // namespace

std::vector<int> constrained_fronts(const Eigen::MatrixXd& objectives, const Eigen::VectorXd& violations) {
  validate(objectives, violations);
  const Eigen::Index n = objectives.rows();
  // Fast non-dominated sorting: how many dominate each row, and whom each row dominates.
  std::vector<int> dominated_by_count(static_cast<size_t>(n), 0);
  std::vector<std::vector<Eigen::Index>> dominates(static_cast<size_t>(n));
  for (Eigen::Index a = 0; a < n; ++a) {
    for (Eigen::Index b = a + 1; b < n; ++b) {
      if (constrained_dominates(objectives, violations, a, b)) {
        dominates[static_cast<size_t>(a)].push_back(b);
        ++dominated_by_count[static_cast<size_t>(b)];
      } else if (constrained_dominates(objectives, violations, b, a)) {
        dominates[static_cast<size_t>(b)].push_back(a);
        ++dominated_by_count[static_cast<size_t>(a)];
      }
    }
  }
  std::vector<int> front(static_cast<size_t>(n), -1);
  std::vector<Eigen::Index> current;
  for (Eigen::Index i = 0; i < n; ++i)
    if (dominated_by_count[static_cast<size_t>(i)] == 0) current.push_back(i);
  for (int level = 0; !current.empty(); ++level) {
    std::vector<Eigen::Index> next;
    for (const Eigen::Index a : current) {
      front[static_cast<size_t>(a)] = level;
      for (const Eigen::Index b : dominates[static_cast<size_t>(a)])
        if (--dominated_by_count[static_cast<size_t>(b)] == 0) next.push_back(b);
    }
    current = std::move(next);
  }
  return front;
}

Eigen::VectorXd crowding_distances(const Eigen::MatrixXd& objectives, const std::vector<Eigen::Index>& members) {
  const auto size = static_cast<Eigen::Index>(members.size());
  Eigen::VectorXd distance = Eigen::VectorXd::Zero(size);
  if (size == 0) return distance;
  Eigen::MatrixXd values(size, objectives.cols());
  for (Eigen::Index k = 0; k < size; ++k) values.row(k) = objectives.row(members[static_cast<size_t>(k)]);
  constexpr double kInfinity = std::numeric_limits<double>::infinity();
  std::vector<Eigen::Index> order(static_cast<size_t>(size));
  for (Eigen::Index j = 0; j < values.cols(); ++j) {
    const Eigen::VectorXd column = clip_infinite(values.col(j), "objectives");
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) { return column(a) < column(b); });
    distance(order.front()) = kInfinity;
    distance(order.back()) = kInfinity;
    const double range = column(order.back()) - column(order.front());
    if (!(range > 0.0)) continue;
    for (size_t k = 1; k + 1 < order.size(); ++k)
      distance(order[k]) += (column(order[k + 1]) - column(order[k - 1])) / range;
  }
  return distance;
}

Eigen::VectorXd survival_ranks(const Eigen::MatrixXd& objectives, const Eigen::VectorXd& violations) {
  const std::vector<int> front = constrained_fronts(objectives, violations);
  const Eigen::Index n = objectives.rows();
  Eigen::VectorXd crowding(n);
  const int n_fronts = n == 0 ? 0 : *std::max_element(front.begin(), front.end()) + 1;
  std::vector<std::vector<Eigen::Index>> members(static_cast<size_t>(n_fronts));
  for (Eigen::Index i = 0; i < n; ++i) members[static_cast<size_t>(front[static_cast<size_t>(i)])].push_back(i);
  for (const auto& group : members) {
    const Eigen::VectorXd distances = crowding_distances(objectives, group);
    for (size_t k = 0; k < group.size(); ++k) crowding(group[k]) = distances(static_cast<Eigen::Index>(k));
  }
  std::vector<Eigen::Index> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) {
    if (front[static_cast<size_t>(a)] != front[static_cast<size_t>(b)])
      return front[static_cast<size_t>(a)] < front[static_cast<size_t>(b)];
    return crowding(a) > crowding(b);
  });
  Eigen::VectorXd ranks(n);
  for (size_t position = 0; position < order.size(); ++position) ranks(order[position]) = static_cast<double>(position);
  return ranks;
}

}  // namespace gfo::ga
