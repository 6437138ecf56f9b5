#include "msfit/core/date.hpp"

#include <cstdio>

#include <gtest/gtest.h>

namespace msfit::core {
namespace {

TEST(Date, ParsesAndFormatsIsoDates) {
  const auto d = parse_iso_date("2026-02-28");
  ASSERT_TRUE(d);
  EXPECT_EQ(format_iso_date(*d), "2026-02-28");
  EXPECT_EQ(format_iso_date(*d + std::chrono::days{1}), "2026-03-01");
}

TEST(Date, FormatsEveryDayOfTwoCenturiesAndTheEdgesOfFourDigitYears) {
  using std::chrono::year_month_day;
  for (Date d =
           Date{year_month_day{std::chrono::year{1950}, std::chrono::January, std::chrono::day{1}}};
       d < Date{year_month_day{std::chrono::year{2150}, std::chrono::January, std::chrono::day{1}}};
       d += std::chrono::days{1}) {
    const year_month_day ymd{d};
    char expected[16];
    std::snprintf(expected, sizeof expected, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    ASSERT_EQ(format_iso_date(d), expected);
    ASSERT_EQ(parse_iso_date(expected), d);
  }
  EXPECT_EQ(format_iso_date(Date{
                year_month_day{std::chrono::year{1}, std::chrono::March, std::chrono::day{4}}}),
            "0001-03-04");
  EXPECT_EQ(format_iso_date(Date{year_month_day{std::chrono::year{9999}, std::chrono::December,
                                                std::chrono::day{31}}}),
            "9999-12-31");
  EXPECT_EQ(format_iso_date(Date{year_month_day{std::chrono::year{10000}, std::chrono::January,
                                                std::chrono::day{1}}}),
            "10000-01-01");
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
