#include "gfo/gp/kernel.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "finite_difference.hpp"

namespace {

using gfo::gp::Kernel;
using gfo::gp::KernelParameters;
using gfo::gp::KernelType;

double matern52(double r) { return (1.0 + std::sqrt(5.0) * r + 5.0 * r * r / 3.0) * std::exp(-std::sqrt(5.0) * r); }

class KernelTypes : public ::testing::TestWithParam<KernelType> {};

TEST(KernelProfile, ClosedForms) {
  EXPECT_DOUBLE_EQ(gfo::gp::kernel_profile(KernelType::kMatern52, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(gfo::gp::kernel_profile(KernelType::kSquaredExponential, 0.0), 1.0);
  for (const double r : {1e-4, 0.1, 0.5, 1.0, 2.3, 7.0}) {
    EXPECT_NEAR(gfo::gp::kernel_profile(KernelType::kMatern52, r * r), matern52(r), 1e-15) << r;
    EXPECT_NEAR(gfo::gp::kernel_profile(KernelType::kSquaredExponential, r * r), std::exp(-0.5 * r * r), 1e-15) << r;
  }
  // A hand-checked value: r = 1 gives (1 + sqrt5 + 5/3) e^-sqrt5 = 0.52399410883182031...
  EXPECT_NEAR(gfo::gp::kernel_profile(KernelType::kMatern52, 1.0), 0.52399410883182031, 1e-15);
}

TEST_P(KernelTypes, ProfileDerivativeMatchesFiniteDifferences) {
  const KernelType type = GetParam();
  for (const double r2 : {1e-3, 0.04, 0.3, 1.0, 2.5, 9.0}) {
    const double h = 1e-6 * std::max(r2, 1e-2);
    const double numeric = (gfo::gp::kernel_profile(type, r2 + h) - gfo::gp::kernel_profile(type, r2 - h)) / (2.0 * h);
    EXPECT_NEAR(gfo::gp::kernel_profile_derivative(type, r2), numeric, 1e-7) << r2;
  }
}

TEST_P(KernelTypes, MatrixProfileMatchesScalarProfile) {
  Eigen::MatrixXd r2(2, 3);
  // clang-format off
  r2 << 0.0, 0.01, 0.5,
        1.0, 4.0, 30.0;
  // clang-format on
  Eigen::MatrixXd derivative;
  const Eigen::MatrixXd value = gfo::gp::kernel_profile(GetParam(), r2, &derivative);
  ASSERT_EQ(value.rows(), 2);
  ASSERT_EQ(value.cols(), 3);
  ASSERT_EQ(derivative.rows(), 2);
  ASSERT_EQ(derivative.cols(), 3);
  for (Eigen::Index i = 0; i < r2.rows(); ++i) {
    for (Eigen::Index j = 0; j < r2.cols(); ++j) {
      EXPECT_NEAR(value(i, j), gfo::gp::kernel_profile(GetParam(), r2(i, j)), 1e-15) << r2(i, j);
      EXPECT_NEAR(derivative(i, j), gfo::gp::kernel_profile_derivative(GetParam(), r2(i, j)), 1e-15) << r2(i, j);
    }
  }
  EXPECT_EQ(gfo::gp::kernel_profile(GetParam(), r2, nullptr), value);
}

TEST(KernelProfile, DerivativeAtZeroIsTheOneSidedLimit) {
  // Matern 5/2: 1 - (5/6) r2 + O(r2^1.5); squared exponential: 1 - r2 / 2 + O(r2^2).
  EXPECT_DOUBLE_EQ(gfo::gp::kernel_profile_derivative(KernelType::kMatern52, 0.0), -5.0 / 6.0);
  EXPECT_DOUBLE_EQ(gfo::gp::kernel_profile_derivative(KernelType::kSquaredExponential, 0.0), -0.5);
  const double h = 1e-8;
  EXPECT_NEAR((gfo::gp::kernel_profile(KernelType::kMatern52, h) - 1.0) / h, -5.0 / 6.0, 1e-3);
}

// Points with dims: continuous, categorical (3 choices), continuous.
Eigen::MatrixXd mixed_points() {
  Eigen::MatrixXd x(5, 3);
  // clang-format off
  x << 0.1, 0.0, 0.9,
       0.4, 2.0, 0.3,
       0.4, 2.0, 0.8,
       0.75, 1.0, 0.05,
       0.2, 0.0, 0.6;
  // clang-format on
  return x;
}

KernelParameters mixed_parameters() {
  KernelParameters p;
  p.lengthscales = Eigen::Vector3d(0.3, 0.7, 1.6);
  p.signal_variance = 2.4;
  return p;
}

const std::vector<bool> kMixedMask = {false, true, false};

TEST_P(KernelTypes, CovarianceMatchesDirectFormula) {
  const Kernel kernel(GetParam(), kMixedMask);
  const Eigen::MatrixXd x = mixed_points();
  const KernelParameters p = mixed_parameters();
  const Eigen::MatrixXd k = kernel.covariance(x, x, p);
  ASSERT_EQ(k.rows(), x.rows());
  ASSERT_EQ(k.cols(), x.rows());
  for (Eigen::Index a = 0; a < x.rows(); ++a) {
    for (Eigen::Index b = 0; b < x.rows(); ++b) {
      double r2 = 0.0;
      r2 += std::pow((x(a, 0) - x(b, 0)) / p.lengthscales(0), 2);
      r2 += (x(a, 1) == x(b, 1) ? 0.0 : 1.0) / std::pow(p.lengthscales(1), 2);
      r2 += std::pow((x(a, 2) - x(b, 2)) / p.lengthscales(2), 2);
      const double r = std::sqrt(r2);
      const double expected =
          p.signal_variance * (GetParam() == KernelType::kMatern52 ? matern52(r) : std::exp(-0.5 * r2));
      EXPECT_NEAR(k(a, b), expected, 1e-14) << a << ", " << b;
      EXPECT_EQ(k(a, b), k(b, a));
    }
    EXPECT_DOUBLE_EQ(k(a, a), p.signal_variance);
  }
}

TEST(Kernel, CategoricalDimsUseHammingDistance) {
  const Kernel kernel(KernelType::kSquaredExponential, {true});
  const Eigen::VectorXd lengthscale = Eigen::VectorXd::Constant(1, 0.5);
  Eigen::MatrixXd a(4, 1);
  a << 0.0, 1.0, 2.0, 5.0;
  const Eigen::MatrixXd d = kernel.squared_distance(a, a, lengthscale);
  for (Eigen::Index i = 0; i < 4; ++i)
    for (Eigen::Index j = 0; j < 4; ++j) EXPECT_DOUBLE_EQ(d(i, j), i == j ? 0.0 : 4.0) << i << ", " << j;
  // Choices 0 and 5 are exactly as different as 0 and 1.
  EXPECT_EQ(kernel.dimension_distance(a, a, 0)(0, 3), 1.0);
  EXPECT_EQ(kernel.dimension_distance(a, a, 0)(0, 1), 1.0);
}

TEST(Kernel, SquaredDistanceScalesEachDimension) {
  const Kernel kernel(KernelType::kMatern52, {false, false});
  Eigen::MatrixXd a(1, 2);
  a << 0.0, 0.0;
  Eigen::MatrixXd b(2, 2);
  b << 0.3, 0.4, 1.0, -1.0;
  const Eigen::MatrixXd d = kernel.squared_distance(a, b, Eigen::Vector2d(0.5, 2.0));
  ASSERT_EQ(d.rows(), 1);
  ASSERT_EQ(d.cols(), 2);
  EXPECT_NEAR(d(0, 0), 0.09 / 0.25 + 0.16 / 4.0, 1e-15);
  EXPECT_NEAR(d(0, 1), 1.0 / 0.25 + 1.0 / 4.0, 1e-15);
}

TEST_P(KernelTypes, RectangularCovarianceAgreesWithSquare) {
  const Kernel kernel(GetParam(), kMixedMask);
  const Eigen::MatrixXd x = mixed_points();
  const KernelParameters p = mixed_parameters();
  const Eigen::MatrixXd full = kernel.covariance(x, x, p);
  const Eigen::MatrixXd part = kernel.covariance(x.topRows(2), x.bottomRows(3), p);
  EXPECT_TRUE(part.isApprox(full.topRightCorner(2, 3), 1e-15));
}

TEST_P(KernelTypes, CovarianceWithGradientMatchesFiniteDifferences) {
  const Kernel kernel(GetParam(), kMixedMask);
  const Eigen::MatrixXd b = mixed_points();
  const KernelParameters p = mixed_parameters();
  // Rows 1 and 2 of b share x's categorical value, the others do not.
  const Eigen::Vector3d x(0.33, 2.0, 0.47);
  Eigen::MatrixXd gradient;
  const Eigen::VectorXd k = kernel.covariance_with_gradient(x, b, p, gradient);
  ASSERT_EQ(gradient.rows(), b.rows());
  ASSERT_EQ(gradient.cols(), 3);
  const Eigen::MatrixXd row = x.transpose();
  EXPECT_TRUE(k.isApprox(kernel.covariance(row, b, p).transpose(), 1e-15));
  for (Eigen::Index i = 0; i < b.rows(); ++i) {
    const auto k_i = [&](const Eigen::VectorXd& point) {
      return kernel.covariance(Eigen::MatrixXd(point.transpose()), b.row(i), p)(0, 0);
    };
    const Eigen::VectorXd numeric = gfo_test::central_difference(k_i, x, 1e-6);
    EXPECT_NEAR(gradient(i, 0), numeric(0), 1e-7) << "row " << i;
    EXPECT_NEAR(gradient(i, 2), numeric(2), 1e-7) << "row " << i;
    // Categorical coordinates do not move continuously.
    EXPECT_EQ(gradient(i, 1), 0.0) << "row " << i;
  }
}

TEST_P(KernelTypes, GradientVanishesAtTheTrainingPointItself) {
  const Kernel kernel(GetParam(), kMixedMask);
  const Eigen::MatrixXd b = mixed_points();
  Eigen::MatrixXd gradient;
  kernel.covariance_with_gradient(b.row(3).transpose(), b, mixed_parameters(), gradient);
  EXPECT_EQ(gradient.row(3).norm(), 0.0);
}

TEST(Kernel, MismatchedDimensionsThrow) {
  const Kernel kernel(KernelType::kMatern52, {false, false});
  const Eigen::MatrixXd three = Eigen::MatrixXd::Zero(2, 3);
  const Eigen::MatrixXd two = Eigen::MatrixXd::Zero(2, 2);
  EXPECT_THROW(kernel.squared_distance(three, three, Eigen::Vector3d::Ones()), std::invalid_argument);
  EXPECT_THROW(kernel.squared_distance(two, two, Eigen::Vector3d::Ones()), std::invalid_argument);
  EXPECT_NO_THROW(kernel.squared_distance(two, two, Eigen::Vector2d::Ones()));
}

INSTANTIATE_TEST_SUITE_P(BothKernels, KernelTypes,
                         ::testing::Values(KernelType::kMatern52, KernelType::kSquaredExponential),
                         [](const ::testing::TestParamInfo<KernelType>& info) {
                           return info.param == KernelType::kMatern52 ? std::string("Matern52")
                                                                      : std::string("SquaredExponential");
                         });

}  // namespace
