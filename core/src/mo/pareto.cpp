#include "gfo/mo/pareto.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <stdexcept>

namespace gfo::mo {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

bool dominates(const Eigen::MatrixXd& values, Eigen::Index a, Eigen::Index b) {
  return (values.row(a).array() <= values.row(b).array()).all() &&
         (values.row(a).array() < values.row(b).array()).any();
}

// Sorted distinct values of `column`, then `last` appended.
std::vector<double> grid_of(const Eigen::VectorXd& column, double last) {
  std::vector<double> grid(column.data(), column.data() + column.size());
  std::sort(grid.begin(), grid.end());
  grid.erase(std::unique(grid.begin(), grid.end()), grid.end());
  grid.push_back(last);
  return grid;
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

BoxDecomposition non_dominated_boxes(const Eigen::MatrixXd& points, const Eigen::VectorXd& reference) {
  const Eigen::Index m = reference.size();
  if (m < 1) throw std::invalid_argument("reference: at least one objective is needed");
  if (points.cols() != m) throw std::invalid_argument("points: expected one column per objective");
  if (!reference.allFinite()) throw std::invalid_argument("reference: must be finite");
  std::vector<Eigen::Index> inside;
  for (Eigen::Index i = 0; i < points.rows(); ++i)
    if ((points.row(i).transpose().array() < reference.array()).all()) inside.push_back(i);
  Eigen::MatrixXd front(static_cast<Eigen::Index>(inside.size()), m);
  for (size_t k = 0; k < inside.size(); ++k) front.row(static_cast<Eigen::Index>(k)) = points.row(inside[k]);

  // Cells of the grid in objectives 0..m-2: interval k of objective j is (grid[k-1], grid[k]),
  // with grid[-1] = -inf.
  BoxDecomposition result;
  std::vector<std::vector<double>> grids;
  std::vector<Eigen::Index> cells_per_objective;
  for (Eigen::Index j = 0; j + 1 < m; ++j) {
    grids.push_back(grid_of(front.col(j), reference(j)));
    const auto& grid = grids.back();
    Eigen::MatrixXd intervals(static_cast<Eigen::Index>(grid.size()), 2);
    for (size_t k = 0; k < grid.size(); ++k) {
      intervals(static_cast<Eigen::Index>(k), 0) = k == 0 ? -kInfinity : grid[k - 1];
      intervals(static_cast<Eigen::Index>(k), 1) = grid[k];
    }
    result.intervals.push_back(intervals);
    cells_per_objective.push_back(intervals.rows());
  }
  Eigen::Index n_cells = 1;
  for (const Eigen::Index count : cells_per_objective) n_cells *= count;

  // In each cell the undominated part of the last objective is (-inf, top): top is the least
  // last coordinate of the points at or below the cell's lower corner in the other objectives.
  std::map<double, int> top_index;
  std::vector<double> tops(static_cast<size_t>(n_cells));
  std::vector<int> cell(static_cast<size_t>(m - 1), 0);
  for (Eigen::Index c = 0; c < n_cells; ++c) {
    double top = reference(m - 1);
    for (Eigen::Index p = 0; p < front.rows(); ++p) {
      bool below = true;
      for (Eigen::Index j = 0; j + 1 < m && below; ++j)
        below = front(p, j) <= result.intervals[static_cast<size_t>(j)](cell[static_cast<size_t>(j)], 0);
      if (below) top = std::min(top, front(p, m - 1));
    }
    tops[static_cast<size_t>(c)] = top;
    top_index.emplace(top, 0);
    for (Eigen::Index j = 0; j + 1 < m; ++j) {  // next cell, odometer order
      if (++cell[static_cast<size_t>(j)] < cells_per_objective[static_cast<size_t>(j)]) break;
      cell[static_cast<size_t>(j)] = 0;
    }
  }
  Eigen::MatrixXd last(static_cast<Eigen::Index>(top_index.size()), 2);
  int next = 0;
  for (auto& [top, index] : top_index) {
    index = next;
    last.row(next++) << -kInfinity, top;
  }
  result.intervals.push_back(last);

  result.boxes.resize(n_cells, m);
  std::fill(cell.begin(), cell.end(), 0);
  for (Eigen::Index c = 0; c < n_cells; ++c) {
    for (Eigen::Index j = 0; j + 1 < m; ++j) result.boxes(c, j) = cell[static_cast<size_t>(j)];
    result.boxes(c, m - 1) = top_index.at(tops[static_cast<size_t>(c)]);
    for (Eigen::Index j = 0; j + 1 < m; ++j) {
      if (++cell[static_cast<size_t>(j)] < cells_per_objective[static_cast<size_t>(j)]) break;
      cell[static_cast<size_t>(j)] = 0;
    }
  }
  return result;
}

double hypervolume(const Eigen::MatrixXd& points, const Eigen::VectorXd& reference) {
  const BoxDecomposition decomposition = non_dominated_boxes(points, reference);
  // Within [ideal, reference], the dominated volume is what the non-dominated boxes leave.
  Eigen::VectorXd ideal = reference;
  bool any = false;
  for (Eigen::Index i = 0; i < points.rows(); ++i) {
    if ((points.row(i).transpose().array() < reference.array()).all()) {
      ideal = ideal.cwiseMin(points.row(i).transpose());
      any = true;
    }
  }
  if (!any) return 0.0;
  double volume = (reference - ideal).prod();
  for (Eigen::Index b = 0; b < decomposition.boxes.rows(); ++b) {
    double box = 1.0;
    for (Eigen::Index j = 0; j < reference.size(); ++j) {
      const auto interval = decomposition.intervals[static_cast<size_t>(j)].row(decomposition.boxes(b, j));
      box *= std::max(0.0, std::min(interval(1), reference(j)) - std::max(interval(0), ideal(j)));
    }
    volume -= box;
  }
  return volume;
}

}  // namespace gfo::mo
