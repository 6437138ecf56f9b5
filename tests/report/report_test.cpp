#include "msfit/report/report.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include <gtest/gtest.h>

#include "reference.hpp"

namespace msfit::report {
namespace {

using testing::date;
using testing::reference_data;

int pdf_pages(const std::string& pdf) {
  int pages = 0;
  for (std::size_t pos = 0; (pos = pdf.find("/Type /Page", pos)) != std::string::npos; ++pos) {
    pages += pdf.compare(pos, 12, "/Type /Pages") == 0 ? 0 : 1;
  }
  return pages;
}

// Text as pdftotext (poppler-utils) extracts it: proves the fonts carry the characters.
std::string pdf_text(const std::string& pdf) {
  const auto dir = std::filesystem::temp_directory_path();
  const auto in = dir / ("msfit-report-" + std::to_string(::getpid()) + ".pdf");
  const auto out = dir / ("msfit-report-" + std::to_string(::getpid()) + ".txt");
  std::ofstream(in, std::ios::binary) << pdf;
  const std::string cmd = "pdftotext -enc UTF-8 '" + in.string() + "' '" + out.string() + "'";
  if (std::system(cmd.c_str()) != 0) {
    return {};
  }
  std::ifstream t(out, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(t)), std::istreambuf_iterator<char>());
  std::filesystem::remove(in);
  std::filesystem::remove(out);
  return text;
}

ReportData empty_history() {
  ReportData d;
  d.subject = "Łucja Żółć-Åström";
  d.from = date("2026-01-05");
  d.to = date("2026-03-29");
  d.training = core::summarize_training(reference_data(), d.from, d.to, {}, {}, {});
  return d;
}

ReportData three_years() {
  ReportData d;
  d.subject = "cohort-0042";
  d.from = date("2024-01-01");
  d.to = date("2026-12-27");
  std::mt19937 rng(5);
  std::vector<core::SetLog> sets;
  std::vector<core::CardioLog> cardio;
  std::vector<core::CheckIn> check_ins;
  for (auto day = d.from; day <= d.to; day += std::chrono::days{2}) {
    const double w = static_cast<double>((day - d.from).count()) / 7.0;
    for (const char* ex : {"leg_press_machine", "seated_row_machine", "machine_chest_press"}) {
      for (int s = 1; s <= 3; ++s) {
        sets.push_back({day, ex, s, 8 + static_cast<int>(rng() % 3), 40 + w * 0.2, 2, true});
      }
    }
    cardio.push_back({day, "upright_stationary_bike", 30, {}, {}, 5});
    check_ins.push_back({day, static_cast<int>(rng() % 8), {}, false, {}, {}, false, {}});
  }
  d.training = core::summarize_training(reference_data(), d.from, d.to, sets, cardio, check_ins);
  for (int i = 0; i < 36; ++i) {
    const auto day = d.from + std::chrono::days{30 * i};
    d.records.push_back({day, "t25fw", {}, {8.0 - i * 0.05}, 8.0 - i * 0.05, core::Role::Person});
    d.records.push_back({day, "sdmt", {}, {40.0 + i % 7}, 40.0 + i % 7, core::Role::Person});
    d.records.push_back(
        {day, "nhpt", core::Side::Left, {24.0 - i * 0.1}, 24.0 - i * 0.1, core::Role::Person});
  }
  d.measures = core::summarize_measures(reference_data().measures(), d.records);
  return d;
}

TEST(Report, RendersAnEmptyHistoryInEveryFormat) {
  const auto d = empty_history();
  const auto pdf = render(d, reference_data(), Format::Pdf);
  ASSERT_TRUE(pdf) << pdf.error().message;
  EXPECT_EQ(pdf->rfind("%PDF-", 0), 0U);
  EXPECT_GE(pdf_pages(*pdf), 1);
  const auto png = render(d, reference_data(), Format::Png);
  ASSERT_TRUE(png);
  EXPECT_EQ(png->substr(1, 3), "PNG");
  const auto svg = render(d, reference_data(), Format::Svg);
  ASSERT_TRUE(svg);
  EXPECT_NE(svg->find("<svg"), std::string::npos);
  const auto html = render(d, reference_data(), Format::Html);
  ASSERT_TRUE(html);
  EXPECT_NE(html->find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(html->find("none recorded yet"), std::string::npos);
  EXPECT_NE(html->find("Łucja Żółć-Åström"), std::string::npos);
}

TEST(Report, KeepsSwedishAndPolishCharactersInThePdfText) {
  auto d = empty_history();
  d.records.push_back({date("2026-01-05"), "t25fw", {}, {7.0}, 7.0, core::Role::Person});
  d.measures = core::summarize_measures(reference_data().measures(), d.records);
  d.language = core::Language::Pl;
  const auto pdf = render(d, reference_data(), Format::Pdf);
  ASSERT_TRUE(pdf);
  const std::string text = pdf_text(*pdf);
  ASSERT_FALSE(text.empty()) << "pdftotext failed";
  EXPECT_NE(text.find("Łucja Żółć-Åström"), std::string::npos) << text;
  EXPECT_NE(text.find(reference_data().find_measure("t25fw")->names.in(core::Language::Pl)),
            std::string::npos)
      << text;
}

TEST(Report, OnePointShowsNoTrendAndSaysSo) {
  auto d = empty_history();
  d.records.push_back({date("2026-01-05"), "six_mwt", {}, {420}, 420, core::Role::Person});
  d.measures = core::summarize_measures(reference_data().measures(), d.records);
  const auto html = render(d, reference_data(), Format::Html);
  ASSERT_TRUE(html);
  EXPECT_NE(html->find("one result so far"), std::string::npos);
}

TEST(Report, RendersThreeYearsOnSeveralPages) {
  const auto d = three_years();
  const auto pdf = render(d, reference_data(), Format::Pdf);
  ASSERT_TRUE(pdf);
  EXPECT_GE(pdf_pages(*pdf), 3);
  std::string text = pdf_text(*pdf);
  std::replace(text.begin(), text.end(), '\n', ' ');                  // Lines wrap anywhere.
  EXPECT_NE(text.find("MEANINGFUL IMPROVEMENT"), std::string::npos);  // T25FW 8.0 -> 6.25.
  EXPECT_NE(text.find("Person and clinical context"), std::string::npos);
  EXPECT_NE(text.find("Red flags, relapses, pauses, clearances and notes"), std::string::npos);
  EXPECT_NE(text.find("Estimated 1RM"), std::string::npos);
  EXPECT_NE(text.find("guideline minimum"), std::string::npos);
}

}  // namespace
}  // namespace msfit::report
