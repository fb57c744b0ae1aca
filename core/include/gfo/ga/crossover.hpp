#pragma once
// Crossover of two parents in core coordinates. Every function returns admissible children
// (SearchSpace::snap of the child is the child itself).
//   single_point, multi_point, uniform: genes copied from one parent or the other;
//   sbx, blx_alpha: real-coded recombination of continuous and grid genes (grid genes snapped
//     back to their grid), with categorical genes exchanged uniformly.

#include <Eigen/Core>
#include <utility>

#include "gfo/common/search_space.hpp"
#include "gfo/ga/random.hpp"

namespace gfo::ga {

Eigen::VectorXd single_point_crossover(const SearchSpace& space, const Eigen::VectorXd& a, const Eigen::VectorXd& b,
                                       Rng& rng);

// `n_crossover_points` distinct cut points (at most one fewer than the number of genes); segments
// alternate between the parents.
Eigen::VectorXd multi_point_crossover(const SearchSpace& space, const Eigen::VectorXd& a, const Eigen::VectorXd& b,
                                      int n_crossover_points, Rng& rng);

// Each gene from either parent with probability 1/2.
Eigen::VectorXd uniform_crossover(const SearchSpace& space, const Eigen::VectorXd& a, const Eigen::VectorXd& b,
                                  Rng& rng);

// Simulated binary crossover (Deb and Agrawal, 1995) with distribution index `eta`: both
// children. Bounded SBX, as in Deb's NSGA-II code: each real gene's spread distribution is
// truncated where a child would leave [0, 1], so children are never beyond a bound nor on one
// (not clipped). One child takes the lower value of each gene and the other the upper, swapped
// gene by gene at random; far from the bounds the two sum to the parents' sum.
std::pair<Eigen::VectorXd, Eigen::VectorXd> sbx_pair(const SearchSpace& space, const Eigen::VectorXd& a,
                                                     const Eigen::VectorXd& b, double eta, Rng& rng);
// One of the two SBX children, chosen at random.
Eigen::VectorXd sbx_crossover(const SearchSpace& space, const Eigen::VectorXd& a, const Eigen::VectorXd& b, double eta,
                              Rng& rng);

// BLX-alpha (Eshelman and Schaffer, 1993): each real gene uniform on the parents' interval
// widened by alpha times its length on both sides, cut to [0, 1] (the widened interval's part
// inside the bounds, uniformly: BLX-alpha redrawn until the child is inside, not clipped).
Eigen::VectorXd blx_alpha_crossover(const SearchSpace& space, const Eigen::VectorXd& a, const Eigen::VectorXd& b,
                                    double alpha, Rng& rng);

}  // namespace gfo::ga
