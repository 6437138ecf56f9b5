// End-to-end tests through the built msfit binary: exit codes, stderr messages, output shape.

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include "msfit/storage/store.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Outcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    bin_ = MSFIT_TEST_BIN;
    source_ = MSFIT_TEST_SOURCE_DIR;
    dir_ = fs::temp_directory_path() /
           ("msfit-cli-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const std::string& name, const std::string& text) {
    const fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  Outcome run(const std::string& args, const std::string& stdin_text = "") {
    const fs::path in = write("stdin", stdin_text);
    const fs::path out = dir_ / "stdout";
    const fs::path err = dir_ / "stderr";
    const std::string cmd = "'" + bin_ + "' " + args + " < '" + in.string() + "' > '" +
                            out.string() + "' 2> '" + err.string() + "'";
    const int status = std::system(cmd.c_str());
    Outcome r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
  }

  std::string example() const { return source_ + "/examples/profile.json"; }

  // The example profile starting on Monday 2026-01-05: tests that log need days in the past,
  // because a write dated in the future is refused.
  std::string past_example() {
    json p = json::parse(slurp(example()));
    p["start_date"] = "2026-01-05";
    return write("past.profile.json", p.dump()).string();
  }

  // A database with the account "me" (and any others named).
  std::string init_db(const std::string& file, std::initializer_list<const char*> accounts = {}) {
    const std::string db = "--db '" + (dir_ / file).string() + "' ";
    EXPECT_EQ(run(db + "init").exit_code, 0);
    for (const char* who : accounts) {
      EXPECT_EQ(run(db + "--account " + who + " init").exit_code, 0);
    }
    return db;
  }

  std::string bin_;
  std::string source_;
  fs::path dir_;
};

// Cognitive training done in the web app shows in the command line's history, with the
// tiredness rating after it, in the language asked for.
TEST_F(Cli, TheHistoryShowsCognitiveTraining) {
  const std::string db = init_db("cognitive.db");
  {
    auto store = msfit::storage::open_store((dir_ / "cognitive.db").string());
    ASSERT_TRUE(store) << store.error().message;
    const auto me = (*store)->find_account("me");
    ASSERT_TRUE(me) << me.error().message;
    msfit::core::cognitive::Record r;
    r.date = msfit::core::Date{std::chrono::days{20461}};  // 2026-01-08
    r.task = msfit::core::CognitiveTask::Span;
    r.minutes = 7;
    r.start_level = 2;
    r.end_level = 3;
    r.highest_level = 3;
    r.answers = 10;
    r.right = 8;
    ASSERT_TRUE((*store)->add_cognitive_block(me->id, {"b1", r}));
    ASSERT_TRUE((*store)->add_cognitive_rating(me->id, {"r1", {r.date, 6}}));
  }
  Outcome out = run(db + "history --from 2026-01-01 --to 2026-01-12");
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_NE(out.out.find("2026-01-08"), std::string::npos) << out.out;
  EXPECT_NE(out.out.find("Working memory: number span: 7 min, level 2 to 3, 8 of 10 right"),
            std::string::npos)
      << out.out;
  EXPECT_NE(out.out.find("Mental tiredness after mind training: 6 of 10"), std::string::npos)
      << out.out;
  out = run(db + "history --from 2026-01-01 --to 2026-01-12 --lang sv");
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_NE(out.out.find("Arbetsminne: sifferserier: 7 min"), std::string::npos) << out.out;
}

