#include "msfit/report/report.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include <gtest/gtest.h>

#include "msfit/i18n/catalog.hpp"

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

// Everything the report can say: a profile, a phase, red flags, a relapse, clearances, a note.
ReportData eventful(core::Language lang) {
  auto d = three_years();
  d.language = lang;
  auto profile = testing::ProfileBuilder().build();
  profile.heat_sensitive = true;
  profile.beta_blockers = true;
  profile.clearance.standing_balance = true;
  profile.last_relapse = date("2023-06-01");
  d.profile = profile;
  d.phase = core::Phase{core::Message{"phase.periodised_block", {{"block", core::whole(2)}}},
                        core::PhaseKind::Preparation,
                        5,
                        4,
                        {}};
  d.check_ins.push_back(
      {date("2025-02-03"), 8, {}, true, {}, {core::Symptom::ChestPain}, false, {}});
  d.check_ins.push_back(
      {date("2025-05-05"), 4, {}, false, {}, {core::Symptom::VisionLoss}, true, {}});
  d.clearances.push_back(
      {date("2025-02-10"), core::ClearanceKind::Medical, core::Role::Clinician, {}});
  d.clearances.push_back(
      {date("2025-06-02"), core::ClearanceKind::Relapse, core::Role::Person, {}});
  d.notes.emplace_back(date("2025-03-01"), "Felt strong today.");
  d.adherence.push_back({100, date("2026-12-21"), 3, 2, 0});
  return d;
}

// Words of the English report that must not be left in a Swedish or Polish one.
const std::vector<std::string>& english_words() {
  static const std::vector<std::string> words = {"MSFit progress report",
                                                 "Person and clinical context",
                                                 "Summary",
                                                 "Red flags",
                                                 "Outcome measures",
                                                 ">Charts<",
                                                 ">Measure<",
                                                 ">Setting<",
                                                 ">Date<",
                                                 ">Result<",
                                                 "Adherence",
                                                 "Aerobic dose",
                                                 "Strength:",
                                                 "Thresholds",
                                                 "check-in",
                                                 "home self-test",
                                                 "better",
                                                 "worse",
                                                 "MEANINGFUL",
                                                 "years",
                                                 "walks",
                                                 "trains ",
                                                 "heat sensitive",
                                                 "beta-blockers",
                                                 "Plan phase",
                                                 "Cleared by",
                                                 "Red flag reported",
                                                 "relapse reported",
                                                 "recorded by",
                                                 "Note:",
                                                 " to 20",
                                                 "lang=\"en\"",
                                                 "Charts of the"};
  return words;
}

TEST(Report, SpeaksSwedishAndPolishThroughout) {
  for (const auto lang : {core::Language::Sv, core::Language::Pl}) {
    SCOPED_TRACE(std::string(core::to_string(lang)));
    const auto html = render(eventful(lang), reference_data(), Format::Html);
    ASSERT_TRUE(html) << html.error().message;
    EXPECT_NE(html->find("<html lang=\"" + std::string(core::to_string(lang)) + "\">"),
              std::string::npos);
    for (const char* code : {"report.title", "report.heading.context", "report.heading.summary",
                             "report.heading.events", "report.heading.measures",
                             "report.heading.charts", "report.table.measure"}) {
      const std::string heading = i18n::say(core::Message{code}, lang);
      EXPECT_NE(html->find(heading), std::string::npos) << heading;
    }
    for (const auto& word : english_words()) {
      EXPECT_EQ(html->find(word), std::string::npos) << word;
    }
    // The person's own note stays as written.
    EXPECT_NE(html->find("Felt strong today."), std::string::npos);
  }
  const auto sv = render(eventful(core::Language::Sv), reference_data(), Format::Html);
  ASSERT_TRUE(sv);
  EXPECT_NE(sv->find("Sammanfattning"), std::string::npos);
  EXPECT_NE(sv->find("Person och klinisk bakgrund"), std::string::npos);
  EXPECT_NE(sv->find("BETYDELSEFULL FÖRBÄTTRING"), std::string::npos);
  EXPECT_NE(sv->find("45 år"), std::string::npos);
  EXPECT_NE(sv->find("bröstsmärta"), std::string::npos);
  const auto pl = render(eventful(core::Language::Pl), reference_data(), Format::Html);
  ASSERT_TRUE(pl);
  EXPECT_NE(pl->find("Podsumowanie"), std::string::npos);
  EXPECT_NE(pl->find("ISTOTNA POPRAWA"), std::string::npos);
  EXPECT_NE(pl->find("45 lat"), std::string::npos);
  EXPECT_NE(pl->find("ból w klatce piersiowej"), std::string::npos);
}

TEST(Report, WritesNumbersTheLanguagesWay) {
  auto d = empty_history();
  d.records.push_back({date("2026-01-05"), "t25fw", {}, {7.5}, 7.5, core::Role::Person});
  d.measures = core::summarize_measures(reference_data().measures(), d.records);
  d.language = core::Language::Sv;
  const auto sv = render(d, reference_data(), Format::Html);
  ASSERT_TRUE(sv);
  EXPECT_NE(sv->find("<td>7,5 s</td>"), std::string::npos);
  d.language = core::Language::En;
  const auto en = render(d, reference_data(), Format::Html);
  ASSERT_TRUE(en);
  EXPECT_NE(en->find("<td>7.5 s</td>"), std::string::npos);
}

TEST(Report, ThePolishPdfCarriesPolishHeadings) {
  const auto pdf = render(eventful(core::Language::Pl), reference_data(), Format::Pdf);
  ASSERT_TRUE(pdf);
  std::string text = pdf_text(*pdf);
  ASSERT_FALSE(text.empty()) << "pdftotext failed";
  std::replace(text.begin(), text.end(), '\n', ' ');
  EXPECT_NE(text.find("Osoba i kontekst kliniczny"), std::string::npos);
  EXPECT_NE(text.find("Szacowany 1RM"), std::string::npos);
  EXPECT_NE(text.find("raport postępów | strona 2"), std::string::npos);
  EXPECT_EQ(text.find("Person and clinical context"), std::string::npos);
  EXPECT_EQ(text.find("Estimated 1RM"), std::string::npos);
}

}  // namespace
}  // namespace msfit::report
