// `msfit migrate` (storage::copy_sqlite_to_postgres): a SQLite database with every kind of
// record, written through the Store API, copied into a throwaway PostgreSQL cluster; what the
// PostgreSQL store reads back is what the SQLite store reads, every table is copied with its
// rows, ids go on after the copied ones, a second copy is refused and a copy that PostgreSQL
// changes on the way in is rolled back. And the command itself, through the real binary.

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include "msfit/storage/postgres_store.hpp"
#include "msfit/storage/store.hpp"

#include "pg_cluster.hpp"
#include "temp_dir.hpp"

namespace msfit::storage {
namespace {

namespace fs = std::filesystem;
using core::AccountRole;
using core::Date;

Date day(std::string_view iso) {
  return core::parse_iso_date(iso).value();
}

// --- the cluster, one for the whole binary ------------------------------------------------------

class PgCopy : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (testing::PgCluster::available()) {
      try {
        cluster_ = new testing::PgCluster(testing::PgCluster::Options::no_fsync());
      } catch (const testing::PgError& e) {
        start_error_ = e.what();
      }
    }
  }
  static void TearDownTestSuite() {
    delete cluster_;
    cluster_ = nullptr;
  }

  void SetUp() override {
    MSFIT_SKIP_WITHOUT_POSTGRES();
    ASSERT_NE(cluster_, nullptr) << start_error_;
    ASSERT_FALSE(dir_.path().empty());
  }

  // A new empty database on the cluster, and its URL.
  static std::string new_database() {
    static int next = 0;
    const std::string name = "copy_" + std::to_string(next++);
    cluster_->create_database(name);
    return cluster_->url(name);
  }
  static std::string database_of(const std::string& url) { return url.substr(url.rfind('/') + 1); }
  static std::string psql(const std::string& sql, const std::string& url) {
    return cluster_->psql(sql, database_of(url));
  }

  std::string sqlite_path(const std::string& name = "msfit.db") const {
    return (dir_.path() / name).string();
  }

  static testing::PgCluster* cluster_;
  static std::string start_error_;
  testing::TempDir dir_{"msfit-pg-copy"};
};

testing::PgCluster* PgCopy::cluster_ = nullptr;
std::string PgCopy::start_error_;

// --- a database with something of everything ---------------------------------------------------

struct People {
  AccountId pat = 0;
  AccountId ann = 0;
  AccountId carol = 0;
  AccountId rita = 0;
  std::int64_t study = 0;
};

Logged<core::SetLog> set_log(std::string id, std::string_view date, std::string exercise,
                             int set_number, double kg, std::optional<int> rir = 2,
                             bool completed = true) {
  return {std::move(id),
          core::SetLog{day(date), std::move(exercise), set_number, 10, kg, rir, completed}};
}

Logged<core::CheckIn> check_in(std::string id, std::string_view date, int fatigue,
                               std::vector<core::Symptom> symptoms, bool relapse,
                               std::optional<double> temp) {
  core::CheckIn c;
  c.date = day(date);
  c.fatigue = fatigue;
  c.sleep_quality = fatigue % 2 == 0 ? std::optional<int>(7) : std::nullopt;
  c.feels_hot = temp.has_value() && *temp > 25;
  c.ambient_temp_c = temp;
  c.symptoms = std::move(symptoms);
  c.relapse = relapse;
  return {std::move(id), c};
}