TEST_F(Cli, PlansTheExampleProfileAsJson) {
  const Outcome r = run("plan --profile '" + example() + "' --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.err.empty());
  const json j = json::parse(r.out);
  EXPECT_EQ(j["weeks"], 24);
  EXPECT_FALSE(j["sessions"].empty());
  EXPECT_FALSE(j["evidence"].empty());
}

TEST_F(Cli, PlansInTheLanguageAskedFor) {
  const Outcome en = run("plan --profile '" + example() + "' --format json");
  const Outcome sv = run("plan --profile '" + example() + "' --format json --lang sv");
  ASSERT_EQ(sv.exit_code, 0) << sv.err;
  const json e = json::parse(en.out);
  const json s = json::parse(sv.out);
  EXPECT_EQ(e["phases"][0]["name"], "Preparation");
  EXPECT_EQ(s["phases"][0]["name"], "Förberedelse");
  EXPECT_EQ(e["sessions"].size(), s["sessions"].size());
  EXPECT_EQ(e["sessions"][0]["items"], s["sessions"][0]["items"]);  // Codes and doses alike.
  ASSERT_EQ(e["warnings"].size(), s["warnings"].size());
  for (std::size_t i = 0; i < e["warnings"].size(); ++i) {
    EXPECT_EQ(e["warnings"][i]["code"], s["warnings"][i]["code"]);
    EXPECT_NE(e["warnings"][i]["message"], s["warnings"][i]["message"]);
  }
}

TEST_F(Cli, ReadsTheProfileFromStandardInput) {
  const Outcome a = run("plan --profile - --format json", slurp(example()));
  const Outcome b = run("plan --profile '" + example() + "' --format json");
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_EQ(a.out, b.out);  // Rule 11: same input, same bytes.
}

TEST_F(Cli, PrintsAReadableWeeklyTable) {
  const Outcome r = run("plan --profile '" + example() + "' --format text");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Week 1"), std::string::npos);
  EXPECT_NE(r.out.find("Warnings and advice"), std::string::npos);
  EXPECT_NE(r.out.find("Sources"), std::string::npos);
  const Outcome pl = run("plan --profile '" + example() + "' --format text --lang pl");
  ASSERT_EQ(pl.exit_code, 0) << pl.err;
  EXPECT_NE(pl.out, r.out);  // Polish exercise names.
  // The words around the messages follow --lang too, not only the messages.
  const Outcome sv = run("plan --profile '" + example() + "' --format text --lang sv");
  ASSERT_EQ(sv.exit_code, 0) << sv.err;
  EXPECT_NE(sv.out.find("Faser"), std::string::npos) << sv.out;
  EXPECT_NE(sv.out.find("Varningar och råd"), std::string::npos) << sv.out;
  EXPECT_EQ(sv.out.find("Warnings and advice"), std::string::npos) << sv.out;
  EXPECT_EQ(pl.out.find("Warnings and advice"), std::string::npos) << pl.out;
}

TEST_F(Cli, ProfileErrorsAreWrittenInTheLanguageOfThePlan) {
  std::string text = slurp(example());
  text.replace(text.find("\"age\": 42"), 9, "\"age\": 12");
  const Outcome pl = run("plan --profile - --format text --lang pl", text);
  EXPECT_EQ(pl.exit_code, 2);
  EXPECT_NE(pl.err.find("musi wynosić od 18 do 100 lat"), std::string::npos) << pl.err;
  const Outcome en = run("plan --profile - --format text", text);
  EXPECT_EQ(en.exit_code, 2);
  EXPECT_EQ(en.err.find("musi"), std::string::npos) << en.err;
  EXPECT_NE(en.err.find("age"), std::string::npos) << en.err;
}

TEST_F(Cli, BadProfileExitsWithTwoAndNamesTheField) {
  std::string text = slurp(example());
  text.replace(text.find("\"age\": 42"), 9, "\"age\": 12");
  const Outcome r = run("plan --profile - --format json", text);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.out.empty());
  EXPECT_NE(r.err.find("age"), std::string::npos) << r.err;
}

TEST_F(Cli, UnknownKeyAndMalformedJsonAreRejected) {
  std::string text = slurp(example());
  text.replace(text.find("\"age\""), 5, "\"agee\"");
  Outcome r = run("plan --profile - --format json", text);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("agee"), std::string::npos) << r.err;
  r = run("plan --profile - --format json", "{\"age\": ");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("JSON"), std::string::npos) << r.err;
}

TEST_F(Cli, MissingFileAndBadUsageExitWithTwo) {
  Outcome r = run("plan --profile /nonexistent/profile.json");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--profile"), std::string::npos) << r.err;
  r = run("plan --profile '" + example() + "' --format yaml");
  EXPECT_EQ(r.exit_code, 2);
  r = run("plan");
  EXPECT_EQ(r.exit_code, 2);
  r = run("frobnicate");
  EXPECT_EQ(r.exit_code, 2);
  r = run("");
  EXPECT_EQ(r.exit_code, 2);
}

