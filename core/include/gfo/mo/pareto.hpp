#pragma once
// Pareto dominance (every objective minimized) and the decomposition of the region that a set of
// points does not dominate, below a reference point, into disjoint boxes: the ground on which
// hypervolume and its expected improvement are computed.

#include <Eigen/Core>
#include <cstddef>
#include <optional>
#include <vector>

namespace gfo::mo {

// Rows of `values` (one point per row, one objective per column) that no other row dominates.
// Of equal rows, only the first is kept.
std::vector<Eigen::Index> pareto_front_indices(const Eigen::MatrixXd& values);

// Disjoint boxes whose union is {z < reference : no point p of the front has p <= z}. Box b spans
// intervals[j].row(boxes(b, j)) = [lower, upper] in objective j (lower may be -inf). Many boxes
// share an interval, which lets EHVI evaluate each interval once.
struct BoxDecomposition {
  std::vector<Eigen::MatrixXd> intervals;  // per objective: one [lower, upper] per row
  Eigen::MatrixXi boxes;                   // one box per row: an interval index per objective
};

// Exact decomposition from the local upper bounds U of the points strictly in front of
// `reference` (see local_upper_bounds.hpp): the union of (-inf, u) over U is the region, and the
// dominated-region partition of Lacour et al. (2017, Eq. 2) applied to the points -U, with the
// reference at +inf, cuts it into disjoint boxes, as Optuna's GPSampler does. Far fewer than the
// (p + 1)^(m - 1) cells of the grid of p points' coordinates in m objectives: 6,374 boxes against
// 2.7e7 for 300 points in 4 objectives (benchmarks/box_decomposition_benchmark.py). Nothing when
// either step would hold more than `max_boxes` bounds.
// Throws std::invalid_argument on a reference that is not finite or a point in front of it that
// is not.
std::optional<BoxDecomposition> non_dominated_boxes(const Eigen::MatrixXd& points, const Eigen::VectorXd& reference,
                                                    std::size_t max_boxes);

// Volume of the region dominated by `points` and bounded by `reference`: +inf when it is
// unbounded or overflows, never NaN. Throws std::invalid_argument on NaN.
double hypervolume(const Eigen::MatrixXd& points, const Eigen::VectorXd& reference);

}  // namespace gfo::mo
