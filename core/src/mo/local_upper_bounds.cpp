#include "gfo/mo/local_upper_bounds.hpp"

#include <algorithm>
#include <limits>
#include <numeric>

namespace gfo::mo {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

}  // namespace

LocalUpperBounds::LocalUpperBounds(const Eigen::VectorXd& reference)
    : n_objectives_(reference.size()), reference_(reference) {
  // One bound, the reference, defined by the dummy points.
  bounds_.assign(reference.data(), reference.data() + reference.size());
  defining_.assign(m() * m(), -kInfinity);
  for (std::size_t k = 0; k < m(); ++k) defining_[k * m() + k] = reference(static_cast<Eigen::Index>(k));
}

bool LocalUpperBounds::add(const Eigen::VectorXd& point, std::size_t max_size) {
  const std::size_t n = size();
  const std::size_t row = m();
  const std::size_t block = m() * m();
  std::vector<double> new_bounds;
  std::vector<double> new_defining;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double* u = &bounds_[i * row];
    const double* z = &defining_[i * block];
    bool below = true;
    for (std::size_t j = 0; j < row && below; ++j) below = point(static_cast<Eigen::Index>(j)) < u[j];
    if (!below) {
      if (kept != i) {
        std::copy(u, u + row, &bounds_[kept * row]);
        std::copy(z, z + block, &defining_[kept * block]);
      }
      ++kept;
      continue;
    }
    // u gives way to (point_j, u_{-j}) for every j where the point is no lower than the other
    // defining points' coordinate j (Lacour et al., Algorithm 2, lines 2-3).
    for (std::size_t j = 0; j < row; ++j) {
      double highest_other = -kInfinity;
      for (std::size_t k = 0; k < row; ++k)
        if (k != j) highest_other = std::max(highest_other, z[k * row + j]);
      const double coordinate = point(static_cast<Eigen::Index>(j));
      if (coordinate < highest_other) continue;
      const std::size_t at = new_bounds.size();
      new_bounds.insert(new_bounds.end(), u, u + row);
      new_bounds[at + j] = coordinate;
      const std::size_t defining_at = new_defining.size();
      new_defining.insert(new_defining.end(), z, z + block);
      for (std::size_t c = 0; c < row; ++c)
        new_defining[defining_at + j * row + c] = point(static_cast<Eigen::Index>(c));
    }
  }
  bounds_.resize(kept * row);
  defining_.resize(kept * block);
  if (kept + new_bounds.size() / row > max_size) return false;
  bounds_.insert(bounds_.end(), new_bounds.begin(), new_bounds.end());
  defining_.insert(defining_.end(), new_defining.begin(), new_defining.end());
  return true;
}

double LocalUpperBounds::dominated_volume() const {
  double volume = 0.0;
  for (std::size_t i = 0; i < size(); ++i) {
    // Widths are checked before multiplying: an empty box may have an infinite side.
    double box = 1.0;
    for (Eigen::Index j = 0; j < n_objectives_ && box > 0.0; ++j) {
      double lower = bound(i, j);
      double upper = reference_(j);
      if (j > 0) {
        lower = -kInfinity;
        for (Eigen::Index k = 0; k < j; ++k) lower = std::max(lower, defining(i, k, j));
        upper = bound(i, j);
      }
      const double width = upper - lower;
      box = width > 0.0 ? box * width : 0.0;
    }
    volume += box;
  }
  return volume;
}

std::optional<LocalUpperBounds> local_upper_bounds(const Eigen::MatrixXd& points, const Eigen::VectorXd& reference,
                                                   std::size_t max_size) {
  std::vector<Eigen::Index> order(static_cast<std::size_t>(points.rows()));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  const auto lexicographic_less = [&](Eigen::Index a, Eigen::Index b) {
    return std::lexicographical_compare(points.row(a).begin(), points.row(a).end(), points.row(b).begin(),
                                        points.row(b).end());
  };
  std::sort(order.begin(), order.end(), lexicographic_less);
  LocalUpperBounds bounds(reference);
  for (std::size_t r = 0; r < order.size(); ++r) {
    if (r > 0 && points.row(order[r]) == points.row(order[r - 1])) continue;
    if (!bounds.add(points.row(order[r]).transpose(), max_size)) return std::nullopt;
  }
  return bounds;
}

}  // namespace gfo::mo
