#include "gfo/ga/breed.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "gfo/common/targets.hpp"
#include "gfo/ga/crossover.hpp"
#include "gfo/ga/selection.hpp"

namespace gfo::ga {
namespace {

void validate(const SearchSpace& space, const Eigen::MatrixXd& population, const Eigen::VectorXd& fitness,
              const BreedOptions& options) {
  if (population.rows() < 1) throw std::invalid_argument("population: at least one member is needed");
  if (population.cols() != space.size()) throw std::invalid_argument("population: expected one column per dimension");
  if (fitness.size() != population.rows())
    throw std::invalid_argument("fitness: expected one value per population member");
  if (!population.allFinite()) throw std::invalid_argument("population: genes must be finite");
  if (options.tournament_size < 1) throw std::invalid_argument("tournament_size must be >= 1");
  if (!(options.crossover_prob >= 0.0 && options.crossover_prob <= 1.0))
    throw std::invalid_argument("crossover_prob must be in [0, 1]");
  if (options.n_crossover_points < 1) throw std::invalid_argument("n_crossover_points must be >= 1");
  // Checked here too, not only by the crossover that uses them: a bad option must fail for
  // every seed, not only when crossover happens to be drawn.
  if (!(options.sbx_eta > 0.0 && std::isfinite(options.sbx_eta)))
    throw std::invalid_argument("sbx_eta must be finite and > 0");
  if (!(options.blx_alpha >= 0.0 && std::isfinite(options.blx_alpha)))
    throw std::invalid_argument("blx_alpha must be finite and >= 0");
}

Eigen::Index select(const Eigen::VectorXd& fitness, const BreedOptions& options, Rng& rng) {
  throw_if_cancelled(options.cancelled);
  return options.selection == SelectionKind::kTournament ? tournament_selection(fitness, options.tournament_size, rng)
                                                         : roulette_selection(fitness, rng);
}

Eigen::VectorXd cross(const SearchSpace& space, const Eigen::VectorXd& a, const Eigen::VectorXd& b,
                      const BreedOptions& options, Rng& rng) {
  switch (options.crossover) {
    case CrossoverKind::kUniform:
      return uniform_crossover(space, a, b, rng);
    case CrossoverKind::kSinglePoint:
      return single_point_crossover(space, a, b, rng);
    case CrossoverKind::kMultiPoint:
      return multi_point_crossover(space, a, b, options.n_crossover_points, rng);
    case CrossoverKind::kSBX:
      return sbx_crossover(space, a, b, options.sbx_eta, rng);
    case CrossoverKind::kBLXAlpha:
      return blx_alpha_crossover(space, a, b, options.blx_alpha, rng);
  }
  throw std::invalid_argument("crossover: unknown kind");
}

}  // namespace

Offspring breed(const SearchSpace& space, const Eigen::MatrixXd& population, const Eigen::VectorXd& fitness,
                const BreedOptions& options, std::uint64_t seed) {
  validate(space, population, fitness, options);
  const Eigen::VectorXd clipped = clip_infinite(fitness, "fitness");
  Rng rng(seed);
  Offspring offspring;
  offspring.parent_a = select(clipped, options, rng);
  offspring.parent_b = offspring.parent_a;
  // A second, different parent when there is one to choose (a few draws, then give up: a
  // population of identical winners may keep returning the same member).
  for (int attempt = 0; attempt < 8 && population.rows() > 1 && offspring.parent_b == offspring.parent_a; ++attempt)
    offspring.parent_b = select(clipped, options, rng);

  const Eigen::VectorXd a = population.row(offspring.parent_a).transpose();
  const Eigen::VectorXd b = population.row(offspring.parent_b).transpose();
  Eigen::VectorXd child = a;
  if (offspring.parent_b != offspring.parent_a && uniform01(rng) < options.crossover_prob) {
    child = cross(space, a, b, options, rng);
  } else {
    offspring.parent_b = offspring.parent_a;
  }
  offspring.child = mutate(space, child, options.mutation, rng);
  // A child equal to a parent would spend a trial on a point already evaluated: mutate it
  // until it differs (a few attempts; a tiny discrete space may leave no other choice).
  MutationOptions forced = options.mutation;
  forced.probability = 1.0 / static_cast<double>(std::max<Eigen::Index>(space.size(), 1));
  for (int attempt = 0; attempt < 16 && (offspring.child == a || offspring.child == b); ++attempt) {
    throw_if_cancelled(options.cancelled);
    offspring.child = mutate(space, offspring.child, forced, rng);
  }
  return offspring;
}

}  // namespace gfo::ga
