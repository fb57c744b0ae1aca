#include "gfo/gp/marginal_likelihood.hpp"

#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <cmath>
#include <random>
#include <stdexcept>
#include <string>

#include "finite_difference.hpp"

namespace {

using gfo::gp::FitOptions;
using gfo::gp::GPHyperparameters;
using gfo::gp::Kernel;
using gfo::gp::KernelType;

const double kPi = 3.14159265358979323846;

// Dims: continuous, categorical (3 choices), continuous.
const std::vector<bool> kMask = {false, true, false};

struct Data {
  Eigen::MatrixXd x;
  Eigen::VectorXd y;
};

double smooth_function(const Eigen::VectorXd& point) {
  return std::sin(5.0 * point(0)) + 0.6 * (point(1) == 1.0 ? 1.0 : 0.0) + 2.0 * (point(2) - 0.4) * (point(2) - 0.4);
}

Data make_data(int n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::uniform_int_distribution<int> choice(0, 2);
  Data data{Eigen::MatrixXd(n, 3), Eigen::VectorXd(n)};
  for (int i = 0; i < n; ++i) {
    data.x.row(i) << uniform(rng), choice(rng), uniform(rng);
    data.y(i) = smooth_function(data.x.row(i).transpose());
  }
  // Standardized, as the core's callers do.
  data.y.array() -= data.y.mean();
  data.y /= std::sqrt(data.y.squaredNorm() / n);
  return data;
}

// The covariance matrix written out from the kernels' textbook formulas.
Eigen::MatrixXd direct_gram(KernelType type, const Eigen::MatrixXd& x, const GPHyperparameters& hp) {
  const Eigen::Index n = x.rows();
  Eigen::MatrixXd gram(n, n);
  for (Eigen::Index a = 0; a < n; ++a) {
    for (Eigen::Index b = 0; b < n; ++b) {
      double r2 = 0.0;
      for (Eigen::Index j = 0; j < x.cols(); ++j) {
        const double distance = kMask[static_cast<size_t>(j)] ? (x(a, j) == x(b, j) ? 0.0 : 1.0)
                                                              : (x(a, j) - x(b, j)) * (x(a, j) - x(b, j));
        r2 += distance / (hp.kernel.lengthscales(j) * hp.kernel.lengthscales(j));
      }
      const double r = std::sqrt(r2);
      const double profile = type == KernelType::kMatern52
                                 ? (1.0 + std::sqrt(5.0) * r + 5.0 * r2 / 3.0) * std::exp(-std::sqrt(5.0) * r)
                                 : std::exp(-0.5 * r2);
      gram(a, b) = hp.kernel.signal_variance * profile + (a == b ? hp.noise_variance : 0.0);
    }
  }
  return gram;
}

Eigen::VectorXd some_theta() {
  Eigen::VectorXd theta(5);
  theta << std::log(0.4), std::log(1.3), std::log(0.7), std::log(0.9), std::log(0.02);
  return theta;
}

double log_posterior(const Kernel& kernel, const Data& data, const Eigen::VectorXd& theta) {
  return gfo::gp::log_marginal_likelihood(kernel, data.x, data.y, theta, nullptr) + gfo::gp::log_prior(theta, nullptr);
}

class BothKernels : public ::testing::TestWithParam<KernelType> {};

TEST(LogParameters, RoundTrip) {
  GPHyperparameters hp;
  hp.kernel.lengthscales = Eigen::Vector3d(0.2, 3.0, 1e-3);
  hp.kernel.signal_variance = 4.5;
  hp.noise_variance = 1e-6;
  const Eigen::VectorXd theta = gfo::gp::to_log_parameters(hp);
  ASSERT_EQ(theta.size(), 5);
  EXPECT_NEAR(theta(0), std::log(0.2), 1e-15);
  EXPECT_NEAR(theta(3), std::log(4.5), 1e-15);
  EXPECT_NEAR(theta(4), std::log(1e-6), 1e-15);
  const GPHyperparameters back = gfo::gp::from_log_parameters(theta);
  EXPECT_TRUE(back.kernel.lengthscales.isApprox(hp.kernel.lengthscales, 1e-14));
  EXPECT_NEAR(back.kernel.signal_variance, 4.5, 1e-14);
  EXPECT_NEAR(back.noise_variance, 1e-6, 1e-20);
}

TEST(LogParameters, TooShortIsRejected) {
  EXPECT_THROW(gfo::gp::from_log_parameters(Eigen::VectorXd::Zero(1)), std::invalid_argument);
  EXPECT_EQ(gfo::gp::from_log_parameters(Eigen::VectorXd::Zero(2)).kernel.lengthscales.size(), 0);
}

TEST_P(BothKernels, LogMarginalLikelihoodMatchesDirectFormula) {
  const Data data = make_data(12, 1);
  const Kernel kernel(GetParam(), kMask);
  for (const Eigen::VectorXd& theta : {some_theta(), Eigen::VectorXd(some_theta().array() + 0.5)}) {
    const Eigen::MatrixXd gram = direct_gram(GetParam(), data.x, gfo::gp::from_log_parameters(theta));
    const Eigen::LDLT<Eigen::MatrixXd> ldlt(gram);
    ASSERT_EQ(ldlt.info(), Eigen::Success);
    const double log_det = ldlt.vectorD().array().log().sum();
    const double n = static_cast<double>(data.y.size());
    const double expected = -0.5 * data.y.dot(ldlt.solve(data.y)) - 0.5 * log_det - 0.5 * n * std::log(2.0 * kPi);
    const double value = gfo::gp::log_marginal_likelihood(kernel, data.x, data.y, theta, nullptr);
    EXPECT_NEAR(value, expected, 1e-9 * std::max(1.0, std::abs(expected)));
    Eigen::VectorXd gradient;
    EXPECT_EQ(gfo::gp::log_marginal_likelihood(kernel, data.x, data.y, theta, &gradient), value);
  }
}

TEST(LogMarginalLikelihood, OnePointClosedForm) {
  // n = 1: y ~ N(0, signal + noise).
  const Kernel kernel(KernelType::kMatern52, {false});
  const Eigen::MatrixXd x = Eigen::MatrixXd::Constant(1, 1, 0.3);
  const Eigen::VectorXd y = Eigen::VectorXd::Constant(1, 1.7);
  Eigen::VectorXd theta(3);
  theta << std::log(0.5), std::log(2.0), std::log(0.1);
  const double variance = 2.1;
  EXPECT_NEAR(gfo::gp::log_marginal_likelihood(kernel, x, y, theta, nullptr),
              -0.5 * 1.7 * 1.7 / variance - 0.5 * std::log(variance) - 0.5 * std::log(2.0 * kPi), 1e-14);
}

TEST_P(BothKernels, LogMarginalLikelihoodGradientMatchesFiniteDifferences) {
  const Data data = make_data(12, 2);
  const Kernel kernel(GetParam(), kMask);
  for (const Eigen::VectorXd& theta :
       {some_theta(), Eigen::VectorXd(some_theta().array() - 0.7), Eigen::VectorXd(some_theta().array() + 0.9)}) {
    Eigen::VectorXd gradient;
    gfo::gp::log_marginal_likelihood(kernel, data.x, data.y, theta, &gradient);
    ASSERT_EQ(gradient.size(), theta.size());
    const auto f = [&](const Eigen::VectorXd& t) {
      return gfo::gp::log_marginal_likelihood(kernel, data.x, data.y, t, nullptr);
    };
    const Eigen::VectorXd numeric = gfo_test::central_difference(f, theta, 1e-5);
    for (Eigen::Index k = 0; k < theta.size(); ++k) {
      EXPECT_NEAR(gradient(k), numeric(k), 1e-5 * std::max(1.0, std::abs(numeric(k))))
          << "component " << k << " at theta " << theta.transpose();
    }
    // The categorical length scale matters to the likelihood: its gradient is not trivially zero.
    EXPECT_GT(std::abs(gradient(1)), 1e-4);
  }
}

TEST(LogPrior, GradientMatchesFiniteDifferences) {
  for (const Eigen::Index d : {1, 3, 10}) {
    std::mt19937_64 rng(static_cast<std::uint64_t>(d));
    std::normal_distribution<double> normal(0.0, 2.0);
    Eigen::VectorXd theta(d + 2);
    for (Eigen::Index k = 0; k < theta.size(); ++k) theta(k) = normal(rng);
    Eigen::VectorXd gradient;
    const double value = gfo::gp::log_prior(theta, &gradient);
    EXPECT_EQ(gfo::gp::log_prior(theta, nullptr), value);
    ASSERT_EQ(gradient.size(), theta.size());
    const auto f = [](const Eigen::VectorXd& t) { return gfo::gp::log_prior(t, nullptr); };
    const Eigen::VectorXd numeric = gfo_test::central_difference(f, theta, 1e-5);
    EXPECT_LT((gradient - numeric).cwiseAbs().maxCoeff(), 1e-7) << "d = " << d;
  }
}

TEST(LogPrior, PrefersModerateValues) {
  // Weak priors: a length scale of order one beats extreme ones, tiny noise beats noise as large
  // as the standardized targets' variance.
  Eigen::VectorXd theta(3);
  theta << 0.0, 0.0, std::log(1e-4);
  Eigen::VectorXd extreme = theta;
  extreme(0) = std::log(1e-3);
  EXPECT_GT(gfo::gp::log_prior(theta, nullptr), gfo::gp::log_prior(extreme, nullptr));
  extreme = theta;
  extreme(0) = std::log(1e3);
  EXPECT_GT(gfo::gp::log_prior(theta, nullptr), gfo::gp::log_prior(extreme, nullptr));
  extreme = theta;
  extreme(2) = 0.0;
  EXPECT_GT(gfo::gp::log_prior(theta, nullptr), gfo::gp::log_prior(extreme, nullptr));
}

TEST_P(BothKernels, FitIncreasesTheLogPosterior) {
  const Data data = make_data(20, 3);
  const Kernel kernel(GetParam(), kMask);
  FitOptions options;
  const GPHyperparameters fitted = gfo::gp::fit_hyperparameters(kernel, data.x, data.y, options, nullptr);
  ASSERT_TRUE(fitted.kernel.lengthscales.allFinite());
  ASSERT_EQ(fitted.kernel.lengthscales.size(), 3);
  const double fitted_value = log_posterior(kernel, data, gfo::gp::to_log_parameters(fitted));
  // Points a fit could start from: length scales of the unit cube's width, the dimension-scaled
  // exp(sqrt2 + log(d) / 2) of Hvarfner et al. 2024, short and long ones; prior-like noise levels.
  const double dimension_scaled_lengthscale = std::exp(std::sqrt(2.0) + 0.5 * std::log(3.0));
  for (const double lengthscale : {1.0, dimension_scaled_lengthscale, 0.3, 1.5, 0.05, 20.0}) {
    for (const double log_noise : {-6.0, std::log(options.noise_floor), -1.0}) {
      Eigen::VectorXd start(5);
      start << Eigen::Vector3d::Constant(std::log(lengthscale)), 0.0, log_noise;
      EXPECT_GE(fitted_value, log_posterior(kernel, data, start))
          << "length scale " << lengthscale << ", log noise " << log_noise;
    }
  }
  // A stationary point of the log posterior (up to the box's bounds).
  Eigen::VectorXd likelihood_gradient;
  Eigen::VectorXd prior_gradient;
  const Eigen::VectorXd theta = gfo::gp::to_log_parameters(fitted);
  gfo::gp::log_marginal_likelihood(kernel, data.x, data.y, theta, &likelihood_gradient);
  gfo::gp::log_prior(theta, &prior_gradient);
  const Eigen::VectorXd gradient = likelihood_gradient + prior_gradient;
  for (Eigen::Index k = 0; k < 4; ++k) EXPECT_LT(std::abs(gradient(k)), 0.05) << "component " << k;
  EXPECT_GE(fitted.noise_variance, options.noise_floor * (1.0 - 1e-12));
}

TEST_P(BothKernels, WarmStartFromTheFitStaysThere) {
  const Data data = make_data(20, 4);
  const Kernel kernel(GetParam(), kMask);
  const FitOptions options;
  const GPHyperparameters fitted = gfo::gp::fit_hyperparameters(kernel, data.x, data.y, options, nullptr);
  const GPHyperparameters again = gfo::gp::fit_hyperparameters(kernel, data.x, data.y, options, &fitted);
  const Eigen::VectorXd theta = gfo::gp::to_log_parameters(fitted);
  const Eigen::VectorXd theta_again = gfo::gp::to_log_parameters(again);
  const double value = log_posterior(kernel, data, theta);
  const double value_again = log_posterior(kernel, data, theta_again);
  EXPECT_GE(value_again, value - 1e-6 * std::abs(value));
  EXPECT_LT((theta_again - theta).head(4).cwiseAbs().maxCoeff(), 0.05)
      << theta.transpose() << " vs " << theta_again.transpose();
}

TEST(FitHyperparameters, WarmStartIsKeptBetweenRefits) {
  const Data data = make_data(15, 5);
  const Kernel kernel(KernelType::kMatern52, kMask);
  FitOptions options;
  options.always_refit_below = 10;
  options.refit_growth = 0.3;  // levels floor(log(n / 10) / log 1.3): 1 at n = 14 and 15, no refit
  GPHyperparameters warm;
  warm.kernel.lengthscales = Eigen::Vector3d(0.5, 0.6, 0.7);
  warm.kernel.signal_variance = 1.1;
  warm.noise_variance = 0.01;
  const GPHyperparameters kept = gfo::gp::fit_hyperparameters(kernel, data.x, data.y, options, &warm);
  EXPECT_EQ(kept.kernel.lengthscales, warm.kernel.lengthscales);
  EXPECT_EQ(kept.kernel.signal_variance, warm.kernel.signal_variance);
  EXPECT_EQ(kept.noise_variance, warm.noise_variance);
  options.refit_growth = 0.05;  // level 6 at n = 14, 8 at n = 15: refit
  const GPHyperparameters refitted = gfo::gp::fit_hyperparameters(kernel, data.x, data.y, options, &warm);
  EXPECT_GT(log_posterior(kernel, data, gfo::gp::to_log_parameters(refitted)),
            log_posterior(kernel, data, gfo::gp::to_log_parameters(warm)));
}

TEST(RefitLevel, GeometricLevelsBeyondTheAlwaysRefitCount) {
  const FitOptions defaults;  // refit every trial up to 100 observations, then every 10% growth
  EXPECT_EQ(gfo::gp::refit_level(50, defaults), -1);
  EXPECT_EQ(gfo::gp::refit_level(100, defaults), -1);
  EXPECT_EQ(gfo::gp::refit_level(101, defaults), 0);
  EXPECT_EQ(gfo::gp::refit_level(109, defaults), 0);
  EXPECT_EQ(gfo::gp::refit_level(111, defaults), 1);
  EXPECT_EQ(gfo::gp::refit_level(133, defaults), 2);
  EXPECT_EQ(gfo::gp::refit_level(134, defaults), 3);
  EXPECT_EQ(gfo::gp::refit_level(1000, defaults), 24);  // 100 * 1.1^24 = 985
  FitOptions never_grows;
  never_grows.refit_growth = 0.0;
  EXPECT_EQ(gfo::gp::refit_level(1000, never_grows), -1);
}

TEST(RefitDue, FromTheWarmStartsLevelOrFromNMinusOneWhenUnknown) {
  FitOptions options;
  EXPECT_TRUE(gfo::gp::refit_due(80, options));  // every proposal refits up to 100 observations
  options.warm_start_observations = 115;
  EXPECT_FALSE(gfo::gp::refit_due(120, options));
  EXPECT_TRUE(gfo::gp::refit_due(125, options));  // 121 passed in between
  options.warm_start_observations = 0;
  EXPECT_FALSE(gfo::gp::refit_due(125, options));  // 124 and 125 share a level
  EXPECT_TRUE(gfo::gp::refit_due(134, options));   // 133.1 lies between 133 and 134
}

TEST(FitHyperparameters, RefitPointsCountFromTheWarmStartsObservations) {
  const Data data = make_data(15, 5);
  const Kernel kernel(KernelType::kMatern52, kMask);
  GPHyperparameters warm;
  warm.kernel.lengthscales = Eigen::Vector3d(0.5, 0.6, 0.7);
  warm.kernel.signal_variance = 1.1;
  warm.noise_variance = 0.01;
  const auto kept = [&](const FitOptions& options) {
    const GPHyperparameters fitted = gfo::gp::fit_hyperparameters(kernel, data.x, data.y, options, &warm);
    return fitted.kernel.lengthscales == warm.kernel.lengthscales && fitted.noise_variance == warm.noise_variance;
  };
  FitOptions options;
  options.always_refit_below = 10;
  options.refit_growth = 0.3;            // levels: 0 below n = 13, 1 from 13 to 16, 2 from 17
  options.warm_start_observations = 12;  // fitted on level 0; n = 15 is on level 1
  EXPECT_FALSE(kept(options));
  options.warm_start_observations = 14;  // fitted on level 1: kept until n = 17
  EXPECT_TRUE(kept(options));
  options.warm_start_observations = 0;  // unknown: n = 14 and 15 are on the same level
  EXPECT_TRUE(kept(options));
}

TEST_P(BothKernels, FixedNoiseStaysAtTheFloor) {
  const Data data = make_data(15, 6);
  const Kernel kernel(GetParam(), kMask);
  FitOptions options;
  options.fixed_noise = true;
  options.noise_floor = 1e-5;
  const GPHyperparameters fitted = gfo::gp::fit_hyperparameters(kernel, data.x, data.y, options, nullptr);
  EXPECT_DOUBLE_EQ(fitted.noise_variance, 1e-5);
  // Also from a warm start whose noise is elsewhere, refitted or kept.
  GPHyperparameters warm = fitted;
  warm.noise_variance = 0.3;
  EXPECT_DOUBLE_EQ(gfo::gp::fit_hyperparameters(kernel, data.x, data.y, options, &warm).noise_variance, 1e-5);
  options.always_refit_below = 0;
  options.refit_growth = 10.0;  // level floor(log n / log 11) is 1 at n = 14 and 15: kept
  EXPECT_DOUBLE_EQ(gfo::gp::fit_hyperparameters(kernel, data.x, data.y, options, &warm).noise_variance, 1e-5);
}

TEST(FitHyperparameters, FreeNoiseIsAtLeastTheFloor) {
  // Pure noise tempts the fit towards the smallest noise it may use.
  std::mt19937_64 rng(8);
  std::normal_distribution<double> normal(0.0, 1.0);
  Data data = make_data(25, 7);
  for (Eigen::Index i = 0; i < data.y.size(); ++i) data.y(i) = normal(rng);
  for (const double floor : {1e-4, 0.05}) {
    FitOptions options;
    options.noise_floor = floor;
    const GPHyperparameters fitted =
        gfo::gp::fit_hyperparameters(Kernel(KernelType::kMatern52, kMask), data.x, data.y, options, nullptr);
    EXPECT_GE(fitted.noise_variance, floor * (1.0 - 1e-12));
    EXPECT_LE(fitted.noise_variance, 2.0 * (1.0 + 1e-12));
  }
}

TEST(FitHyperparameters, MismatchedShapesThrow) {
  const Kernel kernel(KernelType::kMatern52, kMask);
  const Data data = make_data(10, 9);
  EXPECT_THROW(gfo::gp::fit_hyperparameters(kernel, data.x, data.y.head(9), FitOptions(), nullptr),
               std::invalid_argument);
  EXPECT_THROW(gfo::gp::fit_hyperparameters(kernel, data.x.leftCols(2), data.y, FitOptions(), nullptr),
               std::invalid_argument);
}

INSTANTIATE_TEST_SUITE_P(Kernels, BothKernels,
                         ::testing::Values(KernelType::kMatern52, KernelType::kSquaredExponential),
                         [](const ::testing::TestParamInfo<KernelType>& info) {
                           return info.param == KernelType::kMatern52 ? std::string("Matern52")
                                                                      : std::string("SquaredExponential");
                         });

}  // namespace