People fill(Store& s) {
  People p;
  p.pat = s.ensure_account("pat").value().id;
  p.ann = s.create_account("ann", AccountRole::Person, "$argon2id$ann").value().id;
  p.carol = s.create_account("carol", AccountRole::Clinician, "$argon2id$carol").value().id;
  p.rita = s.create_account("rita", AccountRole::Researcher, "$argon2id$rita").value().id;
  const AccountId gone = s.create_account("gone", AccountRole::Person, "x").value().id;
  EXPECT_TRUE(s.set_language(p.ann, core::Language::Sv));
  EXPECT_TRUE(s.create_auth_session(p.pat, "token-hash", "2099-01-01T00:00:00Z"));
  EXPECT_TRUE(s.create_invite(p.ann, "unused-invite", "2099-01-01T00:00:00Z"));

  // A profile and a plan from it.
  const ProfileVersion v1 =
      s.save_profile(p.pat, R"({"age": 41, "name": "Pat \"P\" O'Neil"})").value();
  EXPECT_TRUE(s.save_profile(p.pat, R"({"age": 42})"));
  EXPECT_TRUE(s.save_profile(p.ann, "{}"));
  NewPlan plan;
  plan.profile_id = v1.id;
  plan.engine_version = "1.2.3";
  plan.start_date = day("2026-03-02");
  plan.weeks = 12;
  plan.body = R"({"weeks": [1, 2, 3], "note": "tab\there, newline\nthere, backslash \\ ok"})";
  plan.sessions = {{day("2026-03-02"), 1, "strength", 45},
                   {day("2026-03-04"), 1, "aerobic", 30},
                   {day("2026-03-06"), 1, "balance", 20}};
  EXPECT_TRUE(s.save_plan(p.pat, plan));

  // The training log: sets over some weeks, reals that need all their digits.
  std::vector<Logged<core::SetLog>> sets;
  for (int i = 0; i < 60; ++i) {
    const std::string date = fmt::format("2026-03-{:02}", 1 + i % 28);
    sets.push_back(set_log(fmt::format("s{}", i), date, i % 3 == 0 ? "squat" : "row", 1 + i % 4,
                           20.0 + i * 0.1 + 1e-9 * i,
                           i % 5 == 0 ? std::nullopt : std::optional(i % 4), i % 7 != 0));
  }
  sets.push_back(set_log("odd-load", "2026-03-03", "bench", 1, 42.123456789012345));
  EXPECT_TRUE(s.log_sets(p.pat, sets));
  EXPECT_TRUE(s.log_sets(p.ann, std::vector{set_log("s1", "2026-03-02", "squat", 1, 0.1 + 0.2)}));
  EXPECT_EQ(s.delete_set(p.pat, "s5").value(), WriteResult::Stored);
  core::SetLog corrected = s.logged_set(p.pat, "s6").value();
  corrected.reps = 8;
  corrected.load_kg = 33.3;
  EXPECT_TRUE(s.correct_set(p.pat, "s6", corrected));

  EXPECT_TRUE(s.log_cardio(p.pat, {"c1", {day("2026-03-03"), "bike", 20, 120, 80, 5}}));
  EXPECT_TRUE(s.log_cardio(p.pat, {"c2", {day("2026-03-05"), "walk", 35, {}, {}, {}}}));
  EXPECT_TRUE(s.log_check_in(p.pat, check_in("k1", "2026-03-02", 4, {}, false, 21.5)));
  EXPECT_TRUE(s.log_check_in(
      p.pat, check_in("k2", "2026-03-08", 3,
                      {core::Symptom::HeatWorsening, core::Symptom::Fainting}, false, 31.7)));
  EXPECT_TRUE(s.log_check_in(p.pat, check_in("k3", "2026-03-09", 7, {}, true, std::nullopt)));
  EXPECT_TRUE(s.add_note(p.pat, {"n1", {day("2026-03-02"), "känns bra → 😀, 'quoted' \"too\""}}));
  EXPECT_TRUE(s.add_note(p.pat, {"n2", {day("2026-03-04"), "a\tb\nc\\d\\N e"}}));
  EXPECT_TRUE(s.record_clearance(
      p.pat, {"r1", {day("2026-03-10"), core::ClearanceKind::Relapse, core::Role::Clinician, {}}}));
  EXPECT_TRUE(s.log_items(
      p.pat, std::vector<Logged<core::ItemLog>>{
                 {"i1", {day("2026-03-02"), "tandem_stance", true, core::ItemRating::Easy}},
                 {"i2", {day("2026-03-02"), "calf_stretch", false, {}}}}));
  EXPECT_TRUE(s.add_measure(
      p.pat,
      {"m1", {day("2026-03-02"), "t25fw", std::nullopt, {6.4, 6.0}, 6.2, core::Role::Person}}));
  EXPECT_TRUE(s.add_measure(
      p.pat,
      {"m2", {day("2026-03-03"), "nhpt", core::Side::Left, {22.5}, 22.5, core::Role::Clinician}}));
  EXPECT_TRUE(s.save_swap(p.pat, {"squat", "leg_press", day("2026-03-01"), std::nullopt}));
  // Cognitive training: timed and untimed blocks, two of one task on one day, and ratings.
  for (int i = 0; i < 12; ++i) {
    core::cognitive::Record b;
    b.date = day(fmt::format("2026-03-{:02}", 2 + i / 6));
    b.task = static_cast<core::CognitiveTask>(i % 5);
    b.untimed = b.task == core::CognitiveTask::Story;
    b.minutes = 5 + i;
    b.start_level = 1 + i % 4;
    b.end_level = b.start_level + i % 3;
    b.highest_level = b.end_level + i % 2;
    b.answers = 20 + i;
    b.right = 15 + i % 5;
    b.reversals = i % 6;
    b.median_right_ms = b.untimed ? std::nullopt : std::optional(700 + 37 * i);
    EXPECT_TRUE(s.add_cognitive_block(i % 4 == 3 ? p.ann : p.pat, {fmt::format("cb{}", i), b}));
  }
  EXPECT_TRUE(s.add_cognitive_rating(p.pat, {"cr1", {day("2026-03-02"), 3}}));
  EXPECT_TRUE(s.add_cognitive_rating(p.pat, {"cr2", {day("2026-03-04"), 10}}));
  EXPECT_TRUE(s.add_cognitive_rating(p.ann, {"cr1", {day("2026-03-03"), 0}}));
  EXPECT_TRUE(s.save_swap(p.pat, {"squat", "box_squat", day("2026-03-04"), day("2026-03-04")}));

  // Sharing, a study and the audit trail.
  EXPECT_TRUE(s.create_invite(p.pat, "code", "2099-01-01T00:00:00Z"));
  EXPECT_TRUE(s.redeem_invite("code", p.carol, "2026-03-02T00:00:00Z"));
  Adjustment a;
  a.by = p.carol;
  a.by_name = "carol";
  a.by_role = "clinician";
  a.kind = "swap";
  a.summary = "squat replaced by leg press";
  a.client_id = "adj-1";
  EXPECT_TRUE(s.add_adjustment(p.pat, a));
  a.client_id.clear();
  a.kind = "days";
  EXPECT_TRUE(s.add_adjustment(p.pat, a));
  p.study = s.create_study(p.rita, "Balance", "join-hash").value().id;
  EXPECT_TRUE(s.join_study("join-hash", p.pat, "P-001", day("2026-03-02")));
  EXPECT_TRUE(s.join_study("join-hash", p.ann, "P-002", day("2026-03-03")));
  AuditEntry e;
  e.actor = p.carol;
  e.actor_name = "carol";
  e.actor_role = "clinician";
  e.subject = p.pat;
  e.resource = "GET /api/v1/people/{id}/history";
  EXPECT_TRUE(s.audit(e));
  e.action = AuditAction::Change;
  e.resource = "PATCH /api/v1/sets/{client_id}";
  e.detail = "set s6: reps 10 \u2192 8";
  std::vector<AuditEntry> batch(3, e);
  batch[1].subject = std::nullopt;
  batch[2].actor = gone;
  batch[2].actor_name = "gone";
  EXPECT_TRUE(s.audit_all(batch));
  // An account deleted after it acted: its entries keep its name, without an id.
  EXPECT_TRUE(s.delete_account(gone));
  return p;
}

