#include "gfo/ga/mutation.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace gfo::ga {

double gaussian_mutation(double x, double sigma, Rng& rng) {
  return std::clamp(x + std::normal_distribution<double>(0.0, sigma)(rng), 0.0, 1.0);
}

double polynomial_mutation(double x, double eta, Rng& rng) {
  const double u = uniform01(rng);
  const double exponent = 1.0 / (eta + 1.0);
  double shift;
  if (u < 0.5) {
    const double reach = std::pow(1.0 - x, eta + 1.0);
    shift = std::pow(2.0 * u + (1.0 - 2.0 * u) * reach, exponent) - 1.0;
  } else {
    const double reach = std::pow(x, eta + 1.0);
    shift = 1.0 - std::pow(2.0 * (1.0 - u) + 2.0 * (u - 0.5) * reach, exponent);
  }
  return std::clamp(x + shift, 0.0, 1.0);
}

Eigen::VectorXd mutate(const SearchSpace& space, const Eigen::VectorXd& genome,
                       const MutationOptions& options, Rng& rng) {
  if (genome.size() != space.size()) throw std::invalid_argument("genome: expected one gene per dimension");
  if (!(options.probability <= 1.0)) throw std::invalid_argument("mutation_prob must be <= 1");
  if (!(options.gaussian_sigma > 0.0)) throw std::invalid_argument("gaussian_sigma must be > 0");
  if (!(options.polynomial_eta > 0.0)) throw std::invalid_argument("polynomial_eta must be > 0");
  const double probability =
      options.probability < 0.0 ? 1.0 / static_cast<double>(std::max<Eigen::Index>(genome.size(), 1))
                                : options.probability;
  Eigen::VectorXd child = space.snap(Eigen::MatrixXd(genome.transpose())).row(0).transpose();
  for (Eigen::Index j = 0; j < child.size(); ++j) {
    if (uniform01(rng) >= probability) continue;
    if (space.is_continuous(j)) {
      child(j) = options.real_mutation == RealMutation::kGaussian
                     ? gaussian_mutation(child(j), options.gaussian_sigma, rng)
                     : polynomial_mutation(child(j), options.polynomial_eta, rng);
    } else if (space.dimension(j).kind != DimensionKind::kContinuous && space.n_values(j) > 1) {
      const long long n = space.n_values(j);
      const long long current = space.value_index(j, child(j));
      if (space.is_categorical(j)) {
        // Uniform over the n - 1 other choices.
        const long long other = std::uniform_int_distribution<long long>(0, n - 2)(rng);
        child(j) = space.value_coordinate(j, other >= current ? other + 1 : other);
      } else {
        const long long max_step = std::max(1LL, n / 10);
        const long long step = std::uniform_int_distribution<long long>(1, max_step)(rng);
        long long target = current + (uniform01(rng) < 0.5 ? -step : step);
        // A step off the grid's end goes the other way, so an edge value still moves.
        if (target < 0 || target > n - 1) target = 2 * current - target;
        child(j) = space.value_coordinate(j, std::clamp(target, 0LL, n - 1));
      }
    }
  }
  return child;
}

}  // namespace gfo::ga
