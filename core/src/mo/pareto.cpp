#include "gfo/mo/pareto.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <utility>
#include <vector>

#include "gfo/mo/local_upper_bounds.hpp"

namespace gfo::mo {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

bool dominates(const Eigen::MatrixXd& values, Eigen::Index a, Eigen::Index b) {
  return (values.row(a).array() <= values.row(b).array()).all() &&
         (values.row(a).array() < values.row(b).array()).any();
}

// The rows of `points` strictly in front of `reference` in every objective.
Eigen::MatrixXd in_front(const Eigen::MatrixXd& points, const Eigen::VectorXd& reference) {
  std::vector<Eigen::Index> rows;
  for (Eigen::Index i = 0; i < points.rows(); ++i)
    if ((points.row(i).transpose().array() < reference.array()).all()) rows.push_back(i);
  return points(rows, Eigen::all);
}

void check_shapes(const Eigen::MatrixXd& points, const Eigen::VectorXd& reference) {
  if (reference.size() < 1) throw std::invalid_argument("reference: at least one objective is needed");
  if (points.cols() != reference.size())
    throw std::invalid_argument("points: expected one column per objective of reference");
  if (reference.hasNaN()) throw std::invalid_argument("reference: must not be NaN");
  if (points.hasNaN()) throw std::invalid_argument("points: must not be NaN");
}

// Box b of `lower`/`upper` (one box per row) as interval indices into per-objective tables of
// distinct intervals.
BoxDecomposition shared_intervals(const Eigen::MatrixXd& lower, const Eigen::MatrixXd& upper) {
  BoxDecomposition result;
  result.boxes.resize(lower.rows(), lower.cols());
  for (Eigen::Index j = 0; j < lower.cols(); ++j) {
    std::vector<std::pair<double, double>> distinct;
    for (Eigen::Index b = 0; b < lower.rows(); ++b) distinct.emplace_back(lower(b, j), upper(b, j));
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    Eigen::MatrixXd intervals(static_cast<Eigen::Index>(distinct.size()), 2);
    for (size_t k = 0; k < distinct.size(); ++k)
      intervals.row(static_cast<Eigen::Index>(k)) << distinct[k].first, distinct[k].second;
    result.intervals.push_back(std::move(intervals));
    for (Eigen::Index b = 0; b < lower.rows(); ++b) {
      const auto at = std::lower_bound(distinct.begin(), distinct.end(), std::make_pair(lower(b, j), upper(b, j)));
      result.boxes(b, j) = static_cast<int>(at - distinct.begin());
    }
  }
  return result;
}

}  // namespace

std::vector<Eigen::Index> pareto_front_indices(const Eigen::MatrixXd& values) {
  std::vector<Eigen::Index> front;
  for (Eigen::Index i = 0; i < values.rows(); ++i) {
    bool kept = true;
    for (Eigen::Index j = 0; j < values.rows() && kept; ++j) {
      if (j == i) continue;
      const bool equal_earlier = j < i && values.row(j) == values.row(i);
      kept = !dominates(values, j, i) && !equal_earlier;
    }
    if (kept) front.push_back(i);
  }
  return front;
}

std::optional<BoxDecomposition> non_dominated_boxes(const Eigen::MatrixXd& points, const Eigen::VectorXd& reference,
                                                    std::size_t max_boxes) {
  check_shapes(points, reference);
  if (!reference.allFinite()) throw std::invalid_argument("reference: must be finite");
  const Eigen::MatrixXd front = in_front(points, reference);
  if (!front.allFinite()) throw std::invalid_argument("points: the ones in front of reference must be finite");
  const Eigen::Index m = reference.size();
  const std::optional<LocalUpperBounds> bounds = local_upper_bounds(front, reference, max_boxes);
  if (!bounds) return std::nullopt;
  // The region is {z : z < u for some bound u}; negated, the region that the points -u dominate,
  // which Eq. (2) of Lacour et al. partitions through the local upper bounds of -U.
  Eigen::MatrixXd negated(static_cast<Eigen::Index>(bounds->size()), m);
  for (size_t i = 0; i < bounds->size(); ++i)
    for (Eigen::Index j = 0; j < m; ++j) negated(static_cast<Eigen::Index>(i), j) = -bounds->bound(i, j);
  const std::optional<LocalUpperBounds> cuts =
      local_upper_bounds(negated, Eigen::VectorXd::Constant(m, kInfinity), max_boxes);
  if (!cuts) return std::nullopt;
  // Cut w spans [w_0, +inf) in objective 0 and [max_{k<j} y^k_j(w), w_j) in objective j > 0 of
  // the negated space; negated back, (-inf, -w_0] and (-w_j, -max_{k<j} y^k_j(w)].
  Eigen::MatrixXd lower(static_cast<Eigen::Index>(cuts->size()), m);
  Eigen::MatrixXd upper(static_cast<Eigen::Index>(cuts->size()), m);
  Eigen::Index n_boxes = 0;
  for (size_t i = 0; i < cuts->size(); ++i) {
    bool empty = false;
    for (Eigen::Index j = 0; j < m && !empty; ++j) {
      double highest = -kInfinity;
      for (Eigen::Index k = 0; k < j; ++k) highest = std::max(highest, cuts->defining(i, k, j));
      lower(n_boxes, j) = j == 0 ? -kInfinity : -cuts->bound(i, j);
      upper(n_boxes, j) = j == 0 ? -cuts->bound(i, 0) : -highest;
      empty = !(lower(n_boxes, j) < upper(n_boxes, j));
    }
    if (!empty) ++n_boxes;
  }
  return shared_intervals(lower.topRows(n_boxes), upper.topRows(n_boxes));
}

double hypervolume(const Eigen::MatrixXd& points, const Eigen::VectorXd& reference) {
  check_shapes(points, reference);
  const Eigen::MatrixXd front = in_front(points, reference);
  if (front.rows() == 0) return 0.0;
  // A point at -inf in some objective, or a reference at +inf, dominates an unbounded region.
  if (!front.allFinite() || !reference.allFinite()) return kInfinity;
  return local_upper_bounds(front, reference, std::numeric_limits<std::size_t>::max())->dominated_volume();
}

}  // namespace gfo::mo