// --- what a store reads back, as text to compare ------------------------------------------------

// The value of a Result that must have one, as a value of its own: a range-for over
// `r().value()` would iterate a destroyed temporary.
template <typename T>
T all(Result<T> r) {
  EXPECT_TRUE(r) << r.error().message;
  return r ? std::move(*r) : T{};
}

std::string opt(const std::optional<int>& v) {
  return v ? std::to_string(*v) : "-";
}
std::string opt(const std::optional<double>& v) {
  return v ? fmt::format("{:.17g}", *v) : "-";
}

std::string render(const core::History& h) {
  std::ostringstream out;
  for (std::size_t i = 0; i < h.sets.size(); ++i) {
    const auto& x = h.sets[i];
    out << "set " << (i < h.set_client_ids.size() ? h.set_client_ids[i] : "?") << ' '
        << core::format_iso_date(x.date) << ' ' << x.exercise << ' ' << x.set_number << ' '
        << x.reps << ' ' << fmt::format("{:.17g}", x.load_kg) << ' ' << opt(x.rir) << ' '
        << x.completed << '\n';
  }
  for (const auto& x : h.cardio) {
    out << "cardio " << core::format_iso_date(x.date) << ' ' << x.exercise << ' ' << x.minutes
        << ' ' << opt(x.mean_hr) << ' ' << opt(x.watts) << ' ' << opt(x.rpe) << '\n';
  }
  for (const auto& x : h.check_ins) {
    out << "checkin " << core::format_iso_date(x.date) << ' ' << x.fatigue << ' '
        << opt(x.sleep_quality) << ' ' << x.feels_hot << ' ' << opt(x.ambient_temp_c) << ' '
        << x.relapse << ' ' << x.recorded_at;
    for (const auto sym : x.symptoms) {
      out << ' ' << core::to_string(sym);
    }
    out << '\n';
  }
  for (const auto& x : h.notes) {
    out << "note " << core::format_iso_date(x.date) << ' ' << x.body << '\n';
  }
  for (const auto& x : h.items) {
    out << "item " << core::format_iso_date(x.date) << ' ' << x.exercise << ' ' << x.completed
        << ' ' << (x.rating ? core::to_string(*x.rating) : "-") << '\n';
  }
  for (const auto& x : h.clearances) {
    out << "clearance " << core::format_iso_date(x.date) << ' ' << core::to_string(x.kind) << ' '
        << core::to_string(x.by) << ' ' << x.recorded_at << '\n';
  }
  return out.str();
}

