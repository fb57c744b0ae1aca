#include "gfo/ga/selection.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace gfo::ga {
namespace {

std::vector<Eigen::Index> order_by_fitness(const Eigen::VectorXd& fitness) {
  std::vector<Eigen::Index> order(static_cast<size_t>(fitness.size()));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) { return fitness(a) < fitness(b); });
  return order;
}

void require_members(const Eigen::VectorXd& fitness) {
  if (fitness.size() < 1) throw std::invalid_argument("fitness: the population is empty");
  // NaN is not ordered: sorting by it is undefined and a tournament against it is arbitrary.
  if (fitness.hasNaN()) throw std::invalid_argument("fitness must not be NaN");
}

}  // namespace

Eigen::Index tournament_selection(const Eigen::VectorXd& fitness, int tournament_size, Rng& rng) {
  require_members(fitness);
  if (tournament_size < 1) throw std::invalid_argument("tournament_size must be >= 1");
  const auto draw = [&] { return static_cast<Eigen::Index>(uniform_integer(0, fitness.size() - 1, rng)); };
  Eigen::Index winner = draw();
  for (int round = 1; round < tournament_size; ++round) {
    const Eigen::Index contender = draw();
    if (fitness(contender) < fitness(winner)) winner = contender;
  }
  return winner;
}

Eigen::Index roulette_selection(const Eigen::VectorXd& fitness, Rng& rng) {
  require_members(fitness);
  const std::vector<Eigen::Index> order = order_by_fitness(fitness);
  const auto n = static_cast<double>(order.size());
  // Rank r (0 = best) has weight n - r; the weights sum to n (n + 1) / 2.
  double ticket = uniform01(rng) * n * (n + 1.0) / 2.0;
  for (size_t rank = 0; rank < order.size(); ++rank) {
    ticket -= n - static_cast<double>(rank);
    if (ticket < 0.0) return order[rank];
  }
  return order.back();
}

std::vector<Eigen::Index> elite_indices(const Eigen::VectorXd& fitness, int elite_size) {
  if (elite_size < 0) throw std::invalid_argument("elite_size must be >= 0");
  if (fitness.hasNaN()) throw std::invalid_argument("fitness must not be NaN");
  std::vector<Eigen::Index> order = order_by_fitness(fitness);
  order.resize(std::min(order.size(), static_cast<size_t>(elite_size)));
  return order;
}

}  // namespace gfo::ga
