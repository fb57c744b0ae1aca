#include <gtest/gtest.h>

#include <cmath>

#include "ga_test_space.hpp"
#include "gfo/ga/crossover.hpp"

namespace gfo::ga {
namespace {

using testing::expect_admissible;
using testing::mixed_space;
using testing::random_genome;

TEST(Crossover, EveryOperatorKeepsGenesInRangeAndOnGrid) {
  const SearchSpace space = mixed_space();
  Rng rng(3);
  for (int i = 0; i < 500; ++i) {
    const Eigen::VectorXd a = random_genome(space, rng);
    const Eigen::VectorXd b = random_genome(space, rng);
    expect_admissible(space, single_point_crossover(space, a, b, rng));
    expect_admissible(space, multi_point_crossover(space, a, b, 3, rng));
    expect_admissible(space, uniform_crossover(space, a, b, rng));
    expect_admissible(space, sbx_crossover(space, a, b, 2.0, rng));
    expect_admissible(space, blx_alpha_crossover(space, a, b, 0.5, rng));
    const auto [first, second] = sbx_pair(space, a, b, 15.0, rng);
    expect_admissible(space, first);
    expect_admissible(space, second);
  }
}

TEST(Crossover, GeneCopyingOperatorsTakeEachGeneFromAParent) {
  const SearchSpace space = mixed_space();
  Rng rng(5);
  for (int i = 0; i < 300; ++i) {
    const Eigen::VectorXd a = random_genome(space, rng);
    const Eigen::VectorXd b = random_genome(space, rng);
    for (const Eigen::VectorXd& child :
         {single_point_crossover(space, a, b, rng), multi_point_crossover(space, a, b, 2, rng),
          uniform_crossover(space, a, b, rng)}) {
      for (Eigen::Index j = 0; j < a.size(); ++j) EXPECT_TRUE(child(j) == a(j) || child(j) == b(j));
    }
  }
}

TEST(Crossover, SinglePointChildIsAPrefixOfOneParentAndASuffixOfTheOther) {
  const SearchSpace space(std::vector<Dimension>(6, Dimension::categorical(3)));
  const Eigen::VectorXd a = Eigen::VectorXd::Zero(6);
  const Eigen::VectorXd b = Eigen::VectorXd::Constant(6, 2.0);
  Rng rng(9);
  for (int i = 0; i < 200; ++i) {
    const Eigen::VectorXd child = single_point_crossover(space, a, b, rng);
    int switches = 0;
    for (Eigen::Index j = 1; j < 6; ++j) switches += child(j) != child(j - 1);
    EXPECT_EQ(switches, 1) << child.transpose();
  }
}

TEST(Crossover, SbxChildrenKeepTheParentsMean) {
  const SearchSpace space(std::vector<Dimension>(4, Dimension::continuous(0.0, 1.0, false)));
  // Parents close together, far from the bounds: no clipping.
  const Eigen::VectorXd a = (Eigen::VectorXd(4) << 0.45, 0.5, 0.52, 0.4).finished();
  const Eigen::VectorXd b = (Eigen::VectorXd(4) << 0.55, 0.49, 0.5, 0.6).finished();
  Rng rng(11);
  for (int i = 0; i < 200; ++i) {
    const auto [first, second] = sbx_pair(space, a, b, 15.0, rng);
    EXPECT_LT(((first + second) - (a + b)).cwiseAbs().maxCoeff(), 1e-12);
  }
}

TEST(Crossover, SbxConcentratesNearTheParentsForLargeEta) {
  const SearchSpace space({Dimension::continuous(0.0, 1.0, false)});
  const Eigen::VectorXd a = Eigen::VectorXd::Constant(1, 0.4);
  const Eigen::VectorXd b = Eigen::VectorXd::Constant(1, 0.6);
  Rng rng(13);
  const auto mean_distance = [&](double eta) {
    double total = 0.0;
    for (int i = 0; i < 4000; ++i) {
      const double x = sbx_crossover(space, a, b, eta, rng)(0);
      total += std::min(std::abs(x - 0.4), std::abs(x - 0.6));
    }
    return total / 4000;
  };
  EXPECT_LT(mean_distance(50.0), 0.5 * mean_distance(1.0));
}

TEST(Crossover, BlxAlphaStaysInTheWidenedInterval) {
  const SearchSpace space({Dimension::continuous(0.0, 1.0, false)});
  const Eigen::VectorXd a = Eigen::VectorXd::Constant(1, 0.3);
  const Eigen::VectorXd b = Eigen::VectorXd::Constant(1, 0.5);
  Rng rng(17);
  double lowest = 1.0;
  double highest = 0.0;
  for (int i = 0; i < 5000; ++i) {
    const double x = blx_alpha_crossover(space, a, b, 0.5, rng)(0);
    lowest = std::min(lowest, x);
    highest = std::max(highest, x);
  }
  EXPECT_GE(lowest, 0.2);
  EXPECT_LE(highest, 0.6);
  EXPECT_LT(lowest, 0.22);  // the widened ends are reached
  EXPECT_GT(highest, 0.58);
}

TEST(Crossover, RejectsBadArguments) {
  const SearchSpace space = mixed_space();
  Rng rng(0);
  const Eigen::VectorXd a = random_genome(space, rng);
  EXPECT_THROW(uniform_crossover(space, a, Eigen::VectorXd::Zero(2), rng), std::invalid_argument);
  EXPECT_THROW(multi_point_crossover(space, a, a, 0, rng), std::invalid_argument);
  EXPECT_THROW(sbx_crossover(space, a, a, 0.0, rng), std::invalid_argument);
  EXPECT_THROW(blx_alpha_crossover(space, a, a, -0.1, rng), std::invalid_argument);
}

}  // namespace
}  // namespace gfo::ga
