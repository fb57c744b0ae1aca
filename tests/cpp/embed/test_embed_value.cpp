// gfo::optuna::Value on its own: no interpreter involved.

#include <gtest/gtest.h>

#include <cstdint>
#include <sstream>
#include <stdexcept>
#include <string>

#include "gfo/embed/value.hpp"

namespace {

using gfo::optuna::Value;

TEST(EmbedValue, HoldsThePythonTypeOfWhatItWasMadeFrom) {
  EXPECT_STREQ(Value().type_name(), "None");
  EXPECT_STREQ(Value(nullptr).type_name(), "None");
  EXPECT_STREQ(Value(true).type_name(), "bool");
  EXPECT_STREQ(Value(3).type_name(), "int");
  EXPECT_STREQ(Value(3u).type_name(), "int");
  EXPECT_STREQ(Value(std::int64_t{1} << 40).type_name(), "int");
  EXPECT_STREQ(Value(0.5).type_name(), "float");
  EXPECT_STREQ(Value(0.5f).type_name(), "float");
  EXPECT_STREQ(Value("adam").type_name(), "str");
  EXPECT_STREQ(Value(std::string("sgd")).type_name(), "str");
}

TEST(EmbedValue, AccessorsReturnTheValueOrNameTheHeldType) {
  EXPECT_EQ(Value(7).as_int(), 7);
  EXPECT_EQ(Value(7).as_double(), 7.0);
  EXPECT_EQ(Value(0.25).as_double(), 0.25);
  EXPECT_TRUE(Value(true).as_bool());
  EXPECT_EQ(Value("x").as_string(), "x");
  try {
    static_cast<void>(Value("x").as_double());
    FAIL() << "as_double of a str must throw";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("holds a str, not a float"), std::string::npos)
        << error.what();
  }
  EXPECT_THROW(static_cast<void>(Value(0.5).as_int()), std::invalid_argument);
  EXPECT_THROW(static_cast<void>(Value(1).as_bool()), std::invalid_argument);
  EXPECT_THROW(Value(static_cast<std::uint64_t>(1) << 63), std::out_of_range);
}

TEST(EmbedValue, ComparesByTypeAndValueAndPrintsLikePython) {
  EXPECT_EQ(Value(2), Value(std::int64_t{2}));
  EXPECT_NE(Value(2), Value(2.0));
  EXPECT_NE(Value(1), Value(true));
  std::ostringstream stream;
  stream << Value() << ' ' << Value(false) << ' ' << Value(12) << ' ' << Value(0.5) << ' '
         << Value("relu");
  EXPECT_EQ(stream.str(), "None False 12 0.5 relu");
}

}  // namespace
