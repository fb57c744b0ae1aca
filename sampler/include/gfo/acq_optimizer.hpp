#pragma once
// Maximizing an acquisition function over a mixed search space: scrambled Sobol candidates plus
// given starting points (the best observed ones); the best few are refined by alternating L-BFGS
// on the continuous coordinates with exhaustive (or, for large grids, coarse-to-fine) search on
// each grid and categorical coordinate, until a round improves nothing.

#include <Eigen/Core>
#include <cstdint>

#include "gfo/acquisition.hpp"
#include "gfo/search_space.hpp"

namespace gfo {

struct AcqOptimizerOptions {
  int n_candidates = 512;
  int n_local_searches = 4;
  int max_lbfgs_evaluations = 60;
  double lbfgs_relative_tolerance = 1e-6;
  int max_rounds = 4;
  // A discrete dim with more values than this is searched on this many evenly spaced values
  // plus the two neighbours on each side of the current one, then likewise between the tried
  // values next to the best one, until a range is tried whole.
  int max_exhaustive_values = 64;
  // Threads for the local searches (independent of each other, so the result does not depend
  // on this); 0: one per hardware thread.
  int n_threads = 0;
};

struct AcqOptimum {
  Eigen::VectorXd point;  // admissible core coordinates
  double value = 0.0;
};

AcqOptimum maximize_acquisition(const AcquisitionFunction& acquisition, const SearchSpace& space,
                                const Eigen::MatrixXd& starting_points, const AcqOptimizerOptions& options,
                                std::uint64_t seed);

}  // namespace gfo
