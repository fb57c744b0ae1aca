#pragma once
// The C++ routine the example tunes: successive over-relaxation (SOR) for the 2-D Poisson
// equation -laplace(u) = 1 on the unit square, u = 0 on the boundary, five-point stencil on an
// n x n grid of interior points.

#include <cstdint>

namespace sor_example {

enum class Ordering {
  kLexicographic,  // row by row
  kRedBlack,       // all "red" points (i + j even), then all "black" ones
  kSymmetric,      // SSOR: a forward sweep, then a backward one (counted as two sweeps)
};

struct SorSettings {
  double omega = 1.0;            // relaxation factor, in (0, 2) for convergence
  std::int64_t check_every = 1;  // sweeps between two residual checks
  Ordering ordering = Ordering::kLexicographic;
};

struct SorResult {
  std::int64_t sweeps = 0;
  std::int64_t residual_checks = 0;
  double relative_residual = 0.0;  // ||f + laplace_h(u)|| / ||f|| at the last check
  bool converged = false;
};

// Sweeps until a residual check finds the relative residual below `tolerance`, or `max_sweeps`
// sweeps are done.
SorResult solve_poisson_sor(int n, const SorSettings& settings, double tolerance,
                            std::int64_t max_sweeps);

// A residual check costs about one sweep: the work to minimize is sweeps + residual checks.
inline double work(const SorResult& result) {
  return static_cast<double>(result.sweeps + result.residual_checks);
}

}  // namespace sor_example