TEST_F(Cli, PlansOneProfilePerNdjsonLineAndReportsBadLines) {
  json profile = json::parse(slurp(example()));
  std::string lines = profile.dump() + "\n";
  profile["age"] = "old";
  lines += profile.dump() + "\n";
  lines += "{broken\n\n";
  profile["age"] = 70;
  profile["weeks"] = 4;
  lines += profile.dump() + "\n";
  const fs::path file = write("cohort.ndjson", lines);
  const Outcome r = run("plan --profiles '" + file.string() + "' --format ndjson");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("2 of 5"), std::string::npos) << r.err;
  std::istringstream out(r.out);
  std::string line;
  std::vector<json> rows;
  while (std::getline(out, line)) {
    rows.push_back(json::parse(line));
  }
  ASSERT_EQ(rows.size(), 4U);
  EXPECT_TRUE(rows[0].contains("sessions"));
  EXPECT_EQ(rows[1]["line"], 2);
  EXPECT_EQ(rows[1]["error"]["field"], "age");
  EXPECT_EQ(rows[2]["line"], 3);
  EXPECT_EQ(rows[2]["error"]["code"], "invalid_input");
  EXPECT_EQ(rows[3]["weeks"], 4);
}

TEST_F(Cli, ListsTheCatalogueInJsonAndText) {
  Outcome r = run("exercises --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_GE(j["exercises"].size(), 150U);
  EXPECT_TRUE(j["exercises"][0]["names"].contains("pl"));
  r = run("exercises --format text --lang sv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("exercises"), std::string::npos);
}

TEST_F(Cli, ListsTheRuleBookWithItsSources) {
  Outcome r = run("rules --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  ASSERT_FALSE(j["rules"].empty());
  for (const auto& rule : j["rules"]) {
    ASSERT_FALSE(rule["evidence"].empty());
    for (const auto& id : rule["evidence"]) {
      EXPECT_TRUE(j["evidence"].contains(id.get<std::string>())) << id;
    }
  }
  r = run("rules");
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("strength.prt_ramp"), std::string::npos);
  EXPECT_NE(r.out.find("product rule"), std::string::npos);
}

TEST_F(Cli, KeepsATrainingLogAndAdaptsToday) {
  const std::string db = "--db '" + (dir_ / "log.db").string() + "' ";
  Outcome r = run(db + "init");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run(db + "today --date 2026-01-05");
  EXPECT_EQ(r.exit_code, 2);  // No plan yet.
  EXPECT_NE(r.err.find("plan"), std::string::npos) << r.err;
  ASSERT_EQ(run(db + "profile set '" + past_example() + "'").exit_code, 0);
  r = run(db + "plan --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["start_date"], "2026-01-05");

  r = run(db +
          "log set --exercise leg_press_machine --reps 15 --kg 40 --rir 3 "
          "--date 2026-01-05 --client-id x1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run(db +
          "log set --exercise leg_press_machine --reps 15 --kg 40 --rir 3 "
          "--date 2026-01-05 --client-id x1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Already logged"), std::string::npos);
  ASSERT_EQ(run(db + "log cardio --exercise upright_stationary_bike --minutes 10 --hr 120 "
                     "--date 2026-01-05")
                .exit_code,
            0);

  // The next leg press session goes up one step: all reps done with reps to spare.
  r = run(db + "today --date 2026-01-09 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json today = json::parse(r.out);
  EXPECT_EQ(today["status"], "train");
  bool leg_press = false;
  for (const auto& item : today["items"]) {
    if (item["planned"]["exercise"] == "leg_press_machine") {
      leg_press = true;
      EXPECT_EQ(item["load"]["load_kg"], 45.0);
    }
  }
  EXPECT_TRUE(leg_press);

  // A red flag stops the day.
  r = run(db + "checkin --fatigue 2 --symptom chest_pain --date 2026-01-12");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("STOP"), std::string::npos) << r.out;

  // The same in Swedish and Polish; another language is refused.
  r = run(db + "today --date 2026-01-12 --lang sv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Ingen träning i dag (bröstsmärta)"), std::string::npos) << r.out;
  r = run(db + "today --date 2026-01-12 --lang pl --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Dziś bez treningu (ból w klatce piersiowej)"), std::string::npos) << r.out;
  r = run(db + "today --date 2026-01-12 --lang de");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--lang"), std::string::npos) << r.err;

  r = run(db + "history --from 2025-12-29 --to 2026-01-12");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("leg_press_machine set 1: 15 x 40 kg"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("week  1 from 2026-01-05: 1 of 3"), std::string::npos) << r.out;
  // History and progress in the language asked for.
  r = run(db + "history --from 2025-12-29 --to 2026-01-12 --lang pl");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("zmęczenie"), std::string::npos) << r.out;
  r = run(db + "progress --to 2026-01-12 --lang sv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Framsteg"), std::string::npos) << r.out;
  r = run(db + "progress --from 2026-01-12 --to 2026-01-05");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--from"), std::string::npos) << r.err;

  r = run(db + "export --format csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("record,date,exercise", 0), 0U);
  EXPECT_NE(r.out.find("set,2026-01-05,leg_press_machine,1,15,40,3,1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("checkin,2026-01-12"), std::string::npos);
}

TEST_F(Cli, LogInputErrorsExitWithTwoAndNameTheField) {
  const std::string db = init_db("bad.db");
  Outcome r = run(db + "log set --exercise nope --reps 10 --kg 20");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--exercise"), std::string::npos) << r.err;
  r = run(db + "log set --exercise leg_press_machine --reps 10 --kg 2000");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("kg"), std::string::npos) << r.err;
  r = run(db + "log set --exercise leg_press_machine --reps ten --kg 20");
  EXPECT_EQ(r.exit_code, 2);
  r = run(db + "checkin --fatigue 11");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("fatigue"), std::string::npos) << r.err;
  r = run(db + "checkin --fatigue 3 --symptom itchy_toes");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--symptom"), std::string::npos) << r.err;
  r = run(db + "log set --exercise leg_press_machine --reps 10 --kg 20 --date 2026-02-31");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--date"), std::string::npos) << r.err;
  r = run(db + "resume");
  EXPECT_EQ(r.exit_code, 2);  // Nothing to resume from.
  r = run(db + "log set --exercise leg_press_machine --reps 0 --kg 20");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--reps"), std::string::npos) << r.err;
  r = run(db + "log set --exercise leg_press_machine --reps 8 --kg 20 --date 2999-01-01");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--date: 2999-01-01 is in the future"), std::string::npos) << r.err;
  r = run(db + "checkin --fatigue 3 --date 2999-01-01");
  EXPECT_EQ(r.exit_code, 2);
  r = run(db + "log cardio --exercise leg_press_machine --minutes 10");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("is a strength exercise"), std::string::npos) << r.err;
  // Nothing was written by any of them.
  r = run(db + "export");
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1);
}

