#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "ga_test_space.hpp"
#include "gfo/ga/mutation.hpp"

namespace gfo::ga {
namespace {

using testing::expect_admissible;
using testing::mixed_space;
using testing::random_genome;

TEST(Mutation, KeepsGenesInRangeAndOnGrid) {
  const SearchSpace space = mixed_space();
  Rng rng(21);
  for (const MutationKind kind : {MutationKind::kGaussian, MutationKind::kPolynomial}) {
    MutationOptions options;
    options.kind = kind;
    options.probability = 0.7;
    options.gaussian_sigma = 0.5;
    options.polynomial_eta = 1.0;
    for (int i = 0; i < 1000; ++i) expect_admissible(space, mutate(space, random_genome(space, rng), options, rng));
  }
}

TEST(Mutation, ProbabilityZeroIsTheIdentity) {
  const SearchSpace space = mixed_space();
  Rng rng(22);
  MutationOptions options;
  options.probability = 0.0;
  for (int i = 0; i < 100; ++i) {
    const Eigen::VectorXd genome = random_genome(space, rng);
    EXPECT_EQ(mutate(space, genome, options, rng), genome);
  }
}

TEST(Mutation, ProbabilityOneChangesEveryCategoricalAndGridGene) {
  const SearchSpace space({Dimension::categorical(2), Dimension::categorical(5), Dimension::grid(0.0, 3.0, 1.0, false),
                           Dimension::grid(1.0, 100.0, 1.0, true)});
  Rng rng(23);
  MutationOptions options;
  options.probability = 1.0;
  for (int i = 0; i < 500; ++i) {
    const Eigen::VectorXd genome = random_genome(space, rng);
    const Eigen::VectorXd child = mutate(space, genome, options, rng);
    for (Eigen::Index j = 0; j < 4; ++j) EXPECT_NE(child(j), genome(j)) << "gene " << j;
  }
}

TEST(Mutation, CategoricalResetIsUniformOverTheOtherChoices) {
  const SearchSpace space({Dimension::categorical(4)});
  Rng rng(24);
  MutationOptions options;
  options.probability = 1.0;
  std::vector<int> counts(4, 0);
  const int draws = 9000;
  for (int i = 0; i < draws; ++i)
    ++counts[static_cast<size_t>(mutate(space, Eigen::VectorXd::Constant(1, 2.0), options, rng)(0))];
  EXPECT_EQ(counts[2], 0);
  for (const size_t other : {0u, 1u, 3u}) EXPECT_NEAR(counts[other], draws / 3.0, 4.0 * std::sqrt(draws * 2.0 / 9.0));
}

TEST(Mutation, DefaultProbabilityIsOneOverTheNumberOfGenes) {
  const SearchSpace space(std::vector<Dimension>(10, Dimension::categorical(3)));
  Rng rng(25);
  const MutationOptions options;  // probability < 0: 1 / 10
  int changed = 0;
  const int draws = 2000;
  for (int i = 0; i < draws; ++i) {
    const Eigen::VectorXd genome = Eigen::VectorXd::Ones(10);
    changed += static_cast<int>((mutate(space, genome, options, rng).array() != genome.array()).count());
  }
  const double n = draws * 10.0;
  EXPECT_NEAR(changed, n * 0.1, 4.0 * std::sqrt(n * 0.1 * 0.9));
}

TEST(Mutation, PolynomialMutationStaysNearForLargeEta) {
  Rng rng(26);
  double spread_small_eta = 0.0;
  double spread_large_eta = 0.0;
  for (int i = 0; i < 4000; ++i) {
    spread_small_eta += std::abs(polynomial_mutation(0.5, 1.0, rng) - 0.5);
    spread_large_eta += std::abs(polynomial_mutation(0.5, 100.0, rng) - 0.5);
    const double edge = polynomial_mutation(0.0, 5.0, rng);
    ASSERT_GE(edge, 0.0);
    ASSERT_LE(edge, 1.0);
  }
  EXPECT_LT(spread_large_eta, 0.2 * spread_small_eta);
}

TEST(Mutation, RejectsBadArguments) {
  const SearchSpace space = mixed_space();
  Rng rng(0);
  const Eigen::VectorXd genome = random_genome(space, rng);
  MutationOptions options;
  options.probability = 1.5;
  EXPECT_THROW(mutate(space, genome, options, rng), std::invalid_argument);
  options.probability = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(mutate(space, genome, options, rng), std::invalid_argument);
  options = MutationOptions();
  options.gaussian_sigma = 0.0;
  EXPECT_THROW(mutate(space, genome, options, rng), std::invalid_argument);
  EXPECT_THROW(mutate(space, Eigen::VectorXd::Zero(2), MutationOptions(), rng), std::invalid_argument);
  options = MutationOptions();
  options.gaussian_sigma = std::numeric_limits<double>::infinity();
  EXPECT_THROW(mutate(space, genome, options, rng), std::invalid_argument);
  options = MutationOptions();
  options.polynomial_eta = std::numeric_limits<double>::infinity();
  EXPECT_THROW(mutate(space, genome, options, rng), std::invalid_argument);
}

TEST(Mutation, HugeGaussianSigmaSpreadsChildrenOverTheRange) {
  // x + sigma z overflowed (a NaN child) or, past 2**53, reflected onto the bound 0.
  Rng rng(3);
  double sum = 0.0;
  constexpr int kDraws = 400;
  for (int i = 0; i < kDraws; ++i) {
    const double child = gaussian_mutation(0.3, 1e308, rng);
    ASSERT_GE(child, 0.0);
    ASSERT_LE(child, 1.0);
    sum += child;
  }
  EXPECT_NEAR(sum / kDraws, 0.5, 0.05);  // uniform: the standard error of the mean is 0.014
}

}  // namespace
}  // namespace gfo::ga
