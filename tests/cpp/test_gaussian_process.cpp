#include "gfo/gp/gaussian_process.hpp"

#include <gtest/gtest.h>

#include <Eigen/LU>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "finite_difference.hpp"
#include "gfo/gp/cholesky.hpp"

namespace {

using gfo::gp::GaussianProcess;
using gfo::gp::GPHyperparameters;
using gfo::gp::Kernel;
using gfo::gp::KernelType;

GPHyperparameters hyperparameters(const Eigen::VectorXd& lengthscales, double signal, double noise) {
  GPHyperparameters hp;
  hp.kernel.lengthscales = lengthscales;
  hp.kernel.signal_variance = signal;
  hp.noise_variance = noise;
  return hp;
}

double squared_exponential(double signal, double lengthscale, double a, double b) {
  return signal * std::exp(-0.5 * (a - b) * (a - b) / (lengthscale * lengthscale));
}

TEST(GaussianProcess, OneTrainingPointClosedForm) {
  const double signal = 1.7;
  const double lengthscale = 0.4;
  const double noise = 0.05;
  const double x1 = 0.3;
  const double y1 = -1.2;
  const GaussianProcess gp(Kernel(KernelType::kSquaredExponential, {false}), Eigen::MatrixXd::Constant(1, 1, x1),
                           Eigen::VectorXd::Constant(1, y1),
                           hyperparameters(Eigen::VectorXd::Constant(1, lengthscale), signal, noise));
  Eigen::MatrixXd points(4, 1);
  points << 0.3, 0.5, 0.9, -5.0;
  Eigen::VectorXd mean;
  Eigen::VectorXd variance;
  gp.predict(points, mean, variance);
  for (Eigen::Index i = 0; i < points.rows(); ++i) {
    const double k = squared_exponential(signal, lengthscale, points(i, 0), x1);
    EXPECT_NEAR(mean(i), k * y1 / (signal + noise), 1e-13) << points(i, 0);
    EXPECT_NEAR(variance(i), signal - k * k / (signal + noise), 1e-13) << points(i, 0);
  }
  // Far away: the prior.
  EXPECT_NEAR(mean(3), 0.0, 1e-12);
  EXPECT_NEAR(variance(3), signal, 1e-12);
}

TEST(GaussianProcess, TwoTrainingPointsClosedForm) {
  const double signal = 0.8;
  const double lengthscale = 0.25;
  const double noise = 0.01;
  const double x1 = 0.2, x2 = 0.45;
  const double y1 = 1.0, y2 = -0.5;
  Eigen::MatrixXd x(2, 1);
  x << x1, x2;
  const GaussianProcess gp(Kernel(KernelType::kSquaredExponential, {false}), x, Eigen::Vector2d(y1, y2),
                           hyperparameters(Eigen::VectorXd::Constant(1, lengthscale), signal, noise));
  // (K + noise I)^-1 = [[a, -b], [-b, a]] / (a^2 - b^2) with a = signal + noise, b = k(x1, x2).
  const double a = signal + noise;
  const double b = squared_exponential(signal, lengthscale, x1, x2);
  const double det = a * a - b * b;
  for (const double at : {0.0, 0.2, 0.3, 0.6, 1.0}) {
    const double k1 = squared_exponential(signal, lengthscale, at, x1);
    const double k2 = squared_exponential(signal, lengthscale, at, x2);
    const double expected_mean = (k1 * (a * y1 - b * y2) + k2 * (a * y2 - b * y1)) / det;
    const double expected_variance = signal - (a * k1 * k1 - 2.0 * b * k1 * k2 + a * k2 * k2) / det;
    Eigen::VectorXd mean;
    Eigen::VectorXd variance;
    gp.predict(Eigen::MatrixXd::Constant(1, 1, at), mean, variance);
    EXPECT_NEAR(mean(0), expected_mean, 1e-12) << at;
    EXPECT_NEAR(variance(0), expected_variance, 1e-12) << at;
    const gfo::gp::PointPosterior posterior = gp.predict_with_gradient(Eigen::VectorXd::Constant(1, at));
    EXPECT_NEAR(posterior.mean, expected_mean, 1e-12) << at;
    EXPECT_NEAR(posterior.variance, expected_variance, 1e-12) << at;
  }
}

TEST(GaussianProcess, MismatchedSizesThrow) {
  EXPECT_THROW(GaussianProcess(Kernel(KernelType::kMatern52, {false}), Eigen::MatrixXd::Zero(3, 1),
                               Eigen::VectorXd::Zero(2), hyperparameters(Eigen::VectorXd::Ones(1), 1.0, 1e-6)),
               std::invalid_argument);
}

// A GP on mixed inputs: dims continuous, categorical (3 choices), continuous.
struct MixedGP {
  Eigen::MatrixXd x;
  Eigen::VectorXd y;
  GaussianProcess gp;