std::string render(const core::Account& a) {
  return fmt::format("{} {} {} {}", a.id, a.name, core::to_string(a.role),
                     a.language ? core::to_string(*a.language) : "-");
}

// Everything the Store API shows of the database, for the people of `p`.
std::string everything(Store& s, const People& p) {
  std::ostringstream out;
  for (const auto& a : all(s.list_accounts())) {
    out << "account " << render(a) << " hash " << s.credentials(a.name).value().password_hash
        << '\n';
  }
  out << "session " << render(s.auth_session("token-hash", "2026-03-01T00:00:00Z").value()) << '\n';
  for (const AccountId who : {p.pat, p.ann, p.carol, p.rita}) {
    out << "== " << who << '\n';
    out << render(s.history(who, day("2026-01-01"), day("2026-12-31")).value());
    if (const auto profile = s.latest_profile(who).value()) {
      out << "profile " << profile->id << ' ' << profile->version << ' ' << profile->body << ' '
          << profile->created_at << '\n';
    }
    if (const auto plan = s.latest_plan(who).value()) {
      out << "plan " << plan->id << ' ' << plan->profile_id << ' ' << plan->profile_version << ' '
          << plan->engine_version << ' ' << core::format_iso_date(plan->start_date) << ' '
          << plan->weeks << ' ' << plan->body << ' ' << plan->created_at << '\n';
    }
    for (const auto& m : all(s.measures(who, "", day("2026-01-01"), day("2026-12-31")))) {
      out << "measure " << core::format_iso_date(m.date) << ' ' << m.measure << ' '
          << (m.side ? core::to_string(*m.side) : "-") << ' ' << fmt::format("{:.17g}", m.value)
          << ' ' << core::to_string(m.entered_by);
      for (const double t : m.trials) {
        out << ' ' << fmt::format("{:.17g}", t);
      }
      out << '\n';
    }
    for (const auto& [id, b] : all(s.cognitive_blocks(who, day("2026-01-01"), day("2026-12-31")))) {
      out << "cognitive " << id << ' ' << core::format_iso_date(b.date) << ' '
          << core::to_string(b.task) << ' ' << b.untimed << ' ' << b.minutes << ' ' << b.start_level
          << ' ' << b.end_level << ' ' << b.highest_level << ' ' << b.answers << ' ' << b.right
          << ' ' << b.reversals << ' ' << opt(b.median_right_ms) << '\n';
    }
    for (const auto& b : all(s.last_cognitive_blocks(who))) {
      out << "last cognitive " << core::to_string(b.task) << ' ' << core::format_iso_date(b.date)
          << ' ' << b.end_level << '\n';
    }
    for (const auto& r : all(s.cognitive_ratings(who, day("2026-01-01"), day("2026-12-31")))) {
      out << "cognitive rating " << core::format_iso_date(r.date) << ' ' << r.rating << '\n';
    }
    const auto state = s.training_state(who, day("2026-03-04")).value();
    for (const auto& w : state.swaps) {
      out << "swap " << w.exercise << ' ' << w.replacement << ' ' << core::format_iso_date(w.since)
          << ' ' << (w.until ? core::format_iso_date(*w.until) : "-") << '\n';
    }
    for (const auto& c : state.flagged) {
      out << "flagged " << core::format_iso_date(c.date) << '\n';
    }
    for (const auto& l : all(s.care_links(who))) {
      out << "link " << render(l.person) << " / " << render(l.clinician) << ' ' << l.granted_at
          << '\n';
    }
    for (const auto& a : all(s.adjustments(who))) {
      out << "adjustment " << a.id << ' ' << (a.by ? std::to_string(*a.by) : "-") << ' '
          << a.by_name << ' ' << a.by_role << ' ' << a.kind << ' ' << a.summary << ' '
          << a.created_at << ' ' << a.client_id << '\n';
    }
    for (const auto& study : all(s.studies_of(who))) {
      out << "study " << study.id << ' ' << study.title << ' ' << study.members << ' '
          << study.created_at << '\n';
    }
    for (const auto& [study, member] : all(s.memberships(who))) {
      out << "member " << study.id << ' ' << member.pseudonym << ' '
          << core::format_iso_date(member.joined_on) << '\n';
    }
  }
  for (const auto& m : all(s.study_members(p.study))) {
    out << "study member " << m.person << ' ' << m.pseudonym << '\n';
  }
  for (const auto& e : all(s.audit_log(std::nullopt, 1000))) {
    out << "audit " << e.id << ' ' << e.at << ' ' << (e.actor ? std::to_string(*e.actor) : "-")
        << ' ' << e.actor_name << ' ' << e.actor_role << ' '
        << (e.subject ? std::to_string(*e.subject) : "-") << ' ' << static_cast<int>(e.action)
        << ' ' << e.resource << ' ' << e.detail << '\n';
  }
  return out.str();
}

