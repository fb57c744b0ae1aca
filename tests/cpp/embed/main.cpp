// The embed tests' main: one Runtime for the whole process (a second one would throw), owned by a
// global test environment so that it is started only when tests run, not when they are listed.

#include <gtest/gtest.h>

#include <memory>

#include "embed_test_support.hpp"

namespace gfo_embed_test {
namespace {

class RuntimeEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    gfo::optuna::RuntimeOptions options;
    options.optuna_verbosity = gfo::optuna::Verbosity::kWarning;
    runtime_ = std::make_unique<const gfo::optuna::Runtime>(options);
  }
  void TearDown() override { runtime_.reset(); }

  const gfo::optuna::Runtime& runtime() const { return *runtime_; }

 private:
  std::unique_ptr<const gfo::optuna::Runtime> runtime_;
};

const RuntimeEnvironment* the_environment = nullptr;

}  // namespace

const gfo::optuna::Runtime& runtime() { return the_environment->runtime(); }

}  // namespace gfo_embed_test

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  auto* environment = new gfo_embed_test::RuntimeEnvironment;  // googletest owns it
  gfo_embed_test::the_environment = environment;
  ::testing::AddGlobalTestEnvironment(environment);
  return RUN_ALL_TESTS();
}
