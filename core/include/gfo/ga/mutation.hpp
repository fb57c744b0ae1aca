#pragma once
// Mutation of a genome in core coordinates, gene by gene. Always returns an admissible genome.
//   continuous genes: Gaussian or polynomial mutation on [0, 1], bounded (never on a bound but
//     by rounding);
//   grid genes: a random step of 1 to max(1, n / 10) grid values up or down, clamped;
//   categorical genes: another choice, uniformly (random reset that never keeps the value).

#include <Eigen/Core>

#include "gfo/common/search_space.hpp"
#include "gfo/ga/random.hpp"

namespace gfo::ga {

enum class MutationKind { kGaussian, kPolynomial };

struct MutationOptions {
  MutationKind kind = MutationKind::kPolynomial;
  double probability = -1.0;     // per gene; negative: 1 / number of genes
  double gaussian_sigma = 0.1;   // on the unit scale
  double polynomial_eta = 20.0;  // distribution index
};

// x + N(0, sigma^2) truncated to [0, 1]: redrawn until inside (for a sigma so large that 100
// draws miss, the last one is reflected into [0, 1]).
double gaussian_mutation(double x, double sigma, Rng& rng);
// Deb's bounded polynomial mutation on [0, 1] with distribution index eta: the polynomial
// density (eta + 1) / 2 * (1 - |delta|)^eta of the shift delta, cut at each bound and each side
// rescaled to probability 1/2.
double polynomial_mutation(double x, double eta, Rng& rng);

Eigen::VectorXd mutate(const SearchSpace& space, const Eigen::VectorXd& genome, const MutationOptions& options,
                       Rng& rng);

}  // namespace gfo::ga