// --- the SQLite file, read directly ------------------------------------------------------------

struct SqliteFile {
  explicit SqliteFile(const std::string& path) {
    EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  }
  ~SqliteFile() { sqlite3_close(db); }
  SqliteFile(const SqliteFile&) = delete;
  SqliteFile& operator=(const SqliteFile&) = delete;

  std::vector<std::string> column(const std::string& sql) const {
    std::vector<std::string> out;
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sql;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      const auto* text = sqlite3_column_text(stmt, 0);
      out.emplace_back(text == nullptr ? "" : reinterpret_cast<const char*>(text));
    }
    sqlite3_finalize(stmt);
    return out;
  }

  sqlite3* db = nullptr;
};

std::set<std::string> lines(const std::string& text) {
  std::set<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) {
      out.insert(line);
    }
  }
  return out;
}

// --- the copy -----------------------------------------------------------------------------------

TEST_F(PgCopy, CopiesEveryTableAndThePostgresStoreReadsBackTheSame) {
  const std::string path = sqlite_path();
  People p;
  std::string before;
  {
    auto sqlite = open_sqlite_store(path).value();
    p = fill(*sqlite);
    before = everything(*sqlite, p);
  }
  const std::string url = new_database();
  const auto copied = copy_sqlite_to_postgres(path, url);
  ASSERT_TRUE(copied) << copied.error().message;

  // Every table of the SQLite file, accounts first and each after the tables it references,
  // with its rows; and every table of PostgreSQL but its schema version.
  const SqliteFile file(path);
  const auto sqlite_tables = file.column(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
  std::set<std::string> names;
  std::map<std::string, std::size_t> position;
  for (const TableCopy& t : *copied) {
    position[t.table] = names.size();
    EXPECT_TRUE(names.insert(t.table).second) << t.table << " copied twice";
    EXPECT_EQ(t.checksum.size(), 64U) << t.table;
    EXPECT_EQ(t.checksum.find_first_not_of("0123456789abcdef"), std::string::npos) << t.checksum;
    EXPECT_EQ(std::to_string(t.rows), file.column("SELECT COUNT(*) FROM " + t.table).at(0))
        << t.table;
    EXPECT_EQ(std::to_string(t.rows), psql("SELECT COUNT(*) FROM " + t.table, url)) << t.table;
  }
  EXPECT_EQ(names, std::set<std::string>(sqlite_tables.begin(), sqlite_tables.end()));
  auto pg_tables = lines(psql("SELECT tablename FROM pg_tables WHERE schemaname = 'public'", url));
  EXPECT_EQ(pg_tables.erase("msfit_schema"), 1U);
  EXPECT_EQ(names, pg_tables);
  ASSERT_FALSE(copied->empty());
  EXPECT_EQ(copied->front().table, "accounts");
  for (const TableCopy& t : *copied) {
    for (const std::string& parent :
         file.column("SELECT \"table\" FROM pragma_foreign_key_list('" + t.table + "')")) {
      EXPECT_LT(position.at(parent), position.at(t.table)) << t.table << " before " << parent;
    }
  }
  // Something in each table the Store API wrote to.
  for (const char* table : {"accounts",
                            "profiles",
                            "plans",
                            "plan_bodies",
                            "planned_sessions",
                            "performed_sessions",
                            "strength_sets",
                            "aerobic_bouts",
                            "checkins",
                            "notes",
                            "plan_events",
                            "exercise_swaps",
                            "measures",
                            "auth_sessions",
                            "invites",
                            "care_links",
                            "studies",
                            "study_members",
                            "plan_adjustments",
                            "audit_log",
                            "item_logs",
                            "deleted_sets",
                            "cognitive_blocks",
                            "cognitive_ratings"}) {
    const auto it = std::find_if(copied->begin(), copied->end(),
                                 [&](const TableCopy& t) { return t.table == table; });
    ASSERT_NE(it, copied->end()) << table;
    EXPECT_GT(it->rows, 0) << table;
  }

  // The PostgreSQL store reads what the SQLite store read: ids, times, reals to the last digit.
  auto pg = open_postgres_store(url).value();
  EXPECT_EQ(everything(*pg, p), before);
  for (const char* seen : {"account ",
                           "session ",
                           "set s6 ",
                           "cardio ",
                           "checkin ",
                           "fainting",
                           "note ",
                           "item ",
                           "clearance ",
                           "profile ",
                           "plan ",
                           "measure ",
                           "swap ",
                           "link ",
                           "adjustment ",
                           "study ",
                           "member ",
                           "audit ",
                           "42.12345678901234",
                           "cognitive cb0 ",
                           "cognitive cb3 ",
                           "last cognitive story ",
                           "cognitive rating "}) {
    EXPECT_NE(before.find(seen), std::string::npos) << seen << " in\n" << before;
  }
  EXPECT_NE(before.find("a\tb\nc\\d\\N e"), std::string::npos);
  // The deleted set stays deleted, and its resend is still answered as stored.
  EXPECT_EQ(pg->logged_set(p.pat, "s5").error().code, ErrorCode::NotFound);
  EXPECT_EQ(pg->delete_set(p.pat, "s5").value(), WriteResult::AlreadyStored);
  EXPECT_EQ(pg->log_sets(p.pat, std::vector{set_log("s5", "2026-03-06", "squat", 1, 20)}).value(),
            WriteResult::AlreadyStored);
  EXPECT_EQ(pg->logged_set(p.pat, "s6").value().load_kg, 33.3);
}

TEST_F(PgCopy, NewRowsOnPostgresGetFreshIdsAfterTheCopy) {
  const std::string path = sqlite_path();
  People p;
  {
    auto sqlite = open_sqlite_store(path).value();
    p = fill(*sqlite);
  }
  const std::string url = new_database();
  ASSERT_TRUE(copy_sqlite_to_postgres(path, url));

  auto pg = open_postgres_store(url).value();
  AccountId highest = 0;
  for (const auto& a : all(pg->list_accounts())) {
    highest = std::max(highest, a.id);
  }
  const Account made = pg->create_account("newcomer", AccountRole::Person, "h").value();
  EXPECT_GT(made.id, highest);
  EXPECT_EQ(pg->account_by_id(p.pat).value().name, "pat");

  // Every table with an id goes on after its copied rows.
  const ProfileVersion profile = pg->save_profile(made.id, "{}").value();
  EXPECT_GT(profile.id,
            std::stoll(psql(
                "SELECT MAX(id) FROM profiles WHERE id <> " + std::to_string(profile.id), url)));
  ASSERT_TRUE(pg->log_sets(made.id, std::vector{set_log("x1", "2026-03-02", "squat", 1, 30)}));
  ASSERT_TRUE(pg->log_check_in(made.id, check_in("k1", "2026-03-02", 2, {}, false, 20)));
  ASSERT_TRUE(pg->add_note(made.id, {"n1", {day("2026-03-02"), "new"}}));
  core::cognitive::Record block;
  block.date = day("2026-03-02");
  ASSERT_TRUE(pg->add_cognitive_block(made.id, {"cb0", block}));
  ASSERT_TRUE(pg->add_cognitive_rating(made.id, {"cr1", {day("2026-03-02"), 2}}));
  AuditEntry e;
  e.actor = made.id;
  e.actor_name = "newcomer";
  e.actor_role = "person";
  e.subject = made.id;
  e.resource = "GET /api/v1/today";
  ASSERT_TRUE(pg->audit(e));
  EXPECT_EQ(pg->audit_log(std::nullopt, 1).value().at(0).actor_name, "newcomer");
  const Study study = pg->create_study(p.rita, "Walking", "join-2").value();
  EXPECT_GT(study.id, p.study);
  const History h = pg->history(made.id, day("2026-03-01"), day("2026-03-31")).value();
  EXPECT_EQ(h.sets.size(), 1U);
  EXPECT_EQ(h.notes.size(), 1U);
  // And the ids are unique: no new row took a copied one's.
  for (const char* table :
       {"accounts", "profiles", "strength_sets", "checkins", "notes", "audit_log", "studies",
        "performed_sessions", "cognitive_blocks", "cognitive_ratings"}) {
    EXPECT_EQ(psql(fmt::format("SELECT COUNT(*) = COUNT(DISTINCT id) FROM {}", table), url), "t")
        << table;
  }
}

TEST_F(PgCopy, ASecondCopyIntoTheSameDatabaseIsRefused) {
  const std::string path = sqlite_path();
  {
    auto sqlite = open_sqlite_store(path).value();
    fill(*sqlite);
  }
  const std::string url = new_database();
  ASSERT_TRUE(copy_sqlite_to_postgres(path, url));
  const std::string counts = psql("SELECT COUNT(*) FROM accounts", url);

  const auto again = copy_sqlite_to_postgres(path, url);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::Conflict);
  EXPECT_EQ(again.error().field, "--to");
  EXPECT_NE(again.error().message.find("already holds accounts"), std::string::npos)
      << again.error().message;
  EXPECT_EQ(psql("SELECT COUNT(*) FROM accounts", url), counts);
}