TEST_F(Cli, BacksUpAndRestoresTheDatabase) {
  const std::string db = init_db("main.db");
  const std::string backup = (dir_ / "copy.db").string();
  ASSERT_EQ(run(db + "log set --exercise leg_press_machine --reps 10 --kg 20 --date 2026-01-05")
                .exit_code,
            0);
  Outcome r = run(db + "backup '" + backup + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(
      run(db + "log set --exercise leg_press_machine --reps 9 --kg 25 --date 2026-01-07").exit_code,
      0);
  r = run(db + "restore '" + backup + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run(db + "export");
  EXPECT_NE(r.out.find("2026-01-05"), std::string::npos);
  EXPECT_EQ(r.out.find("2026-01-07"), std::string::npos);
  // A file that is not a backup is refused and the database stays as it was.
  write("junk.db", "this is not a database");
  r = run(db + "restore '" + (dir_ / "junk.db").string() + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(run(db + "export").out.find("2026-01-05"), std::string::npos);
}

TEST_F(Cli, RecordsOutcomeMeasuresAndReportsMeaningfulChange) {
  const std::string db = init_db("measures.db");
  Outcome r = run(db + "measure add --id t25fw --value 8.2 --trial 7.8 --date 2026-01-05");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run(db + "measure add --id t25fw --value 6.3 --trial 6.1 --date 2026-04-06");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run(db + "measure add --id edss --value 3.5 --date 2026-01-05");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("clinician"), std::string::npos) << r.err;
  ASSERT_EQ(run(db + "measure add --id edss --value 3.5 --clinician --date 2026-01-05").exit_code,
            0);
  r = run(db + "measure add --id nhpt --value 21");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("side"), std::string::npos) << r.err;
  r = run(db + "measure add --id walkies --value 3");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("id"), std::string::npos) << r.err;
  r = run(db + "measure add --id t25fw --value 600");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--value: must be between 1 and 180 s"), std::string::npos) << r.err;
  r = run(db + "measure add --id t25fw --value 8 --trial -3");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--trial"), std::string::npos) << r.err;

  r = run(db + "measure list");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("8 s (trials 8.2 and 7.8)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("entered by a clinician"), std::string::npos) << r.out;
  r = run(db + "progress --from 2026-01-05 --to 2026-04-10");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("8 -> 6.2 s"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("MEANINGFUL IMPROVEMENT"), std::string::npos) << r.out;
  r = run("measure list --catalogue");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("clinician entry only"), std::string::npos);
}

