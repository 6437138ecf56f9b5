// The message catalogues: every language has every message with the same parameters, every
// pattern formats, every code core uses is in them, and the words come out as written.

#include "msfit/i18n/catalog.hpp"

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "msfit/core/measures.hpp"
#include "msfit/core/profile.hpp"
#include "msfit/core/reference_data.hpp"
#include "msfit/core/training_log.hpp"

#include "reference.hpp"

namespace msfit::i18n {
namespace {

using core::Language;
using core::Message;

constexpr Language kLanguages[] = {Language::En, Language::Sv, Language::Pl};

TEST(Catalog, EveryLanguageHasEveryMessageWithTheSameParameters) {
  const Catalog& c = Catalog::builtin();
  const auto english = c.codes(Language::En);
  ASSERT_GT(english.size(), 40U);
  for (const Language lang : kLanguages) {
    SCOPED_TRACE(std::string(core::to_string(lang)));
    EXPECT_EQ(c.codes(lang), english) << "a catalogue misses a key or has one too many";
    for (const auto& code : english) {
      EXPECT_EQ(c.parameters(code, lang), c.parameters(code, Language::En)) << code;
    }
  }
}

// A value of the kind each parameter name stands for.
core::MessageValue sample(const std::string& name) {
  static const core::Localized names{{"Leg press", "Benpress", "Wyciskanie nogami"}};
  if (name == "flags") {
    return core::Codes{{"symptom.chest_pain", "symptom.fainting"}};
  }
  if (name == "groups") {
    return core::Codes{{"muscle.chest", "muscle.trunk"}};
  }
  if (name == "muscles") {
    return std::string("hamstrings");
  }
  if (name == "what") {
    return std::string("balance");
  }
  if (name == "risk") {
    return std::string("higher");
  }
  if (name == "since" || name == "date") {
    return core::Date{std::chrono::year{2026} / 3 / 2};
  }
  if (name == "exercise" || name == "replacement") {
    return core::names(names);
  }
  if (name == "kg" || name == "max") {
    return 62.5;
  }
  if (name == "estimated") {
    return std::string("yes");
  }
  if (name == "cause") {
    return std::string("symptoms");
  }
  if (name == "unit") {
    return std::string("kg");
  }
  if (name == "mobility") {
    return std::string("one_aid");
  }
  if (name == "current" || name == "role") {
    return std::string("person");
  }
  static const std::map<std::string, std::string, std::less<>> kChoices = {
      {"way", "better"},    {"practice", "yes"}, {"side", "left"},    {"setting", "home"},
      {"better", "higher"}, {"neuro", "yes"},    {"by", "clinician"}, {"kind", "percent"},
      {"alone", "yes"},     {"day", "mon"},      {"status", "train"}, {"talk", "few_words"},
      {"tier", "standard"}};
  if (const auto it = kChoices.find(name); it != kChoices.end()) {
    return it->second;
  }
  return std::int64_t{3};
}

TEST(Catalog, EveryMessageFormatsInEveryLanguageWithNothingLeftOver) {
  const Catalog& c = Catalog::builtin();
  for (const Language lang : kLanguages) {
    for (const auto& code : c.codes(lang)) {
      Message m;
      m.code = code;
      const auto parameters = c.parameters(code, lang);  // The args' names point into it.
      for (const auto& p : parameters) {
        m.args.push_back({p, sample(p)});
      }
      const std::string out = c.format(m, lang);
      SCOPED_TRACE(code + " in " + std::string(core::to_string(lang)) + ": " + out);
      EXPECT_FALSE(out.empty());
      EXPECT_EQ(out.find('{'), std::string::npos);
      EXPECT_EQ(out.find("''"), std::string::npos);
    }
  }
}

TEST(Catalog, EveryCodeTheSourceUsesIsInTheCatalogues) {
  const Catalog& c = Catalog::builtin();
  const std::regex code_literal(
      R"re("((?:adapt|load|fit|phase|warning|error|report|cli)(?:\.[a-z0-9_]+)+)")re");
  std::set<std::string> used;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(std::string(MSFIT_TEST_SOURCE_DIR) + "/src")) {
    if (entry.path().extension() != ".cpp") {
      continue;
    }
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::string s = text.str();
    for (std::sregex_iterator it(s.begin(), s.end(), code_literal), end; it != end; ++it) {
      used.insert((*it)[1]);
    }
  }
  EXPECT_GT(used.size(), 20U);
  for (const auto& code : used) {
    for (const Language lang : kLanguages) {
      EXPECT_TRUE(c.has(code, lang)) << code << " is not in " << core::to_string(lang);
    }
  }
  for (int s = 0; s < static_cast<int>(core::kEnumCount<core::Symptom>); ++s) {
    const std::string code =
        "symptom." + std::string(core::to_string(static_cast<core::Symptom>(s)));
    for (const Language lang : kLanguages) {
      EXPECT_TRUE(c.has(code, lang)) << code << " is not in " << core::to_string(lang);
    }
  }
}

TEST(Catalog, NumbersPluralsAndListsFollowEachLanguage) {
  const Catalog& c = Catalog::builtin();
  const Message load{"load.up", {{"kg", 62.5}}};
  EXPECT_EQ(c.format(load, Language::En), "All sets done with reps to spare: up to 62.5 kg.");
  EXPECT_NE(c.format(load, Language::Sv).find("62,5 kg"), std::string::npos);
  EXPECT_NE(c.format(load, Language::Pl).find("62,5 kg"), std::string::npos);
  EXPECT_NE(c.format({"load.up", {{"kg", 1250.0}}}, Language::En).find("1250 kg"),
            std::string::npos);
  const auto gap = [&](std::int64_t days, Language lang) {
    return c.format({"adapt.gap", {{"days", days}}}, lang);
  };
  EXPECT_NE(gap(1, Language::En).find("1 day since"), std::string::npos);
  EXPECT_NE(gap(8, Language::En).find("8 days since"), std::string::npos);
  EXPECT_NE(gap(3, Language::Pl).find("3 dni"), std::string::npos);
  EXPECT_NE(gap(22, Language::Pl).find("22 dni"), std::string::npos);
  EXPECT_NE(gap(1, Language::Sv).find("1 dag sedan"), std::string::npos);
  const Message flags{"adapt.cardiac",
                      {{"flags", core::Codes{{"symptom.chest_pain", "symptom.fainting"}}}}};
  EXPECT_NE(c.format(flags, Language::En).find("(chest pain and fainting)"), std::string::npos);
  EXPECT_NE(c.format(flags, Language::Sv).find("(bröstsmärta och svimning)"), std::string::npos);
  EXPECT_NE(c.format(flags, Language::Pl).find("(ból w klatce piersiowej i omdlenie)"),
            std::string::npos);
  EXPECT_NE(
      c.format({"load.percent_of_max",
                {{"pct", std::int64_t{80}}, {"estimated", std::string("no")}, {"max", 100.0}}},
               Language::En),
      "");
  EXPECT_EQ(
      c.format({"load.percent_of_max",
                {{"pct", std::int64_t{80}}, {"estimated", std::string("yes")}, {"max", 100.0}}},
               Language::En),
      "80 % of your estimated maximum, 100 kg.");
}

// The messages name the web app's clearance buttons; their words must be the buttons' own.
TEST(Catalog, ClearanceMessagesQuoteTheWebAppsButtons) {
  const auto web = [](const char* lang) {
    std::ifstream in(std::string(MSFIT_TEST_SOURCE_DIR) + "/web/src/locales/" + lang + ".ts");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  };
  const auto button = [](const std::string& locale, const std::string& key) {
    const std::string start = "'" + key + "': '";
    const auto at = locale.find(start);
    if (at == std::string::npos) {
      return std::string();
    }
    const auto from = at + start.size();
    return locale.substr(from, locale.find('\'', from) - from);
  };
  const Catalog& c = Catalog::builtin();
  for (const Language lang : kLanguages) {
    const std::string locale = web(std::string(core::to_string(lang)).c_str());
    const std::string relapse = button(locale, "hold.relapse_action");
    const std::string medical = button(locale, "hold.medical_action");
    ASSERT_FALSE(relapse.empty() || medical.empty()) << core::to_string(lang);
    const auto flags = core::Codes{{"symptom.chest_pain"}};
    EXPECT_NE(c.format({"adapt.relapse_pause",
                        {{"cause", std::string("relapse")}, {"since", std::string("2026-03-02")}}},
                       lang)
                  .find("'" + relapse + "'"),
              std::string::npos)
        << relapse;
    EXPECT_NE(c.format({"adapt.medical_clearance",
                        {{"since", std::string("2026-03-02")}, {"flags", flags}}},
                       lang)
                  .find("'" + medical + "'"),
              std::string::npos)
        << medical;
  }
}

// Core writes an error's English itself (it formats no catalogue); the English catalogue must
// say the same, and the other languages something else.
void expect_said_alike(const Error& e) {
  SCOPED_TRACE(e.field + ": " + e.message);
  ASSERT_FALSE(e.text.empty());
  EXPECT_EQ(describe(e, Language::En), e.message);
  for (const Language lang : {Language::Sv, Language::Pl}) {
    const std::string said = describe(e, lang);
    EXPECT_NE(said, e.message) << said;
    EXPECT_EQ(said.find('{'), std::string::npos) << said;
  }
}

TEST(Catalog, CoreErrorsSayInEnglishWhatTheEnglishCatalogueSays) {
  const auto& data = testing::reference_data();
  const auto base = [] {
    core::Profile p;
    p.age = 45;
    p.body_mass_kg = 70;
    p.days = {core::Weekday::Mon, core::Weekday::Thu};
    p.session_minutes = 60;
    p.weeks = 12;
    p.start_date = core::Date{std::chrono::year{2026} / 3 / 2};
    return p;
  };
  ASSERT_TRUE(core::validate_profile(base(), data));
  std::vector<std::function<void(core::Profile&)>> breaks = {
      [](core::Profile& p) { p.age = 12; },
      [](core::Profile& p) { p.body_mass_kg = 10; },
      [](core::Profile& p) { p.edss = 0.5; },
      [](core::Profile& p) { p.edss = 9.5; },
      [](core::Profile& p) {
        p.edss = 6.5;
        p.mobility = core::Mobility::Independent;
      },
      [](core::Profile& p) {
        p.edss = 1.0;
        p.mobility = core::Mobility::OneAid;
      },
      [](core::Profile& p) {
        p.edss = 3.0;
        p.mobility = core::Mobility::Wheelchair;
      },
      [](core::Profile& p) { p.days = {}; },
      [](core::Profile& p) { p.session_minutes = 5; },
      [](core::Profile& p) { p.weeks = 60; },
      [](core::Profile& p) { p.one_rm_kg["no_such_lift"] = 50; },
      [](core::Profile& p) { p.one_rm_kg["upright_stationary_bike"] = 50; },
      [](core::Profile& p) { p.one_rm_kg["leg_press_machine"] = 0; },
      [](core::Profile& p) { p.resting_hr = 10; },
      [](core::Profile& p) { p.max_hr = 300; },
      [](core::Profile& p) {
        p.resting_hr = 100;
        p.max_hr = 110;
      },
      [](core::Profile& p) { p.last_relapse = core::Date{std::chrono::year{2026} / 4 / 1}; },
  };
  for (const auto& b : breaks) {
    auto p = base();
    b(p);
    const auto checked = core::validate_profile(p, data);
    ASSERT_FALSE(checked);
    expect_said_alike(checked.error());
  }
  for (const auto& def : data.measures()) {
    const core::Date day{std::chrono::year{2026} / 3 / 2};
    const auto side = def.per_side ? std::optional<core::Side>{} : core::Side::Left;
    if (auto r = core::make_measure_record(def, day, {def.min}, side, core::Role::Clinician); !r) {
      expect_said_alike(r.error());
    }
    const auto right_side = def.per_side ? std::optional{core::Side::Left} : std::nullopt;
    for (const double v : {def.max + 1000, def.min + def.step / 3}) {
      if (auto r = core::make_measure_record(def, day, {v}, right_side, core::Role::Clinician);
          !r) {
        expect_said_alike(r.error());
      }
    }
    if (auto r = core::make_measure_record(def, day, std::vector<double>(5, def.min), right_side,
                                           core::Role::Clinician);
        !r) {
      expect_said_alike(r.error());
    }
    if (def.clinician_only) {
      auto r = core::make_measure_record(def, day, {def.min}, right_side, core::Role::Person);
      ASSERT_FALSE(r);
      expect_said_alike(r.error());
    }
  }
}

TEST(Catalog, AnErrorWithoutTextIsDescribedByItsMessage) {
  const Error e{ErrorCode::InvalidInput, "must be a string", "name"};
  EXPECT_EQ(describe(e, Language::Pl), "must be a string");
}

TEST(Catalog, AMissingMessageFallsBackToEnglishThenToItsCode) {
  auto c = Catalog::parse({R"({"a.b": "Hello {name}"})", R"({})", R"({"a.b": "Cześć {name}"})"});
  ASSERT_TRUE(c) << c.error().message;
  const Message m{"a.b", {{"name", std::string("Ana")}}};
  EXPECT_EQ((*c)->format(m, Language::Sv), "Hello Ana");
  EXPECT_EQ((*c)->format(m, Language::Pl), "Cześć Ana");
  EXPECT_EQ((*c)->format({"x.y"}, Language::Pl), "x.y");
}

TEST(Catalog, ABrokenPatternIsRefusedNamingTheLanguageAndCode) {
  auto c = Catalog::parse({R"({"a.b": "Hello {name"})", R"({})", R"({})"});
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("'en'"), std::string::npos) << c.error().message;
  EXPECT_NE(c.error().message.find("'a.b'"), std::string::npos) << c.error().message;
  EXPECT_FALSE(Catalog::parse({R"([])", R"({})", R"({})"}));
  EXPECT_FALSE(Catalog::parse({R"({"a": 1})", R"({})", R"({})"}));
}

}  // namespace
}  // namespace msfit::i18n
