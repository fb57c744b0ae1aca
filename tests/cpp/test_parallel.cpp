#include "gfo/common/parallel.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

TEST(ThreadCount, PositiveRequestsAreKeptOthersMeanTheHardware) {
  EXPECT_EQ(gfo::thread_count(3), 3);
  EXPECT_GE(gfo::thread_count(0), 1);
  EXPECT_EQ(gfo::thread_count(-2), gfo::thread_count(0));
}

TEST(ParallelFor, EveryIndexRunsExactlyOnce) {
  for (const int threads : {1, 2, 4, 0}) {
    for (const std::size_t count : {0u, 1u, 3u, 50u}) {
      std::vector<std::atomic<int>> runs(count);
      gfo::parallel_for(count, threads, [&](std::size_t i) { ++runs[i]; });
      for (std::size_t i = 0; i < count; ++i) EXPECT_EQ(runs[i].load(), 1) << threads << ", " << i;
    }
  }
}

TEST(ParallelFor, UsesSeveralThreadsWhenAsked) {
  std::mutex mutex;
  std::set<std::thread::id> seen;
  std::atomic<int> waiting{0};
  gfo::parallel_for(2, 2, [&](std::size_t) {
    {
      const std::lock_guard<std::mutex> lock(mutex);
      seen.insert(std::this_thread::get_id());
    }
    // Both tasks wait for each other: this only ends if they run at the same time.
    ++waiting;
    while (waiting.load() < 2) std::this_thread::yield();
  });
  EXPECT_EQ(seen.size(), 2u);
}

TEST(ParallelFor, RethrowsTheLowestFailingIndexAfterAllRan) {
  std::atomic<int> ran{0};
  try {
    gfo::parallel_for(20, 3, [&](std::size_t i) {
      ++ran;
      if (i == 7 || i == 13) throw std::runtime_error("task " + std::to_string(i));
    });
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& error) {
    EXPECT_EQ(std::string(error.what()), "task 7");
  }
  EXPECT_EQ(ran.load(), 20);
}

}  // namespace
