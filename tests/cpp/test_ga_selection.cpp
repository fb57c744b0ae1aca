#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "gfo/ga/selection.hpp"

namespace gfo::ga {
namespace {

TEST(TournamentSelection, PicksTheBestAtTheBinomialRate) {
  // Distinct fitness, draws with replacement: the best of N wins a tournament of size k with
  // probability 1 - (1 - 1/N)^k.
  const Eigen::VectorXd fitness = (Eigen::VectorXd(6) << 3.0, -1.0, 7.0, 0.5, 2.0, 9.0).finished();
  Rng rng(42);
  const int draws = 20000;
  for (const int k : {1, 2, 3, 5}) {
    int best = 0;
    for (int i = 0; i < draws; ++i) best += tournament_selection(fitness, k, rng) == 1;
    const double p = 1.0 - std::pow(1.0 - 1.0 / 6.0, k);
    const double sd = std::sqrt(draws * p * (1.0 - p));
    EXPECT_NEAR(best, draws * p, 4.0 * sd) << "tournament size " << k;
  }
}

TEST(TournamentSelection, WorstWinsOnlyAlone) {
  const Eigen::VectorXd fitness = (Eigen::VectorXd(3) << 1.0, 2.0, 3.0).finished();
  Rng rng(1);
  for (int i = 0; i < 2000; ++i) {
    const Eigen::Index winner = tournament_selection(fitness, 2, rng);
    // Index 2 can win a size-2 tournament only against itself: probability 1/9.
    ASSERT_GE(winner, 0);
    ASSERT_LE(winner, 2);
  }
  int worst = 0;
  for (int i = 0; i < 9000; ++i) worst += tournament_selection(fitness, 2, rng) == 2;
  EXPECT_NEAR(worst, 1000, 4.0 * std::sqrt(9000 * (1.0 / 9) * (8.0 / 9)));
}

TEST(RouletteSelection, RankWeightsWorkForNegativeFitness) {
  // Ranks: index 2 best (weight 4), 0 (3), 3 (2), 1 worst (weight 1); total 10.
  const Eigen::VectorXd fitness = (Eigen::VectorXd(4) << -5.0, 100.0, -1e6, 3.0).finished();
  Rng rng(7);
  std::vector<int> counts(4, 0);
  const int draws = 40000;
  for (int i = 0; i < draws; ++i) ++counts[static_cast<size_t>(roulette_selection(fitness, rng))];
  const double expected[] = {0.3, 0.1, 0.4, 0.2};
  for (size_t i = 0; i < 4; ++i) {
    const double sd = std::sqrt(draws * expected[i] * (1.0 - expected[i]));
    EXPECT_NEAR(counts[i], draws * expected[i], 4.0 * sd) << "member " << i;
  }
  EXPECT_GT(counts[2], counts[0]);
  EXPECT_GT(counts[3], counts[1]);
}

TEST(EliteIndices, ReturnsTheBestInOrder) {
  const Eigen::VectorXd fitness = (Eigen::VectorXd(6) << 4.0, 1.0, 3.0, 1.0, -2.0, 8.0).finished();
  EXPECT_EQ(elite_indices(fitness, 3), (std::vector<Eigen::Index>{4, 1, 3}));
  EXPECT_EQ(elite_indices(fitness, 0), std::vector<Eigen::Index>{});
  EXPECT_EQ(elite_indices(fitness, 10).size(), 6u);
  EXPECT_THROW(elite_indices(fitness, -1), std::invalid_argument);
}

TEST(Selection, RejectsBadArguments) {
  Rng rng(0);
  EXPECT_THROW(tournament_selection(Eigen::VectorXd(0), 2, rng), std::invalid_argument);
  EXPECT_THROW(tournament_selection(Eigen::VectorXd::Ones(3), 0, rng), std::invalid_argument);
  EXPECT_THROW(roulette_selection(Eigen::VectorXd(0), rng), std::invalid_argument);
  const Eigen::VectorXd not_a_number =
      (Eigen::VectorXd(3) << 1.0, std::numeric_limits<double>::quiet_NaN(), 0.0).finished();
  EXPECT_THROW(tournament_selection(not_a_number, 2, rng), std::invalid_argument);
  EXPECT_THROW(roulette_selection(not_a_number, rng), std::invalid_argument);
  EXPECT_THROW(elite_indices(not_a_number, 1), std::invalid_argument);
}

}  // namespace
}  // namespace gfo::ga
