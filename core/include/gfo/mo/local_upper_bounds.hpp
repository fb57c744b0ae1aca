#pragma once
// The local upper bounds of a point set (every objective minimized): the maximal points u such
// that no point p of the set has p < u, below a reference point. The region that the set does
// not dominate is the union of the boxes (-inf, u) over them. Built one point at a time by the
// update of Klamroth, Lacour and Vanderpooten ("On the representation of the search region in
// multi-objective optimization", EJOR 2015), which keeps for every bound u and objective k a
// defining point z^k(u) (a point of the set with z^k_k = u_k and z^k_j < u_j elsewhere, or the
// dummy point with the reference in k and -inf elsewhere), as Algorithm 2 of Lacour, Klamroth
// and Fonseca ("A box decomposition algorithm to compute the hypervolume indicator", Computers &
// Operations Research, 2017) does.

#include <Eigen/Core>
#include <cstddef>
#include <optional>
#include <vector>

namespace gfo::mo {

class LocalUpperBounds {
 public:
  explicit LocalUpperBounds(const Eigen::VectorXd& reference);

  Eigen::Index n_objectives() const { return n_objectives_; }
  std::size_t size() const { return bounds_.size() / static_cast<std::size_t>(n_objectives_); }
  double bound(std::size_t i, Eigen::Index j) const { return bounds_[i * m() + static_cast<std::size_t>(j)]; }
  // Coordinate j of the defining point z^k(u_i).
  double defining(std::size_t i, Eigen::Index k, Eigen::Index j) const {
    return defining_[(i * m() + static_cast<std::size_t>(k)) * m() + static_cast<std::size_t>(j)];
  }

  // Adds one point. A point that a point already added weakly dominates changes nothing, so the
  // bounds of a set are those of its points added in lexicographic order (dominating points
  // first). Returns false, leaving the bounds unusable, once there would be more than
  // `max_size` of them.
  bool add(const Eigen::VectorXd& point, std::size_t max_size);

  // Volume of the region between the added points and the reference that they dominate: the
  // sum of the disjoint boxes of Eq. (2) of Lacour et al., one per bound u, spanning [u_0,
  // reference_0] in objective 0 and [max_{k<j} z^k_j(u), u_j] in objective j > 0.
  double dominated_volume() const;

 private:
  std::size_t m() const { return static_cast<std::size_t>(n_objectives_); }

  Eigen::Index n_objectives_;
  Eigen::VectorXd reference_;
  std::vector<double> bounds_;    // size() x m, row-major
  std::vector<double> defining_;  // size() x m x m, row-major
};

// The bounds of the rows of `points` (each must be strictly below `reference`), added in
// lexicographic order; nothing when there would be more than `max_size`.
std::optional<LocalUpperBounds> local_upper_bounds(const Eigen::MatrixXd& points, const Eigen::VectorXd& reference,
                                                   std::size_t max_size);

}  // namespace gfo::mo