  static Eigen::MatrixXd inputs() {
    Eigen::MatrixXd x(7, 3);
    // clang-format off
    x << 0.1, 0.0, 0.2,
         0.5, 1.0, 0.9,
         0.8, 2.0, 0.4,
         0.3, 1.0, 0.6,
         0.9, 0.0, 0.1,
         0.45, 2.0, 0.75,
         0.6, 1.0, 0.3;
    // clang-format on
    return x;
  }
  static Eigen::VectorXd targets(const Eigen::MatrixXd& x) {
    Eigen::VectorXd y(x.rows());
    for (Eigen::Index i = 0; i < x.rows(); ++i) y(i) = std::sin(4.0 * x(i, 0)) + 0.5 * x(i, 1) - x(i, 2) * x(i, 2);
    return y;
  }
  explicit MixedGP(KernelType type)
      : x(inputs()),
        y(targets(x)),
        gp(Kernel(type, {false, true, false}), x, y, hyperparameters(Eigen::Vector3d(0.35, 0.8, 0.5), 1.3, 1e-3)) {}
};

class GPKernels : public ::testing::TestWithParam<KernelType> {};

TEST_P(GPKernels, PredictAndPredictWithGradientAgree) {
  const MixedGP m(GetParam());
  Eigen::MatrixXd points(5, 3);
  // clang-format off
  points << 0.0, 0.0, 0.0,
            0.5, 1.0, 0.9,  // a training point
            0.33, 2.0, 0.61,
            0.77, 1.0, 0.12,
            1.0, 0.0, 1.0;
  // clang-format on
  Eigen::VectorXd mean;
  Eigen::VectorXd variance;
  m.gp.predict(points, mean, variance);
  for (Eigen::Index i = 0; i < points.rows(); ++i) {
    const gfo::gp::PointPosterior posterior = m.gp.predict_with_gradient(points.row(i).transpose());
    EXPECT_NEAR(posterior.mean, mean(i), 1e-12) << i;
    EXPECT_NEAR(posterior.variance, variance(i), 1e-12) << i;
    EXPECT_GT(variance(i), 0.0) << i;
    EXPECT_LE(variance(i), 1.3 * (1.0 + 1e-12)) << i;
  }
}

TEST_P(GPKernels, PosteriorMatchesDenseLinearAlgebra) {
  const MixedGP m(GetParam());
  const Kernel kernel(GetParam(), {false, true, false});
  const GPHyperparameters hp = m.gp.hyperparameters();
  Eigen::MatrixXd gram = kernel.covariance(m.x, m.x, hp.kernel);
  gram.diagonal().array() += hp.noise_variance;
  const Eigen::MatrixXd inverse = gram.inverse();
  Eigen::MatrixXd points(3, 3);
  // clang-format off
  points << 0.2, 1.0, 0.5,
            0.7, 2.0, 0.2,
            0.4, 0.0, 0.8;
  // clang-format on
  const Eigen::MatrixXd cross = kernel.covariance(points, m.x, hp.kernel);
  Eigen::VectorXd mean;
  Eigen::VectorXd variance;
  m.gp.predict(points, mean, variance);
  for (Eigen::Index i = 0; i < points.rows(); ++i) {
    const Eigen::VectorXd k = cross.row(i).transpose();
    EXPECT_NEAR(mean(i), k.dot(inverse * m.y), 1e-9) << i;
    EXPECT_NEAR(variance(i), hp.kernel.signal_variance - k.dot(inverse * k), 1e-9) << i;
  }
}

TEST_P(GPKernels, GradientsMatchFiniteDifferences) {
  const MixedGP m(GetParam());
  for (const Eigen::Vector3d& point :
       {Eigen::Vector3d(0.33, 2.0, 0.61), Eigen::Vector3d(0.05, 0.0, 0.95), Eigen::Vector3d(0.62, 1.0, 0.28)}) {
    const gfo::gp::PointPosterior posterior = m.gp.predict_with_gradient(point);
    const auto mean_at = [&](const Eigen::VectorXd& p) { return m.gp.predict_with_gradient(p).mean; };
    const auto variance_at = [&](const Eigen::VectorXd& p) { return m.gp.predict_with_gradient(p).variance; };
    const Eigen::VectorXd mean_numeric = gfo_test::central_difference(mean_at, point, 1e-6);
    const Eigen::VectorXd variance_numeric = gfo_test::central_difference(variance_at, point, 1e-6);
    ASSERT_EQ(posterior.mean_gradient.size(), 3);
    ASSERT_EQ(posterior.variance_gradient.size(), 3);
    for (const Eigen::Index j : {0, 2}) {
      EXPECT_NEAR(posterior.mean_gradient(j), mean_numeric(j), 1e-6 * std::max(1.0, std::abs(mean_numeric(j))))
          << "dim " << j << " at " << point.transpose();
      EXPECT_NEAR(posterior.variance_gradient(j), variance_numeric(j),
                  1e-6 * std::max(1.0, std::abs(variance_numeric(j))))
          << "dim " << j << " at " << point.transpose();
    }
    EXPECT_EQ(posterior.mean_gradient(1), 0.0);
    EXPECT_EQ(posterior.variance_gradient(1), 0.0);
    // Not trivially zero: the test would not notice a missing gradient otherwise.
    EXPECT_GT(posterior.mean_gradient.norm(), 1e-3);
    EXPECT_GT(posterior.variance_gradient.norm(), 1e-3);
  }
}

TEST_P(GPKernels, VarianceStaysPositiveAtTrainingPointsWithoutNoise) {
  const Eigen::MatrixXd x = MixedGP::inputs();
  const GaussianProcess gp(Kernel(GetParam(), {false, true, false}), x, MixedGP::targets(x),
                           hyperparameters(Eigen::Vector3d(0.35, 0.8, 0.5), 1.3, 1e-14));
  Eigen::VectorXd mean;
  Eigen::VectorXd variance;
  gp.predict(x, mean, variance);
  EXPECT_GT(variance.minCoeff(), 0.0);
  EXPECT_LT(variance.maxCoeff(), 1e-6);
  // An essentially noiseless GP interpolates.
  EXPECT_LT((mean - MixedGP::targets(x)).cwiseAbs().maxCoeff(), 1e-5);
  const gfo::gp::PointPosterior posterior = gp.predict_with_gradient(x.row(2).transpose());
  EXPECT_GT(posterior.variance, 0.0);
  EXPECT_TRUE(posterior.variance_gradient.allFinite());
}

INSTANTIATE_TEST_SUITE_P(BothKernels, GPKernels,
                         ::testing::Values(KernelType::kMatern52, KernelType::kSquaredExponential),
                         [](const ::testing::TestParamInfo<KernelType>& info) {
                           return info.param == KernelType::kMatern52 ? std::string("Matern52")
                                                                      : std::string("SquaredExponential");
                         });

// ---- cholesky_with_jitter

TEST(CholeskyWithJitter, PositiveDefiniteNeedsNoJitter) {
  Eigen::Matrix3d a;
  // clang-format off
  a << 4, 1, 0.5,
       1, 3, 0.2,
       0.5, 0.2, 2;
  // clang-format on
  const gfo::gp::JitteredCholesky result = gfo::gp::cholesky_with_jitter(a);
  EXPECT_EQ(result.jitter, 0.0);
  const Eigen::MatrixXd l = result.factor.matrixL();
  EXPECT_TRUE((l * l.transpose()).isApprox(Eigen::MatrixXd(a), 1e-14));
}

void expect_jittered_factor_reproduces(const Eigen::MatrixXd& a) {
  const gfo::gp::JitteredCholesky result = gfo::gp::cholesky_with_jitter(a);
  EXPECT_GT(result.jitter, 0.0);
  // Small relative to the matrix: the first tries are 1e-10 times the mean diagonal.
  EXPECT_LE(result.jitter, 1e-6 * a.diagonal().mean());
  const Eigen::MatrixXd l = result.factor.matrixL();
  const Eigen::MatrixXd expected = a + result.jitter * Eigen::MatrixXd::Identity(a.rows(), a.cols());
  EXPECT_LT((l * l.transpose() - expected).cwiseAbs().maxCoeff(), 1e-12 * a.cwiseAbs().maxCoeff());
  // The factor reproduces the matrix itself up to the jitter.
  EXPECT_LT((l * l.transpose() - a).cwiseAbs().maxCoeff(),
            result.jitter * (1.0 + 1e-6) + 1e-12 * a.cwiseAbs().maxCoeff());
}

TEST(CholeskyWithJitter, RankOneMatrixGetsJitter) {
  const Eigen::Vector3d v(1.0, 2.0, 3.0);
  expect_jittered_factor_reproduces(v * v.transpose());
}

TEST(CholeskyWithJitter, GramMatrixWithDuplicatePointsGetsJitter) {
  Eigen::MatrixXd x(4, 2);
  // clang-format off
  x << 0.1, 0.2,
       0.7, 0.4,
       0.1, 0.2,  // same as row 0
       0.3, 0.9;
  // clang-format on
  const Kernel kernel(KernelType::kSquaredExponential, {false, false});
  gfo::gp::KernelParameters p;
  p.lengthscales = Eigen::Vector2d(0.5, 0.5);
  p.signal_variance = 2.0;
  const Eigen::MatrixXd gram = kernel.covariance(x, x, p);
  // Singular: rows 0 and 2 are equal, so a plain Cholesky fails or gives a zero pivot.
  ASSERT_EQ(gram.row(0), gram.row(2));
  const gfo::gp::JitteredCholesky result = gfo::gp::cholesky_with_jitter(gram);
  const Eigen::MatrixXd l = result.factor.matrixL();
  EXPECT_TRUE(l.allFinite());
  EXPECT_GT(l.diagonal().minCoeff(), 0.0);
  EXPECT_LT((l * l.transpose() - gram).cwiseAbs().maxCoeff(), result.jitter + 1e-12);
  // The GP on such points stays usable (its noise term is tiny here).
  const GaussianProcess gp(kernel, x, Eigen::Vector4d(1.0, -1.0, 1.0, 0.5),
                           hyperparameters(p.lengthscales, p.signal_variance, 0.0));
  Eigen::VectorXd mean;
  Eigen::VectorXd variance;
  gp.predict(x, mean, variance);
  EXPECT_TRUE(mean.allFinite());
  EXPECT_NEAR(mean(0), 1.0, 1e-4);
}

TEST(CholeskyWithJitter, NonFiniteMatrixThrows) {
  Eigen::Matrix2d a;
  a << 1.0, 0.0, 0.0, std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(gfo::gp::cholesky_with_jitter(a), gfo::NumericalError);
  a(1, 1) = std::numeric_limits<double>::infinity();
  EXPECT_THROW(gfo::gp::cholesky_with_jitter(a), gfo::NumericalError);
}

TEST(CholeskyWithJitter, IndefiniteMatrixThrows) {
  // Eigenvalues 4 and -2: a jitter up to the mean diagonal (1) cannot make it positive definite.
  Eigen::Matrix2d a;
  a << 1.0, 3.0, 3.0, 1.0;
  EXPECT_THROW(gfo::gp::cholesky_with_jitter(a), gfo::NumericalError);
}

}  // namespace
