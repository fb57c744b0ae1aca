#pragma once

#include <Eigen/Core>

#include <cstdint>
#include <random>

// Points on the simplex sum(z) = 1 are mutually non-dominated: a front of p points in m
// objectives, below the reference point 1.
inline Eigen::MatrixXd simplex_front(int p, int m, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::exponential_distribution<double> exponential(1.0);
  Eigen::MatrixXd front(p, m);
  for (int i = 0; i < p; ++i) {
    for (int j = 0; j < m; ++j) front(i, j) = exponential(rng);
    front.row(i) /= front.row(i).sum();
  }
  return front;
}