TEST_F(PgCopy, AnEmptyDatabaseCopiesToEmptyTablesAndAMissingFileIsRefused) {
  const std::string url = new_database();
  const std::string missing = sqlite_path("nothing-here.db");
  const auto refused = copy_sqlite_to_postgres(missing, url);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::InvalidInput);
  EXPECT_EQ(refused.error().field, "--db");
  EXPECT_FALSE(fs::exists(missing));  // Not created.

  const std::string path = sqlite_path();
  ASSERT_TRUE(open_sqlite_store(path));
  const auto copied = copy_sqlite_to_postgres(path, url);
  ASSERT_TRUE(copied) << copied.error().message;
  EXPECT_FALSE(copied->empty());
  for (const TableCopy& t : *copied) {
    EXPECT_EQ(t.rows, 0) << t.table;
    // SHA-256 of nothing.
    EXPECT_EQ(t.checksum, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }
  // Empty, so a copy of a database with accounts may follow.
  {
    auto sqlite = open_sqlite_store(path).value();
    fill(*sqlite);
  }
  EXPECT_TRUE(copy_sqlite_to_postgres(path, url));
}

TEST_F(PgCopy, ACopyThatPostgresChangesOnTheWayInIsRolledBack) {
  const std::string path = sqlite_path();
  {
    auto sqlite = open_sqlite_store(path).value();
    fill(*sqlite);
  }
  const std::string url = new_database();
  ASSERT_TRUE(open_postgres_store(url));  // The schema, so that a trigger can go on a table.

  // A value changed: a note's text gets a character more.
  psql(
      "CREATE FUNCTION tamper() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
      "NEW.body := NEW.body || '!'; RETURN NEW; END $$; "
      "CREATE TRIGGER tamper BEFORE INSERT ON notes FOR EACH ROW EXECUTE FUNCTION tamper()",
      url);
  auto copied = copy_sqlite_to_postgres(path, url);
  ASSERT_FALSE(copied);
  EXPECT_EQ(copied.error().code, ErrorCode::StorageFailure);
  EXPECT_NE(copied.error().message.find("notes"), std::string::npos) << copied.error().message;
  EXPECT_EQ(psql("SELECT COUNT(*) FROM accounts", url), "0");
  EXPECT_EQ(psql("SELECT COUNT(*) FROM strength_sets", url), "0");

  // A row dropped: the counts differ.
  psql(
      "DROP TRIGGER tamper ON notes; "
      "CREATE FUNCTION drop_one() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
      "IF NEW.client_id = 'c2' THEN RETURN NULL; END IF; RETURN NEW; END $$; "
      "CREATE TRIGGER drop_one BEFORE INSERT ON aerobic_bouts FOR EACH ROW "
      "EXECUTE FUNCTION drop_one()",
      url);
  copied = copy_sqlite_to_postgres(path, url);
  ASSERT_FALSE(copied);
  EXPECT_EQ(copied.error().code, ErrorCode::StorageFailure);
  EXPECT_NE(copied.error().message.find("aerobic_bouts"), std::string::npos)
      << copied.error().message;
  EXPECT_NE(copied.error().message.find("rows"), std::string::npos) << copied.error().message;
  EXPECT_EQ(psql("SELECT COUNT(*) FROM accounts", url), "0");

  // A real rounded on the way in: the checksum compares reals to the last digit.
  psql(
      "DROP TRIGGER drop_one ON aerobic_bouts; "
      "CREATE FUNCTION round_load() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
      "NEW.load_kg := round(NEW.load_kg::numeric, 6)::double precision; RETURN NEW; END $$; "
      "CREATE TRIGGER round_load BEFORE INSERT ON strength_sets FOR EACH ROW "
      "EXECUTE FUNCTION round_load()",
      url);
  copied = copy_sqlite_to_postgres(path, url);
  ASSERT_FALSE(copied);
  EXPECT_NE(copied.error().message.find("strength_sets"), std::string::npos)
      << copied.error().message;

  // Untampered, it goes through.
  psql("DROP TRIGGER round_load ON strength_sets", url);
  EXPECT_TRUE(copy_sqlite_to_postgres(path, url));
}

