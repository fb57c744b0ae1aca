#include "gfo/gp/model_subset.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace gfo::gp {

Eigen::Index window_start(Eigen::Index n, Eigen::Index size) {
  const Eigen::Index step = std::max<Eigen::Index>(size / 4, 1);
  const Eigen::Index window = size / 2 - step + (n - size - 1) % step;  // grows by one per row
  return n - window;
}

std::vector<Eigen::Index> model_subset(const Kernel& kernel, const Eigen::MatrixXd& x,
                                       const std::function<Eigen::MatrixXd(Eigen::Index)>& anchors_before,
                                       const Eigen::VectorXd& lengthscales, Eigen::Index size) {
  if (size < 4) throw std::invalid_argument("model_subset: size must be >= 4");
  const Eigen::Index n = x.rows();
  std::vector<Eigen::Index> rows(static_cast<size_t>(n));
  std::iota(rows.begin(), rows.end(), Eigen::Index{0});
  if (n <= size) return rows;

  const Eigen::Index start = window_start(n, size);
  const Eigen::MatrixXd anchors = anchors_before(start);
  if (anchors.rows() < 1) throw std::invalid_argument("model_subset: at least one anchor is needed");
  const Eigen::VectorXd nearest = kernel.squared_distance(x.topRows(start), anchors, lengthscales).rowwise().minCoeff();
  const auto n_local = static_cast<std::ptrdiff_t>(size / 2);
  std::vector<Eigen::Index> before(static_cast<size_t>(start));
  std::iota(before.begin(), before.end(), Eigen::Index{0});
  std::nth_element(before.begin(), before.begin() + n_local, before.end(), [&](Eigen::Index a, Eigen::Index b) {
    return nearest(a) < nearest(b) || (nearest(a) == nearest(b) && a < b);
  });
  std::vector<Eigen::Index> kept(before.begin(), before.begin() + n_local);
  std::sort(kept.begin(), kept.end());
  for (Eigen::Index i = start; i < n; ++i) kept.push_back(i);
  return kept;
}

}  // namespace gfo::gp
