#include "gfo/ga/mutation.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace gfo::ga {

namespace {

// Draws beyond which Gaussian mutation stops redrawing. A draw lands inside with probability at
// least Phi(1 / sigma) - 1/2 (x on a bound), 0.34 for sigma = 1, so only a sigma far beyond
// the unit range ever gets here.
constexpr int kGaussianMaxDraws = 100;
// A larger sigma acts as this one: the normal truncated to [0, 1] is then uniform on it to within
// 1e-12 of its density, and x + sigma z can neither overflow nor reach 2**53, where every double
// is even and the reflection below would put each child on the bound 0.
constexpr double kGaussianMaxSigma = 1e6;

// x folded into [0, 1] by reflection at both bounds (period 2).
double reflect_into_unit(double x) {
  const double folded = std::fmod(std::abs(x), 2.0);
  return folded > 1.0 ? 2.0 - folded : folded;
}

}  // namespace

// Redrawn until inside: the normal truncated to [0, 1], its shape kept and rescaled, with no
// mass on a bound. Clipping put the whole tail beyond a bound on the bound (38% of the mutations
// of x = 0.03 with sigma = 0.1); reflecting would fold that tail onto the strip next to the
// bound, so a parent near a bound would get children next to it more often than the truncated
// normal gives, which is the pile-up again in a milder form.
double gaussian_mutation(double x, double sigma, Rng& rng) {
  double child = x;
  const double bounded_sigma = std::min(sigma, kGaussianMaxSigma);
  for (int draw = 0; draw < kGaussianMaxDraws; ++draw) {
    child = x + normal(bounded_sigma, rng);
    if (child >= 0.0 && child <= 1.0) return child;
  }
  return reflect_into_unit(child);
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
  // The shift keeps x + shift in [0, 1] by construction; the clamp only catches rounding.
  return std::clamp(x + shift, 0.0, 1.0);
}

Eigen::VectorXd mutate(const SearchSpace& space, const Eigen::VectorXd& genome, const MutationOptions& options,
                       Rng& rng) {
  if (genome.size() != space.size()) throw std::invalid_argument("genome: expected one gene per dimension");
  if (!(options.probability <= 1.0)) throw std::invalid_argument("mutation_prob must be <= 1");
  if (!(options.gaussian_sigma > 0.0 && std::isfinite(options.gaussian_sigma)))
    throw std::invalid_argument("gaussian_sigma must be finite and > 0");
  if (!(options.polynomial_eta > 0.0 && std::isfinite(options.polynomial_eta)))
    throw std::invalid_argument("polynomial_eta must be finite and > 0");
  const double probability = options.probability < 0.0
                                 ? 1.0 / static_cast<double>(std::max<Eigen::Index>(genome.size(), 1))
                                 : options.probability;
  Eigen::VectorXd child = space.snap(Eigen::MatrixXd(genome.transpose())).row(0).transpose();
  for (Eigen::Index j = 0; j < child.size(); ++j) {
    if (uniform01(rng) >= probability) continue;
    if (space.is_continuous(j)) {
      child(j) = options.kind == MutationKind::kGaussian ? gaussian_mutation(child(j), options.gaussian_sigma, rng)
                                                         : polynomial_mutation(child(j), options.polynomial_eta, rng);
    } else if (space.dimension(j).kind != DimensionKind::kContinuous && space.n_values(j) > 1) {
      const long long n = space.n_values(j);
      const long long current = space.value_index(j, child(j));
      if (space.is_categorical(j)) {
        // Uniform over the n - 1 other choices.
        const long long other = uniform_integer(0, n - 2, rng);
        child(j) = space.value_coordinate(j, other >= current ? other + 1 : other);
      } else {
        const long long max_step = std::max(1LL, n / 10);
        const long long step = uniform_integer(1, max_step, rng);
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