TEST_F(PgCopy, MessagesNeverShowThePassword) {
  const std::string path = sqlite_path();
  {
    auto sqlite = open_sqlite_store(path).value();
    fill(*sqlite);
  }
  // Trust authentication: the password is not checked, but it is in the URL.
  const std::string plain = new_database();
  const std::string url =
      "postgresql://postgres:s3cret-pw@" + cluster_->host_port() + "/" + database_of(plain);
  ASSERT_TRUE(copy_sqlite_to_postgres(path, url));
  const auto again = copy_sqlite_to_postgres(path, url);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().message.find("s3cret-pw"), std::string::npos) << again.error().message;
  EXPECT_NE(again.error().message.find("postgresql://postgres:***@"), std::string::npos)
      << again.error().message;

  // A server that is not there.
  const std::string away = "postgresql://postgres:s3cret-pw@127.0.0.1:1/none";
  const auto unreachable = copy_sqlite_to_postgres(path, away);
  ASSERT_FALSE(unreachable);
  EXPECT_EQ(unreachable.error().message.find("s3cret-pw"), std::string::npos)
      << unreachable.error().message;
}

TEST_F(PgCopy, ALargerLogCopiesInSeconds) {
  const std::string path = sqlite_path();
  AccountId pat = 0;
  {
    auto sqlite = open_sqlite_store(path).value();
    pat = sqlite->ensure_account("pat").value().id;
    std::vector<Logged<core::SetLog>> sets;
    for (int i = 0; i < 20000; ++i) {
      sets.push_back(set_log(fmt::format("s{}", i),
                             core::format_iso_date(day("2020-01-01") + std::chrono::days{i / 8}),
                             i % 2 == 0 ? "squat" : "row", 1 + i % 8, 10 + (i % 400) * 0.25));
      if (sets.size() == 1000) {
        ASSERT_TRUE(sqlite->log_sets(pat, sets));
        sets.clear();
      }
    }
  }
  const std::string url = new_database();
  const auto start = std::chrono::steady_clock::now();
  const auto copied = copy_sqlite_to_postgres(path, url);
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(copied) << copied.error().message;
  const auto sets = std::find_if(copied->begin(), copied->end(),
                                 [](const TableCopy& t) { return t.table == "strength_sets"; });
  ASSERT_NE(sets, copied->end());
  EXPECT_EQ(sets->rows, 20000);
  // Generous for a shared machine; about a second is usual.
  EXPECT_LT(took, std::chrono::seconds(30));
  std::cout << "20000 sets copied and checked in "
            << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms\n";
  auto pg = open_postgres_store(url).value();
  EXPECT_EQ(pg->history(pat, day("2020-01-01"), day("2030-01-01")).value().sets.size(), 20000U);
}