TEST_F(Cli, WritesReportsAndCohortFigures) {
  const std::string db = init_db("report.db", {"p1", "p2"});
  for (const char* who : {"p1", "p2"}) {
    const std::string as = db + "--account " + who + " ";
    ASSERT_EQ(run(as + "measure add --id t25fw --value 8 --date 2026-01-05").exit_code, 0);
    ASSERT_EQ(run(as + "measure add --id t25fw --value 6.4 --date 2026-03-30").exit_code, 0);
    ASSERT_EQ(run(as + "log cardio --exercise upright_stationary_bike --minutes 30 "
                       "--date 2026-01-06")
                  .exit_code,
              0);
  }
  for (const char* format : {"pdf", "png", "svg", "html"}) {
    const std::string out = (dir_ / (std::string("r.") + format)).string();
    const Outcome r = run(db + "--account p1 report --from 2026-01-05 --to 2026-03-31 --format " +
                          format + " --out '" + out + "'");
    ASSERT_EQ(r.exit_code, 0) << format << ": " << r.err;
    EXPECT_GT(std::filesystem::file_size(out), 1000U) << format;
  }
  EXPECT_EQ(slurp(dir_ / "r.pdf").rfind("%PDF-", 0), 0U);
  Outcome r = run(db +
                  "cohort --accounts p1,p2 --measure t25fw --weeks 0,12 --from 2026-01-05 "
                  "--to 2026-03-31");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("2 people"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  -1.60"), std::string::npos) << r.out;  // Mean change at week 12.
  r = run(db + "cohort --accounts p1,nobody");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("nobody"), std::string::npos) << r.err;
  r = run(db + "--account p1 report --format doc --out x");
  EXPECT_EQ(r.exit_code, 2);
}

TEST_F(Cli, PrintsVersionAndHelp) {
  Outcome r = run("--version");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("msfit"), std::string::npos);
  r = run("--help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("plan"), std::string::npos);
  // `help` is a word too, for the whole tool and for one command.
  r = run("help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("Start here"), std::string::npos) << r.out;
  r = run("help log set");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("Examples:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--db FILE"), std::string::npos) << r.out;  // The shared options.
  r = run("help plan");
  EXPECT_NE(r.out.find("--format TEXT:{json,text,ndjson}=json"), std::string::npos) << r.out;
}

TEST_F(Cli, AMistypedCommandOrOptionIsNamedWithTheNearestSpelling) {
  Outcome r = run("tody");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("'tody' is not a command of 'msfit'. Did you mean 'today'?"),
            std::string::npos)
      << r.err;
  // The typo is reported, not the required option it was meant to be.
  r = run("checkin --fatige 4");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("'--fatige' is not an option of 'msfit checkin'. Did you mean "
                       "'--fatigue'?"),
            std::string::npos)
      << r.err;
  r = run("log sett --exercise x");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("Did you mean 'set'?"), std::string::npos) << r.err;
  r = run("log");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("needs a command: set, item, cardio"), std::string::npos) << r.err;
  // A negative number is a value, not an option.
  const std::string db = init_db("typo.db");
  r = run(db + "measure add --id t25fw --value -3");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--value: must be"), std::string::npos) << r.err;
}

