#include "gfo/gp/gram_factor.hpp"

#include <gtest/gtest.h>

#include <random>

#include "gp_proposal_support.hpp"

namespace {

using gfo::gp::GPHyperparameters;
using gfo::gp::GramFactor;
using gfo::gp::Kernel;
using gfo::gp::KernelType;

Eigen::MatrixXd random_points(Eigen::Index n, Eigen::Index d, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  Eigen::MatrixXd x(n, d);
  for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = uniform(rng);
  return x;
}

GPHyperparameters hyperparameters(Eigen::Index d) {
  GPHyperparameters hp;
  hp.kernel.lengthscales = Eigen::VectorXd::LinSpaced(d, 0.3, 0.9);
  hp.kernel.signal_variance = 1.7;
  hp.noise_variance = 1e-4;
  return hp;
}

TEST(GramFactor, ExtensionEqualsAFreshFactorization) {
  const Kernel kernel(KernelType::kMatern52, {false, false, true});
  Eigen::MatrixXd x = random_points(60, 3, 1);
  x.col(2) = (x.col(2).array() * 3.0).floor().matrix();  // a categorical dimension with 3 choices
  const GramFactor first(kernel, x.topRows(45), hyperparameters(3));
  const GramFactor extended = first.extended(kernel, x.bottomRows(15));
  const GramFactor fresh(kernel, x, hyperparameters(3));
  EXPECT_EQ(extended.inputs(), x);
  EXPECT_LT((extended.lower() - fresh.lower()).cwiseAbs().maxCoeff(), 1e-10);
  const Eigen::VectorXd b = Eigen::VectorXd::LinSpaced(60, -1.0, 2.0);
  EXPECT_LT((extended.solve(b) - fresh.solve(b)).cwiseAbs().maxCoeff(), 1e-7);
}

TEST(GramFactor, SolveInvertsTheGramMatrix) {
  const Kernel kernel(KernelType::kSquaredExponential, {false, false});
  const Eigen::MatrixXd x = random_points(20, 2, 2);
  const GramFactor factor(kernel, x, hyperparameters(2));
  Eigen::MatrixXd gram = kernel.covariance(x, x, hyperparameters(2).kernel);
  gram.diagonal().array() += hyperparameters(2).noise_variance + factor.jitter();
  const Eigen::MatrixXd identity = gram * factor.solve(Eigen::MatrixXd::Identity(20, 20));
  EXPECT_LT((identity - Eigen::MatrixXd::Identity(20, 20)).cwiseAbs().maxCoeff(), 1e-6);
  const Eigen::VectorXd b = Eigen::VectorXd::LinSpaced(20, -1.0, 2.0);
  EXPECT_LT((gram * factor.solve_vector(b) - b).cwiseAbs().maxCoeff(), 1e-6);
  EXPECT_LT((factor.solve_vector(b) - factor.solve(Eigen::MatrixXd(b))).cwiseAbs().maxCoeff(), 1e-9);
}

TEST(GramFactor, CopiesShareTheFactorAndExtensionsLeaveItUnchanged) {
  const Kernel kernel(KernelType::kMatern52, {false, false});
  const Eigen::MatrixXd x = random_points(12, 2, 4);
  const GramFactor factor(kernel, x.topRows(8), hyperparameters(2));
  const Eigen::MatrixXd lower_before = factor.lower();
  const GramFactor copy = factor;  // NOLINT(performance-unnecessary-copy-initialization)
  EXPECT_EQ(&copy.lower(), &factor.lower());
  const GramFactor extended = copy.extended(kernel, x.bottomRows(4));
  EXPECT_EQ(extended.lower().rows(), 12);
  EXPECT_EQ(factor.lower(), lower_before);
  EXPECT_EQ(factor.inputs().rows(), 8);
}

TEST(GramFactor, PrefixNeedsTheSameRowsHyperparametersAndKernel) {
  const Kernel kernel(KernelType::kMatern52, {false, false});
  const Eigen::MatrixXd x = random_points(10, 2, 3);
  const GramFactor factor(kernel, x.topRows(6), hyperparameters(2));
  EXPECT_TRUE(factor.is_prefix_of(kernel, x, hyperparameters(2)));
  EXPECT_TRUE(factor.is_prefix_of(kernel, x.topRows(6), hyperparameters(2)));
  EXPECT_FALSE(factor.is_prefix_of(kernel, x.topRows(5), hyperparameters(2)));
  Eigen::MatrixXd moved = x;
  moved(2, 1) += 1e-12;
  EXPECT_FALSE(factor.is_prefix_of(kernel, moved, hyperparameters(2)));
  GPHyperparameters other = hyperparameters(2);
  other.noise_variance *= 2.0;
  EXPECT_FALSE(factor.is_prefix_of(kernel, x, other));
  EXPECT_FALSE(factor.is_prefix_of(Kernel(KernelType::kSquaredExponential, {false, false}), x, hyperparameters(2)));
}

// Between refits the proposal with a cached factor is the proposal without it.
TEST(ProposeGPEIWithFactor, SameProposalAsWithoutTheCache) {
  const gfo::SearchSpace space(
      {gfo::Dimension::continuous(0.0, 1.0, false), gfo::Dimension::continuous(0.0, 1.0, false)});
  const Eigen::MatrixXd x = random_points(130, 2, 4);
  const Eigen::VectorXd y = (x.array() - 0.3).square().rowwise().sum();
  const gfo::gp::GPEIOptions options;
  // n = 125 and 126 lie between the refits at 121 and 133: the hyperparameters are reused.
  const gfo_test::EIProposal at_125 =
      gfo_test::propose_ei(space, x.topRows(125), y.head(125), Eigen::MatrixXd(0, 2), options, nullptr, 7);
  ASSERT_TRUE(at_125.observed_factor.has_value());
  const Eigen::MatrixXd pending = x.row(129);
  const gfo_test::EIProposal cached = gfo_test::propose_ei(space, x.topRows(126), y.head(126), pending, options,
                                                           &at_125.hyperparameters, 9, &*at_125.observed_factor);
  const gfo_test::EIProposal fresh =
      gfo_test::propose_ei(space, x.topRows(126), y.head(126), pending, options, &at_125.hyperparameters, 9);
  // Rounding differences pass through the L-BFGS stopping rule (relative tolerance 1e-6).
  EXPECT_LT((cached.point - fresh.point).cwiseAbs().maxCoeff(), 1e-4);
  EXPECT_EQ(cached.observed_factor->inputs().rows(), 126);
  EXPECT_LT((cached.observed_factor->lower() - fresh.observed_factor->lower()).cwiseAbs().maxCoeff(), 1e-9);
}

}  // namespace