// --- the command --------------------------------------------------------------------------------

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

Outcome run_msfit(const fs::path& dir, const std::string& args) {
  const fs::path out = dir / "stdout";
  const fs::path err = dir / "stderr";
  const std::string cmd = std::string("'") + MSFIT_TEST_BIN + "' " + args + " < /dev/null > '" +
                          out.string() + "' 2> '" + err.string() + "'";
  const int status = std::system(cmd.c_str());
  Outcome r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

TEST_F(PgCopy, TheMigrateCommandCopiesAndSaysSo) {
  const std::string path = sqlite_path("x.db");
  {
    auto sqlite = open_sqlite_store(path).value();
    fill(*sqlite);
  }
  const std::string url = new_database();
  const Outcome ok = run_msfit(dir_.path(), "--db '" + path + "' migrate --to '" + url + "'");
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("accounts "), std::string::npos) << ok.out;
  EXPECT_NE(ok.out.find("strength_sets "), std::string::npos) << ok.out;
  EXPECT_NE(ok.out.find(" rows  sha256 "), std::string::npos) << ok.out;
  EXPECT_NE(ok.out.find("verified"), std::string::npos) << ok.out;
  EXPECT_EQ(psql("SELECT COUNT(*) FROM accounts", url), "4");

  // Again into the same database: refused, naming --to.
  const Outcome again = run_msfit(dir_.path(), "--db '" + path + "' migrate --to '" + url + "'");
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("--to"), std::string::npos) << again.err;
}

TEST_F(PgCopy, TheMigrateCommandRefusesWhatIsNotASqliteFileAndAPostgresUrl) {
  const std::string path = sqlite_path("x.db");
  {
    auto sqlite = open_sqlite_store(path).value();
    fill(*sqlite);
  }
  const std::string url = new_database();

  Outcome r = run_msfit(dir_.path(), "--db '" + path + "' migrate --to notaurl");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--to"), std::string::npos) << r.err;

  r = run_msfit(dir_.path(), "--db '" + path + "' migrate");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--to"), std::string::npos) << r.err;

  r = run_msfit(dir_.path(), "--db '" + url + "' migrate --to '" + url + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--db"), std::string::npos) << r.err;

  const std::string missing = sqlite_path("missing.db");
  r = run_msfit(dir_.path(), "--db '" + missing + "' migrate --to '" + url + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--db"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(missing));

  // A password in --to is not printed.
  const std::string with_password =
      "postgresql://postgres:s3cret-pw@" + cluster_->host_port() + "/" + database_of(url);
  r = run_msfit(dir_.path(), "--db '" + path + "' migrate --to '" + with_password + "'");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find("s3cret-pw"), std::string::npos) << r.out;
  r = run_msfit(dir_.path(), "--db '" + path + "' migrate --to '" + with_password + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.find("s3cret-pw"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace msfit::storage
