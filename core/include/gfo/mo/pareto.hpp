#pragma once
// Pareto dominance (every objective minimized) and the decomposition of the region that a set of
// points does not dominate, below a reference point, into disjoint boxes: the ground on which
// hypervolume and its expected improvement are computed.

#include <Eigen/Core>
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

// Exact decomposition on the grid of the points' coordinates in the first m - 1 objectives: one
// box per grid cell, so (p + 1)^(m - 1) boxes for p points in front of the reference. Points not
// strictly better than `reference` in every objective are ignored.
BoxDecomposition non_dominated_boxes(const Eigen::MatrixXd& points, const Eigen::VectorXd& reference);

// Volume of the region dominated by `points` and bounded by `reference`.
double hypervolume(const Eigen::MatrixXd& points, const Eigen::VectorXd& reference);

}  // namespace gfo::mo