TEST_F(Cli, AMistypedDatabaseOrAccountIsRefusedAndNothingIsCreated) {
  const fs::path file = dir_ / "real.db";
  const std::string db = init_db("real.db");
  Outcome r = run("--db '" + (dir_ / "rael.db").string() + "' today");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--db: there is no database at"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "rael.db"));
  r = run(db + "--account mee log set --exercise leg_press_machine --reps 8 --kg 20");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--account: there is no account 'mee'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("(it has 'me')"), std::string::npos) << r.err;
  r = run(db + "--account mee today");
  EXPECT_EQ(r.exit_code, 2);  // Still not created.
  // init creates the folder it needs and says what it made.
  r = run("--db '" + (dir_ / "new/sub/x.db").string() + "' init");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Created the database"), std::string::npos) << r.out;
  r = run("--db '" + (dir_ / "new/sub/x.db").string() + "' init");
  EXPECT_EQ(r.out.find("Created the database"), std::string::npos) << r.out;
}

TEST_F(Cli, LogsBySetNumberAndNameAndSuggestsExercises) {
  const std::string db = init_db("sets.db");
  Outcome r = run(db + "log set --exercise leg_press --reps 10 --kg 20 --date 2026-01-05");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("did you mean 'leg_press_machine'"), std::string::npos) << r.err;
  // The name the plan shows, in any language and case, is accepted.
  r = run(db + "log set --exercise 'leg press machine' --reps 10 --kg 20 --date 2026-01-05");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("leg_press_machine set 1 on 2026-01-05"), std::string::npos) << r.out;
  r = run(db + "log set --exercise 'Benpress i maskin' --reps 9 --kg 20 --date 2026-01-05");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("set 2"), std::string::npos) << r.out;  // The next set, not set 1 again.
  r = run(db + "export");
  EXPECT_NE(r.out.find("set,2026-01-05,leg_press_machine,2,9,20"), std::string::npos) << r.out;
}

TEST_F(Cli, TheExampleHasASessionTodayWhateverTheDay) {
  const std::string db = "--db '" + (dir_ / "ex.db").string() + "' ";
  Outcome r = run(db + "init --example '" + example() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run(db + "today --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["status"], "train") << r.out;
  r = run(db + "checkin --fatigue 6 --hot");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Fatigue 6 of 10"), std::string::npos) << r.out;
}

TEST_F(Cli, TodayHoldsTrainingAfterRedFlagsAndSeatsABadDay) {
  const std::string db = init_db("safety.db");
  ASSERT_EQ(run(db + "profile set '" + past_example() + "'").exit_code, 0);
  ASSERT_EQ(run(db + "plan").exit_code, 0);
  // Heat-related worsening on a Monday: rest or a seated session, no standing work.
  Outcome r = run(db + "checkin --fatigue 3 --symptom heat_worsening --date 2026-01-05");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("rest, or a short seated session"), std::string::npos) << r.out;
  r = run(db + "today --date 2026-01-05 --format json");
  const json seated = json::parse(r.out);
  for (const auto& item : seated["items"]) {
    EXPECT_EQ(item["planned"]["position"], "seated") << item.dump();
  }
  // Chest pain: stopped that day and after, until a medical clearance.
  r = run(db + "checkin --fatigue 2 --symptom chest_pain --date 2026-01-07");
  EXPECT_NE(r.out.find("STOP"), std::string::npos) << r.out;
  r = run(db + "today --date 2026-01-09");
  EXPECT_NE(r.out.find("STOP"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("msfit clear --medical"), std::string::npos) << r.out;
  r = run(db + "clear --relapse --date 2026-01-08");
  EXPECT_EQ(r.exit_code, 2);  // Nothing of that kind to clear.
  r = run(db + "clear --medical --date 2026-01-08");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run(db + "today --date 2026-01-09");
  EXPECT_NE(r.out.find("training as planned"), std::string::npos) << r.out;
  // Sudden new weakness: urgent help, then the relapse pause until resume.
  r = run(db + "checkin --fatigue 2 --symptom new_weakness --date 2026-01-12");
  EXPECT_NE(r.out.find("emergency"), std::string::npos) << r.out;
  r = run(db + "today --date 2026-01-14");
  EXPECT_NE(r.out.find("plan paused"), std::string::npos) << r.out;
  ASSERT_EQ(run(db + "resume --date 2026-01-14").exit_code, 0);
  r = run(db + "today --date 2026-01-16");
  EXPECT_NE(r.out.find("Re-entry"), std::string::npos) << r.out;
  r = run(db + "export");
  EXPECT_NE(r.out.find("clearance,2026-01-08,,,,,,,,,,,,,,,,,,,medical,person"), std::string::npos)
      << r.out;
}

}  // namespace
