#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "ga_test_space.hpp"
#include "gfo/ga/breed.hpp"

namespace gfo::ga {
namespace {

using testing::expect_admissible;
using testing::mixed_space;
using testing::random_genome;

struct Population {
  Eigen::MatrixXd genomes;
  Eigen::VectorXd fitness;
};

Population make_population(const SearchSpace& space, int size, std::uint64_t seed) {
  Rng rng(seed);
  Population p{Eigen::MatrixXd(size, space.size()), Eigen::VectorXd(size)};
  for (int i = 0; i < size; ++i) {
    p.genomes.row(i) = random_genome(space, rng).transpose();
    p.fitness(i) = normal(1.0, rng);
  }
  return p;
}

TEST(Breed, EveryOperatorCombinationGivesAnAdmissibleChildOfTheParents) {
  const SearchSpace space = mixed_space();
  const Population p = make_population(space, 12, 1);
  std::uint64_t seed = 0;
  for (const SelectionKind selection : {SelectionKind::kTournament, SelectionKind::kRoulette}) {
    for (const CrossoverKind crossover : {CrossoverKind::kUniform, CrossoverKind::kSinglePoint,
                                          CrossoverKind::kMultiPoint, CrossoverKind::kSBX, CrossoverKind::kBLXAlpha}) {
      for (const MutationKind mutation : {MutationKind::kGaussian, MutationKind::kPolynomial}) {
        BreedOptions options;
        options.selection = selection;
        options.crossover = crossover;
        options.mutation.kind = mutation;
        for (int i = 0; i < 50; ++i) {
          const Offspring offspring = breed(space, p.genomes, p.fitness, options, ++seed);
          expect_admissible(space, offspring.child);
          EXPECT_GE(offspring.parent_a, 0);
          EXPECT_LT(offspring.parent_a, 12);
          EXPECT_GE(offspring.parent_b, 0);
          EXPECT_LT(offspring.parent_b, 12);
        }
      }
    }
  }
}

TEST(Breed, IsDeterministicGivenTheSeed) {
  const SearchSpace space = mixed_space();
  const Population p = make_population(space, 8, 2);
  const BreedOptions options;
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    const Offspring first = breed(space, p.genomes, p.fitness, options, seed);
    const Offspring again = breed(space, p.genomes, p.fitness, options, seed);
    EXPECT_EQ(first.child, again.child);
    EXPECT_EQ(first.parent_a, again.parent_a);
    EXPECT_EQ(first.parent_b, again.parent_b);
  }
  EXPECT_NE(breed(space, p.genomes, p.fitness, options, 1).child, breed(space, p.genomes, p.fitness, options, 2).child);
}

TEST(Breed, WithoutCrossoverTheChildIsAMutatedCopyOfItsOnlyParent) {
  const SearchSpace space = mixed_space();
  const Population p = make_population(space, 8, 3);
  BreedOptions options;
  options.crossover_prob = 0.0;
  options.mutation.probability = 0.0;  // the forced mutation alone changes the copy
  for (std::uint64_t seed = 0; seed < 50; ++seed) {
    const Offspring offspring = breed(space, p.genomes, p.fitness, options, seed);
    EXPECT_EQ(offspring.parent_a, offspring.parent_b);
    const Eigen::VectorXd parent = p.genomes.row(offspring.parent_a).transpose();
    EXPECT_NE(offspring.child, parent);
    // Few genes differ: the copy was mutated, not redrawn.
    EXPECT_LT((offspring.child.array() != parent.array()).count(), space.size());
  }
}

TEST(Breed, ChildrenNeverRepeatTheirParents) {
  const SearchSpace space = mixed_space();
  const Population p = make_population(space, 6, 6);
  BreedOptions options;
  options.mutation.probability = 0.01;
  for (std::uint64_t seed = 0; seed < 300; ++seed) {
    const Offspring offspring = breed(space, p.genomes, p.fitness, options, seed);
    EXPECT_NE(offspring.child, p.genomes.row(offspring.parent_a).transpose());
    EXPECT_NE(offspring.child, p.genomes.row(offspring.parent_b).transpose());
  }
}

TEST(Breed, StrongTournamentsBreedFromTheBest) {
  const SearchSpace space = mixed_space();
  const Population p = make_population(space, 10, 4);
  Eigen::Index best = 0;
  p.fitness.minCoeff(&best);
  BreedOptions options;
  options.tournament_size = 60;  // the best is in almost every tournament
  int from_best = 0;
  for (std::uint64_t seed = 0; seed < 200; ++seed)
    from_best += breed(space, p.genomes, p.fitness, options, seed).parent_a == best;
  EXPECT_GT(from_best, 190);
}

TEST(Breed, RejectsBadArgumentsByName) {
  const SearchSpace space = mixed_space();
  const Population p = make_population(space, 5, 5);
  const auto message = [&](const Eigen::MatrixXd& genomes, const Eigen::VectorXd& fitness,
                           const BreedOptions& options) -> std::string {
    try {
      breed(space, genomes, fitness, options, 0);
    } catch (const std::invalid_argument& error) {
      return error.what();
    }
    return "no error";
  };
  BreedOptions options;
  EXPECT_NE(message(Eigen::MatrixXd(0, space.size()), Eigen::VectorXd(0), options).find("population"),
            std::string::npos);
  EXPECT_NE(message(p.genomes, Eigen::VectorXd::Zero(3), options).find("fitness"), std::string::npos);
  Eigen::VectorXd not_a_number = p.fitness;
  not_a_number(0) = std::numeric_limits<double>::quiet_NaN();
  EXPECT_NE(message(p.genomes, not_a_number, options).find("fitness"), std::string::npos);
  Eigen::VectorXd infinite = p.fitness;
  infinite(0) = std::numeric_limits<double>::infinity();
  EXPECT_EQ(message(p.genomes, infinite, options), "no error");
  options.tournament_size = 0;
  EXPECT_NE(message(p.genomes, p.fitness, options).find("tournament_size"), std::string::npos);
  options = BreedOptions();
  options.crossover_prob = 1.2;
  EXPECT_NE(message(p.genomes, p.fitness, options).find("crossover_prob"), std::string::npos);
  options = BreedOptions();
  options.mutation.probability = 2.0;
  EXPECT_NE(message(p.genomes, p.fitness, options).find("mutation_prob"), std::string::npos);
  options = BreedOptions();
  options.n_crossover_points = 0;
  EXPECT_NE(message(p.genomes, p.fitness, options).find("n_crossover_points"), std::string::npos);
  EXPECT_NE(message(p.genomes.leftCols(3), p.fitness, BreedOptions()).find("population"), std::string::npos);
  Eigen::MatrixXd not_finite = p.genomes;
  not_finite(1, 0) = std::numeric_limits<double>::quiet_NaN();
  EXPECT_NE(message(not_finite, p.fitness, BreedOptions()).find("population"), std::string::npos);
}

TEST(Breed, ExtremeGenesAndParametersGiveAdmissibleChildren) {
  // Genes far outside the unit range (finite), and the largest finite operator parameters.
  const SearchSpace space = mixed_space();
  Population p = make_population(space, 6, 9);
  p.genomes.row(0).setConstant(1e308);
  p.genomes.row(1).setConstant(-1e308);
  p.genomes.row(2).setConstant(std::numeric_limits<double>::max());
  std::uint64_t seed = 0;
  for (const CrossoverKind crossover : {CrossoverKind::kUniform, CrossoverKind::kSBX, CrossoverKind::kBLXAlpha}) {
    for (const MutationKind mutation : {MutationKind::kGaussian, MutationKind::kPolynomial}) {
      BreedOptions options;
      options.crossover = crossover;
      options.crossover_prob = 1.0;
      options.sbx_eta = 1e308;
      options.blx_alpha = 1e308;
      options.mutation.kind = mutation;
      options.mutation.probability = 1.0;
      options.mutation.gaussian_sigma = 1e308;
      options.mutation.polynomial_eta = 1e308;
      for (int i = 0; i < 30; ++i) expect_admissible(space, breed(space, p.genomes, p.fitness, options, ++seed).child);
    }
  }
}

TEST(Breed, RejectsBadCrossoverParametersForEverySeed) {
  // Even when no crossover is drawn, so that a bad option never passes by luck.
  const SearchSpace space = mixed_space();
  const Population p = make_population(space, 5, 7);
  BreedOptions bad_eta;
  bad_eta.crossover_prob = 0.0;
  bad_eta.sbx_eta = 0.0;
  BreedOptions bad_alpha;
  bad_alpha.crossover_prob = 0.0;
  bad_alpha.blx_alpha = -0.5;
  BreedOptions infinite_alpha;
  infinite_alpha.crossover_prob = 0.0;
  infinite_alpha.blx_alpha = std::numeric_limits<double>::infinity();
  for (std::uint64_t seed = 0; seed < 10; ++seed) {
    EXPECT_THROW(breed(space, p.genomes, p.fitness, bad_eta, seed), std::invalid_argument);
    EXPECT_THROW(breed(space, p.genomes, p.fitness, bad_alpha, seed), std::invalid_argument);
    EXPECT_THROW(breed(space, p.genomes, p.fitness, infinite_alpha, seed), std::invalid_argument);
  }
}

}  // namespace
}  // namespace gfo::ga
