#include "msfit/core/date.hpp"

#include <gtest/gtest.h>

namespace msfit::core {
namespace {

TEST(Date, ParsesAndFormatsIsoDates) {
  const auto d = parse_iso_date("2026-02-28");
  ASSERT_TRUE(d);
  EXPECT_EQ(format_iso_date(*d), "2026-02-28");
  EXPECT_EQ(format_iso_date(*d + std::chrono::days{1}), "2026-03-01");
}

TEST(Date, RejectsMalformedAndImpossibleDates) {
  for (const char* bad : {"", "2026-2-28", "2026-02-30", "2025-02-29", "26-02-28", "2026/02/28",
                          "2026-13-01", "2026-00-10", "abcd-ef-gh", "2026-02-28T00:00"}) {
    EXPECT_FALSE(parse_iso_date(bad)) << bad;
  }
  EXPECT_TRUE(parse_iso_date("2024-02-29"));
}

TEST(Date, NumbersWeekdaysFromMonday) {
  EXPECT_EQ(weekday_index(*parse_iso_date("2026-01-05")), 0);  // Monday.
  EXPECT_EQ(weekday_index(*parse_iso_date("2026-01-11")), 6);  // Sunday.
}

}  // namespace
}  // namespace msfit::core
