#include "gfo/gp/model_subset.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace gfo::gp {

std::vector<Eigen::Index> model_subset(const Kernel& kernel, const Eigen::MatrixXd& x, const Eigen::MatrixXd& anchors,
                                       const Eigen::VectorXd& lengthscales, Eigen::Index size) {
  if (size < 1) throw std::invalid_argument("model_subset: size must be >= 1");
  if (anchors.rows() < 1) throw std::invalid_argument("model_subset: at least one anchor is needed");
  std::vector<Eigen::Index> rows(static_cast<size_t>(x.rows()));
  std::iota(rows.begin(), rows.end(), Eigen::Index{0});
  if (x.rows() <= size) return rows;

  const Eigen::VectorXd nearest = kernel.squared_distance(x, anchors, lengthscales).rowwise().minCoeff();
  const auto n_local = static_cast<std::ptrdiff_t>(size / 2);
  std::nth_element(rows.begin(), rows.begin() + n_local, rows.end(), [&](Eigen::Index a, Eigen::Index b) {
    return nearest(a) < nearest(b) || (nearest(a) == nearest(b) && a < b);
  });
  std::vector<Eigen::Index> kept(rows.begin(), rows.begin() + n_local);
  std::vector<Eigen::Index> rest(rows.begin() + n_local, rows.end());
  std::sort(rest.begin(), rest.end());
  const auto n_spread = static_cast<size_t>(size) - kept.size();
  for (size_t k = 0; k < n_spread; ++k) kept.push_back(rest[k * rest.size() / n_spread]);
  std::sort(kept.begin(), kept.end());
  return kept;
}

}  // namespace gfo::gp
