#pragma once
// One child of a population: selection, crossover, mutation. Pure: the population, its fitness
// and a seed in, a child and its parents out. The child differs from its parents (it is mutated
// again when it would not), except in a space too small to allow it.

#include <Eigen/Core>
#include <cstdint>

#include "gfo/common/cancellation.hpp"
#include "gfo/common/search_space.hpp"
#include "gfo/ga/mutation.hpp"

namespace gfo::ga {

enum class SelectionKind { kTournament, kRoulette };
enum class CrossoverKind { kUniform, kSinglePoint, kMultiPoint, kSBX, kBLXAlpha };

struct BreedOptions {
  SelectionKind selection = SelectionKind::kTournament;
  int tournament_size = 3;
  CrossoverKind crossover = CrossoverKind::kSBX;
  double crossover_prob = 0.9;
  int n_crossover_points = 2;  // multi-point crossover
  double sbx_eta = 15.0;
  double blx_alpha = 0.5;
  MutationOptions mutation;
  // Asked before every selection and mutation attempt (see gfo/common/cancellation.hpp).
  CancellationCheck cancelled;
};

struct Offspring {
  Eigen::VectorXd child;  // admissible core coordinates
  Eigen::Index parent_a = 0;
  Eigen::Index parent_b = 0;  // equal to parent_a when the child is a mutated copy
};

// `population`: one genome per row; `fitness`: one value per row, lower is better (+-inf are
// clipped to the extreme finite values; NaN is rejected).
// Throws std::invalid_argument naming the bad argument, Cancelled when options.cancelled says so.
Offspring breed(const SearchSpace& space, const Eigen::MatrixXd& population, const Eigen::VectorXd& fitness,
                const BreedOptions& options, std::uint64_t seed);

}  // namespace gfo::ga
